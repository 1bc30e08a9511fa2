import { CHAPTERS } from "../chapters/registry";
import { chapterScore, gradeCli, SOME_SEEDS, testsOfChapter } from "./grade-cli";
import { FULL_SELFTEST } from "./tier";

describe("the reference solutions", () => {
  // Every seed a learner's grading runs in the full tier; a tenth of them in npm test's.
  const run = gradeCli(["--impl", "solutions"], FULL_SELFTEST ? {} : SOME_SEEDS);

  test("score full marks in every chapter and the grader exits 0", () => {
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    for (const c of CHAPTERS) {
      const { score, max } = chapterScore(run, c.number);
      expect(max).toBeGreaterThanOrEqual(100);
      expect({ chapter: c.number, score }).toEqual({ chapter: c.number, score: max });
    }
    expect(run.results!.tests.filter((t) => t.status !== "passed")).toEqual([]);
    const bonus = run.results!.tests.filter((t) => t.tags.includes("bonus")).reduce((s, t) => s + t.score, 0);
    expect(run.results!.score).toBe(run.results!.tests.reduce((s, t) => s + t.max_score, 0) + bonus);
  });

  test("every chapter's source examples are tagged on a passing test", () => {
    for (const { number: chapter, sources } of CHAPTERS) {
      const passing = testsOfChapter(run, chapter).filter((t) => t.status === "passed");
      for (const s of sources)
        expect({ chapter, source: s, tagged: passing.some((t) => t.tags.includes(`source:${s}`)) }).toEqual({
          chapter,
          source: s,
          tagged: true,
        });
    }
  });

  test("the JUnit report lists every test with no failures", () => {
    expect(run.junit).toMatch(/<testsuites name="raft-workbook" tests="\d+" failures="0"/);
    expect((run.junit!.match(/<testcase /g) ?? []).length).toBe(run.results!.tests.length);
  });
});

describe("the untouched stubs", () => {
  const run = gradeCli([]);

  test("score zero, exit 1, and still write the reports", () => {
    expect(run.exitCode).toBe(1);
    expect(run.results!.score).toBe(0);
    expect(run.results!.tests.length).toBeGreaterThan(0);
    expect(run.junit).toContain("<failure");
  });

  test("every failure names the TODO to fill, and the terminal says which to start with", () => {
    for (const t of run.results!.tests)
      expect(t.output).toMatch(/TODO \d+\.\d+ \(\w+ in exercises\/ch\d-[\w-]+\.ts\) is not written yet/);
    expect(run.stdout).toContain("Next step: fill in TODO 1.1 (propose in exercises/ch1-broadcast.ts).");
  });
});
