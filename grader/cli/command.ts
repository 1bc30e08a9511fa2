import type { GradeReport } from "../report/model";
import { UsageError } from "./args";
import { grade, type GradeRequest } from "./run-grade";

/** Runs a command's main and exits with its code: 2 with the message on a usage error or a crash. */
export function runMain(main: (argv: readonly string[]) => Promise<number> | number): void {
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => process.exit(code),
      (err: unknown) => {
        console.error(err instanceof UsageError ? err.message : err instanceof Error ? err.stack : String(err));
        process.exit(2);
      },
    );
}

/** The value of `--out`, which the command cannot do without. */
export function requiredOut(argv: readonly string[], usage: string): string {
  const at = argv.indexOf("--out");
  const out = at >= 0 ? argv[at + 1] : undefined;
  if (!out) throw new UsageError(`usage: ${usage}`);
  return out;
}

/** Grades, or says why the grader could not run (and returns null). */
export async function gradeOrExplain(req: GradeRequest): Promise<GradeReport | null> {
  const report = await grade(req);
  if (report.ran) return report;
  console.log(`The grader could not run: ${report.problem}`);
  return null;
}
