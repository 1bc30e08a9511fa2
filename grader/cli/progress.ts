import { CHAPTERS } from "../chapters/registry";
import { parseGradeArgs, UsageError } from "./args";
import { grade } from "./run-grade";

/** `npm run progress`: per chapter, tests passed and points, and where to go next. */
async function main(argv: readonly string[]): Promise<number> {
  const args = parseGradeArgs(argv, CHAPTERS.map((c) => c.number));
  const report = await grade(args);
  if (!report.ran) {
    console.log(`The grader could not run: ${report.problem}`);
    return 2;
  }
  console.log(`Progress of ${report.impl}\n`);
  for (const c of report.chapters) {
    const passed = c.tests.filter((t) => t.passed).length;
    const mark = passed === c.tests.length ? "done" : passed === 0 ? "to do" : "in progress";
    console.log(`  ${String(c.chapter).padStart(2)}  ${c.title.padEnd(32)} ${`${passed}/${c.tests.length} tests`.padEnd(12)} ${`${c.points}/${c.maxPoints} points`.padEnd(16)} ${mark}`);
  }
  const next = report.chapters.find((c) => c.tests.some((t) => !t.passed));
  console.log(`\n  total ${report.points}/${report.maxPoints} points`);
  console.log(next ? `  next: chapter ${next.chapter} — npm run grade -- --chapter ${next.chapter}` : "  every chapter is done");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof UsageError ? err.message : (err as Error).stack);
    process.exit(2);
  },
);
