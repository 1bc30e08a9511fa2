import { CHAPTERS } from "../chapters/registry";
import { parseGradeArgs } from "./args";
import { gradeOrExplain, runMain } from "./command";

/** `npm run progress`: per chapter, tests passed and points, and where to go next. */
async function main(argv: readonly string[]): Promise<number> {
  const report = await gradeOrExplain(
    parseGradeArgs(
      argv,
      CHAPTERS.map((c) => c.number),
    ),
  );
  if (!report) return 2;
  console.log(`Progress of ${report.impl}\n`);
  for (const c of report.chapters) {
    const passed = c.tests.filter((t) => t.passed).length;
    const mark = passed === c.tests.length ? "done" : passed === 0 ? "to do" : "in progress";
    console.log(
      `  ${String(c.chapter).padStart(2)}  ${c.title.padEnd(32)} ${`${passed}/${c.tests.length} tests`.padEnd(12)} ${`${c.points}/${c.maxPoints} points`.padEnd(16)} ${mark}`,
    );
  }
  const next = report.chapters.find((c) => c.tests.some((t) => !t.passed));
  console.log(`\n  total ${report.points}/${report.maxPoints} points`);
  console.log(
    next ? `  next: chapter ${next.chapter} — npm run grade -- --chapter ${next.chapter}` : "  every chapter is done",
  );
  return 0;
}

runMain(main);
