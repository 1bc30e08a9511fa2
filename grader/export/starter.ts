import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { pristineStub, ROOT } from "../stubs/source";

/** What a class gets: the text, the stubs and the grader — never the reference, the bug zoo or the self-tests. */
const INCLUDE = ["chapters", "exercises", "grader", "tsconfig.json", "package-lock.json", ".gitignore"];
const EXCLUDE = [
  "grader/zoo",
  "grader/selftest",
  "grader/bin/bench.ts",
  "grader/stubs/generate.ts",
  "grader/stubs/write.ts",
  "grader/stubs/pristine",
];

/** Scripts that make sense without solutions/ and the self-tests. */
const STUDENT_SCRIPTS: Record<string, string> = {
  grade: "ts-node --swc grader/cli/grade.ts",
  hint: "ts-node --swc grader/cli/hint.ts",
  progress: "ts-node --swc grader/cli/progress.ts",
  reset: "ts-node --swc grader/cli/reset.ts",
  start: "ts-node --swc grader/cli/watch.ts",
  typecheck: "tsc --noEmit -p tsconfig.json",
  test: "npm run grade",
};

/**
 * Writes the learner's side of the workbook into `out`: everything needed to work through the
 * chapters and grade them, with pristine stubs for `npm run reset`.
 */
export function writeStarter(out: string): void {
  fs.mkdirSync(out, { recursive: true });
  for (const entry of INCLUDE) {
    fs.cpSync(path.join(ROOT, entry), path.join(out, entry), {
      recursive: true,
      filter: (src) =>
        !EXCLUDE.some((x) => src === path.join(ROOT, x) || src.startsWith(path.join(ROOT, x) + path.sep)),
    });
  }
  const pristine = path.join(out, "grader/stubs/pristine");
  fs.mkdirSync(pristine, { recursive: true });
  for (const c of CHAPTERS) {
    const stub = pristineStub(c.file);
    fs.writeFileSync(path.join(pristine, c.file), stub);
    fs.writeFileSync(path.join(out, "exercises", c.file), stub);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  pkg.scripts = STUDENT_SCRIPTS;
  fs.writeFileSync(path.join(out, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
}

/** The max score of each chapter, from its manifest (bonus tests excluded). */
export function chapterMaxScores(): { chapter: number; title: string; max: number }[] {
  return CHAPTERS.map((c) => ({
    chapter: c.number,
    title: c.title,
    max: c.tests.filter((t) => !t.bonus).reduce((s, t) => s + t.points, 0),
  }));
}
