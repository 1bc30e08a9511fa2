import { classroomJson } from "../report/classroom";
import { gradescopeJson } from "../report/gradescope";
import { junitXml } from "../report/junit";
import type { GradeReport, TestOutcome } from "../report/model";
import { prairielearnJson } from "../report/prairielearn";
import { scorecard } from "../report/text";

const test1: TestOutcome = {
  id: "ch2.base-entry",
  chapter: 2,
  title: "the base entry <matches> & more",
  passed: false,
  points: 0,
  maxPoints: 10,
  bonus: false,
  tags: ["chapter:2", "source:000-base-entry"],
  message: 'F should hold "t1: a b"\n  seed 1\u0007',
  hints: ["gentle hint", "stronger hint"],
  section: "the-base-entry",
  durationMs: 12,
};
const test2: TestOutcome = {
  ...test1,
  id: "ch2.accepts-match",
  title: "accepts",
  passed: true,
  points: 30,
  maxPoints: 30,
  message: "",
};
const report: GradeReport = {
  ran: true,
  impl: "exercises",
  chapters: [
    {
      chapter: 2,
      title: "prevLog checks",
      slug: "prevlog-checks",
      tests: [test1, test2],
      points: 30,
      maxPoints: 40,
      compileErrors: [],
    },
  ],
  points: 30,
  maxPoints: 40,
  executionSeconds: 1.4,
};
const broken: GradeReport = {
  ran: false,
  problem: "the implementation folder nowhere does not exist",
  impl: "nowhere",
  chapters: [],
  points: 0,
  maxPoints: 0,
  executionSeconds: 0,
};

test("Gradescope results.json has the fields Gradescope reads", () => {
  const r = JSON.parse(gradescopeJson(report));
  expect(Object.keys(r).sort()).toEqual(["execution_time", "output", "score", "tests"]);
  expect(r.score).toBe(30);
  expect(r.tests[0]).toEqual({
    name: "Chapter 2 · the base entry <matches> & more",
    number: "ch2.base-entry",
    score: 0,
    max_score: 10,
    status: "failed",
    output: expect.stringContaining("hint: gentle hint"),
    tags: ["chapter:2", "source:000-base-entry"],
    visibility: "visible",
  });
  expect(JSON.parse(gradescopeJson(broken)).output).toMatch(/could not run: the implementation folder nowhere/);
});

test("JUnit XML escapes text and drops characters XML forbids", () => {
  const xml = junitXml(report);
  expect(xml).toContain('tests="2" failures="1"');
  expect(xml).toContain("the base entry &lt;matches&gt; &amp; more");
  expect(xml).not.toContain("\u0007");
  expect(junitXml(broken)).toContain("<error message=");
});

test("PrairieLearn gets a score in [0, 1] and gradable false when nothing ran", () => {
  expect(JSON.parse(prairielearnJson(report))).toMatchObject({ gradable: true, score: 0.75 });
  expect(JSON.parse(prairielearnJson(broken))).toMatchObject({ gradable: false, score: 0 });
});

test("GitHub Classroom's result object has version, status, max_score and per-test scores", () => {
  const r = JSON.parse(classroomJson(report));
  expect(r).toMatchObject({ version: 1, status: "fail", max_score: 40 });
  expect(r.tests.map((t: { status: string; score: number }) => [t.status, t.score])).toEqual([
    ["fail", 0],
    ["pass", 30],
  ]);
  expect(JSON.parse(classroomJson(broken)).status).toBe("error");
});

test("the scorecard shows points per chapter, the first failure with its hint, and the section to read", () => {
  const text = scorecard(report);
  expect(text).toMatch(/Chapter 2 {2}prevLog checks.* 30 \/ 40 {3}1\/2 tests/);
  expect(text).toContain("First failure — chapter 2, ch2.base-entry");
  expect(text).toContain("hint: gentle hint");
  expect(text).toContain("read: chapter 2, section #the-base-entry");
  expect(scorecard(broken)).toContain("The grader could not run");
});

test("the scorecard's bars start in one column, however long a chapter's title", () => {
  const long = { ...report.chapters[0], chapter: 6, title: "A key-value store with leader-confirmed reads" };
  const lines = scorecard({ ...report, chapters: [report.chapters[0], long] }).split("\n");
  const columns = lines.filter((l) => /^ {2}Chapter \d/.test(l)).map((l) => l.search(/[█░]/));
  expect(columns).toHaveLength(2);
  expect(columns[0]).toBe(columns[1]);
});
