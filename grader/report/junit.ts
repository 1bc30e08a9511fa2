import type { GradeReport } from "./model";
import { failureText } from "./text";

function esc(text: string): string {
  // XML 1.0 forbids most control characters even when escaped.
  return (
    text
      // eslint-disable-next-line no-control-regex -- XML 1.0 forbids exactly these characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

/** JUnit XML: one testsuite per chapter, one testcase per graded test. */
export function junitXml(report: GradeReport): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = report.chapters.reduce((n, c) => n + c.tests.length, 0);
  const failures = report.chapters.reduce((n, c) => n + c.tests.filter((t) => !t.passed).length, 0);
  lines.push(
    `<testsuites name="raft-workbook" tests="${total}" failures="${failures}" errors="${report.ran ? 0 : 1}" time="${report.executionSeconds.toFixed(3)}">`,
  );
  if (!report.ran) {
    lines.push(`  <testsuite name="grader" tests="1" failures="0" errors="1">`);
    lines.push(
      `    <testcase classname="grader" name="the grader runs"><error message="${esc(report.problem ?? "")}"/></testcase>`,
    );
    lines.push("  </testsuite>");
  }
  for (const c of report.chapters) {
    const failed = c.tests.filter((t) => !t.passed).length;
    const time = c.tests.reduce((s, t) => s + t.durationMs, 0) / 1000;
    lines.push(
      `  <testsuite name="chapter ${c.chapter}: ${esc(c.title)}" tests="${c.tests.length}" failures="${failed}" time="${time.toFixed(3)}">`,
    );
    for (const t of c.tests) {
      const head = `    <testcase classname="chapter${c.chapter}" name="${esc(`[${t.id}] ${t.title}`)}" time="${(t.durationMs / 1000).toFixed(3)}"`;
      if (t.passed) {
        lines.push(`${head}/>`);
      } else {
        lines.push(`${head}>`);
        lines.push(`      <failure message="${esc(t.message.split("\n")[0])}">${esc(failureText(t))}</failure>`);
        lines.push("    </testcase>");
      }
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
