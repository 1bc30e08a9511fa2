import * as fs from "node:fs";
import * as path from "node:path";
import { materialize } from "../zoo/apply";
import { HOSTILE } from "../zoo/hostile";
import { chapterScore, gradeCliAsync, ROOT, SOME_SEEDS, testsOfChapter } from "./grade-cli";
import { tiered } from "./tier";

/** Short, so that each hang costs seconds here; grading's own budget is longer. */
const BUDGET = { RAFT_RUN_BUDGET_MS: "2500", ...SOME_SEEDS };

describe("hostile submissions earn only what their nodes' behaviour earns", () => {
  // npm test: every sixth case, one of each kind of attack (at a file's top, at chapter 4's top, in a handler).
  const cases = tiered(HOSTILE, (_, i) => i % 6 === 0);
  test.concurrent.each(cases.map((h) => [h.id, h] as const))("%s", async (_id, h) => {
    const impl = materialize(path.join(ROOT, h.base), h);
    const chapters = Object.keys(h.scores).map(Number);
    const only = h.only ? ["--only", h.only] : [];
    const run = await gradeCliAsync(
      ["--impl", impl, ...only, ...chapters.flatMap((n) => ["--chapter", String(n)])],
      BUDGET,
    );
    fs.rmSync(impl, { recursive: true, force: true });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(1);
    expect(run.results).not.toBeNull();
    expect(run.junit).not.toBeNull();
    // Nothing the submission said can stand on a line of its own in the report.
    expect(run.stdout).not.toMatch(/^\s*(Every selected test passed|Total 400 \/ 400 points)/m);
    for (const [n, want] of Object.entries(h.scores)) {
      const { score, max } = chapterScore(run, Number(n));
      const got = score === 0 ? "zero" : score >= max ? "full" : "less";
      expect({
        chapter: Number(n),
        score: want === "zero" || want === "full" ? got : score < max ? "less" : got,
      }).toEqual({
        chapter: Number(n),
        score: want,
      });
    }
    const messages = testsOfChapter(run, h.chapter)
      .filter((t) => t.status === "failed")
      .map((t) => t.output);
    expect(messages.some((m) => h.expect.test(m)) ? h.expect : messages.slice(0, 3)).toEqual(h.expect);
  });
});
