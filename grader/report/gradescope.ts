import type { GradeReport } from "./model";
import { failureText } from "./text";

/** Gradescope's autograder results.json (score, execution_time, output, tests[]). */
export function gradescopeJson(report: GradeReport): string {
  const tests = report.chapters.flatMap((c) =>
    c.tests.map((t) => ({
      name: `Chapter ${c.chapter} · ${t.title}`,
      number: t.id,
      score: t.points,
      max_score: t.bonus ? 0 : t.maxPoints,
      status: t.passed ? "passed" : "failed",
      output: t.passed ? "" : failureText(t),
      tags: t.tags,
      visibility: "visible",
    })),
  );
  const output = report.ran
    ? `Graded ${report.impl}${report.isolated ? " (isolated: each chapter on top of the reference's earlier chapters)" : ""}: ${report.points} / ${report.maxPoints} points.`
    : `The grader could not run: ${report.problem}`;
  return `${JSON.stringify({ score: report.points, execution_time: Math.round(report.executionSeconds), output, tests }, null, 2)}\n`;
}
