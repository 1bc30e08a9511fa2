import type { GradeReport } from "./model";
import { failureText } from "./text";

/**
 * The result object GitHub Classroom's grading reporter reads from a runner step (the workflow
 * base64-encodes it into the step's `result` output). Scores are per test, so partial credit
 * within a chapter survives.
 */
export function classroomJson(report: GradeReport): string {
  const tests = report.chapters.flatMap((c) =>
    c.tests.map((t) => ({
      name: `[${t.id}] ${t.title}`,
      status: t.passed ? "pass" : "fail",
      score: t.points,
      message: t.passed ? "" : failureText(t),
      test_code: `npm run grade -- --chapter ${c.chapter} --only ${t.id}`,
      filename: "",
      line_no: 0,
      execution_time: `${(t.durationMs / 1000).toFixed(2)}s`,
    })),
  );
  const status = !report.ran ? "error" : tests.every((t) => t.status === "pass") ? "pass" : "fail";
  return `${JSON.stringify({ version: 1, status, max_score: report.maxPoints, tests })}\n`;
}
