import type { ChapterOutcome, GradeReport, TestOutcome } from "./model";

/**
 * A failed test's message with its gentlest hint and where to read more. A failure that stopped
 * at an unwritten TODO gets no hint: the test's hints are about the code that TODO leads to,
 * and the message already says what to write.
 */
export function failureText(t: TestOutcome): string {
  const lines = [t.message];
  if (t.hints.length > 0 && !t.todo) lines.push(`hint: ${t.hints[0]}`);
  lines.push(`read: chapter ${t.chapter}, section #${t.section}`);
  return lines.join("\n");
}

function bar(points: number, max: number, width = 20): string {
  const filled = max === 0 ? 0 : Math.min(width, Math.round((points / max) * width));
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

const chapterName = (c: ChapterOutcome): string => `Chapter ${c.chapter}  ${c.title}`;

/** One chapter's scorecard line; `width` is the longest name's, so every bar starts in the same column. */
function chapterLine(c: ChapterOutcome, width: number): string {
  const passed = c.tests.filter((t) => t.passed).length;
  const name = chapterName(c).padEnd(width);
  return `  ${name} ${bar(c.points, c.maxPoints)} ${String(c.points).padStart(3)} / ${c.maxPoints}   ${passed}/${c.tests.length} tests`;
}

function indent(text: string, by = "    "): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}

/**
 * A chapter's failures, the one that best names the mistake first: an unwritten TODO, then a
 * test's own diagnosis of its story, then a broken invariant, a fault or a stopped run (which
 * say what broke, not why), in test order within each kind.
 */
export function byDiagnosis(failures: readonly TestOutcome[]): TestOutcome[] {
  const rank = (t: TestOutcome): number =>
    t.todo ? 0 : t.kind === "expectation" ? 1 : t.kind === "violation" ? 2 : t.kind === "fault" ? 3 : 4;
  return failures
    .map((t, i) => ({ t, i }))
    .sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i)
    .map((x) => x.t);
}

/** The terminal scorecard: per chapter points, then the first failure with its hint and replay command. */
export function scorecard(report: GradeReport): string {
  const out: string[] = [];
  if (!report.ran) {
    out.push(`The grader could not run: ${report.problem}`);
    return `${out.join("\n")}\n`;
  }
  out.push(`Raft Workbook — grading ${report.impl}${report.seed !== undefined ? ` with seed ${report.seed}` : ""}`);
  if (report.isolated) out.push("Isolated: each chapter ran on top of the reference's earlier chapters, not yours.");
  out.push("");
  const width = Math.max(0, ...report.chapters.map((c) => chapterName(c).length));
  for (const c of report.chapters) {
    out.push(chapterLine(c, width));
    for (const e of c.compileErrors.slice(0, 5)) out.push(indent(`type error: ${e}`, "      "));
    if (c.compileErrors.length > 5) out.push(`      … and ${c.compileErrors.length - 5} more type errors`);
  }
  out.push("", `  Total ${report.points} / ${report.maxPoints} points`);
  const failures = report.chapters.flatMap((c) => byDiagnosis(c.tests.filter((t) => !t.passed)));
  const first = failures[0];
  if (first) {
    const todo = failures.find((t) => t.todo)?.todo;
    if (todo) out.push("", `Next step: fill in ${todo}.`);
    out.push("", `First failure — chapter ${first.chapter}, ${first.id}: ${first.title}`, indent(failureText(first)));
    if (failures.length > 1) {
      out.push("", "Also failing:");
      for (const t of failures.slice(1)) out.push(`  ${t.id}: ${t.message.split("\n")[0]}`);
    }
  } else {
    out.push("", "Every selected test passed.");
  }
  return `${out.join("\n")}\n`;
}
