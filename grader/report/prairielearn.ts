import type { GradeReport } from "./model";
import { failureText } from "./text";

/**
 * PrairieLearn's external-grader results.json: a score in [0, 1], and `gradable: false` when
 * nothing could be built or run (PrairieLearn then does not count the submission).
 */
export function prairielearnJson(report: GradeReport): string {
  const nothingBuilt =
    !report.ran ||
    report.chapters.every(
      (c) => c.compileErrors.length > 0 || c.tests.every((t) => /could not be loaded|did not run/.test(t.message)),
    );
  const tests = report.chapters.flatMap((c) =>
    c.tests.map((t) => ({
      name: `[${t.id}] ${t.title}`,
      points: t.points,
      max_points: t.bonus ? 0 : t.maxPoints,
      message: t.passed ? "" : t.message.split("\n")[0],
      output: t.passed ? "" : failureText(t),
    })),
  );
  const result = {
    gradable: !nothingBuilt,
    score: report.maxPoints > 0 ? Math.min(1, report.points / report.maxPoints) : 0,
    message: report.ran
      ? `${report.points} / ${report.maxPoints} points`
      : `The grader could not run: ${report.problem}`,
    tests,
  };
  return `${JSON.stringify(result, null, 2)}\n`;
}
