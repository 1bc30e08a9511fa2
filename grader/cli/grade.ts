import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { gradescopeJson } from "../report/gradescope";
import { classroomJson } from "../report/classroom";
import { junitXml } from "../report/junit";
import { prairielearnJson } from "../report/prairielearn";
import { allPassed, type GradeReport } from "../report/model";
import { scorecard } from "../report/text";
import { parseGradeArgs, REPORT_FORMATS, UsageError, type GradeArgs, type ReportFormat } from "./args";
import { checkGradeArgs } from "./check-args";
import { grade } from "./run-grade";

const USAGE = `usage: npm run grade -- [--impl DIR] [--chapter N]... [--seed N] [--only TEST-ID] [--isolate [--reference DIR]]
                         [--format text|gradescope|junit|prairielearn|classroom [--out FILE]]... [--trace-dir DIR]`;

const DEFAULT_FILES: Record<ReportFormat, string | undefined> = {
  text: undefined,
  gradescope: "results.json",
  junit: "junit.xml",
  prairielearn: "results.json",
  classroom: "classroom-result.json",
};
const RENDER: Record<ReportFormat, (r: GradeReport) => string> = {
  text: scorecard,
  gradescope: gradescopeJson,
  junit: junitXml,
  prairielearn: prairielearnJson,
  classroom: classroomJson,
};

function writeReports(report: GradeReport, formats: GradeArgs["formats"]): void {
  for (const { format, out } of formats) {
    const text = RENDER[format](report);
    const file = out ?? DEFAULT_FILES[format];
    if (file) {
      try {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        fs.writeFileSync(file, text);
      } catch (err) {
        // The other reports are still written; this one's failure is one line, not a stack trace.
        process.stderr.write(`grade: could not write the ${format} report to ${file}: ${(err as Error).message}\n`);
      }
    }
    if (format === "text" || !file) process.stdout.write(text);
  }
  if (!formats.some((f) => f.format === "text")) process.stdout.write(scorecard(report));
}

/** The formats and files asked for, read leniently, so even a bad command line gets its report. */
function lenientFormats(argv: readonly string[]): GradeArgs["formats"] {
  const formats = argv.flatMap((a, i) =>
    a === "--format" && (REPORT_FORMATS as readonly string[]).includes(argv[i + 1])
      ? [argv[i + 1] as ReportFormat]
      : [],
  );
  const outs = argv.flatMap((a, i) => (a === "--out" && argv[i + 1] ? [argv[i + 1]] : []));
  return (formats.length ? formats : (["text"] as ReportFormat[])).map((format, i) => ({ format, out: outs[i] }));
}

async function main(argv: readonly string[]): Promise<number> {
  let args: GradeArgs;
  try {
    args = parseGradeArgs(
      argv,
      CHAPTERS.map((c) => c.number),
    );
    checkGradeArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const problem = `${err.message}\n${USAGE}`;
    writeReports(
      { ran: false, problem, impl: "", chapters: [], points: 0, maxPoints: 0, executionSeconds: 0 },
      lenientFormats(argv),
    );
    return 2;
  }
  let report: GradeReport;
  try {
    report = await grade(args);
  } catch (err) {
    report = {
      ran: false,
      problem: (err as Error).stack ?? String(err),
      impl: args.impl,
      chapters: [],
      points: 0,
      maxPoints: 0,
      executionSeconds: 0,
    };
  }
  writeReports(report, args.formats);
  return !report.ran ? 2 : allPassed(report) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(2);
  },
);
