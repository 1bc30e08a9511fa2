import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { PRISTINE_DIR, pristineStub, ROOT } from "../stubs/source";
import { importClosure } from "./imports";
import { starterManifest, writeLock } from "./package";
import { isWithheld, withoutMutants } from "./withheld";

/** Scripts that make sense without solutions/ and the self-tests. */
const STUDENT_SCRIPTS: Record<string, string> = {
  grade: "ts-node --swc grader/cli/grade.ts",
  hint: "ts-node --swc grader/cli/hint.ts",
  progress: "ts-node --swc grader/cli/progress.ts",
  reset: "ts-node --swc grader/cli/reset.ts",
  replay: "ts-node --swc grader/cli/replay.ts",
  start: "ts-node --swc grader/cli/watch.ts",
  typecheck: "tsc --noEmit -p tsconfig.json",
  test: "npm run grade",
};

/**
 * What the commands load by path or by name rather than by import: jest's config and the
 * transform it names, the child process and worker thread of run-grade, and the sandbox's host
 * (bundled from its files for the learner's process) and watchdog thread. With the scripts'
 * files, the stubs and each chapter's suite and descriptor they are where the walk over imports
 * starts; the export self-test runs every shipped command in a fresh export, so one missing
 * here fails it.
 */
const LOADED_BY_PATH = [
  "grader/jest.grade.config.js",
  "grader/cli/jest-child.js",
  "grader/cli/typecheck-worker.js",
  "grader/cli/replay-child.ts",
  "grader/sandbox/host-main.ts",
  "grader/sandbox/watchdog.js",
];
const LOADED_BY_NAME = ["@swc/jest"];

function entryPoints(): string[] {
  const scriptFiles = Object.values(STUDENT_SCRIPTS).flatMap((s) => s.split(" ").filter((w) => /\.[jt]s$/.test(w)));
  // jest finds a chapter's suite by its pattern, the registry its descriptor by its folder.
  const chapterFiles = CHAPTERS.flatMap((c) => [
    `grader/chapters/ch${c.number}/grade.test.ts`,
    `grader/chapters/ch${c.number}/index.ts`,
    `exercises/${c.file}`,
  ]);
  return [...scriptFiles, ...LOADED_BY_PATH, ...chapterFiles];
}

/** A file as the starter has it: exercises/ holds the untouched stubs, and the bug zoo is left out. */
function shippedText(file: string): string {
  const exercise = /^exercises\/(.+)$/.exec(file)?.[1];
  if (exercise) return pristineStub(exercise);
  const source = fs.readFileSync(path.join(ROOT, file), "utf8");
  return isWithheld(file) ? withoutMutants(source, file) : source;
}

function write(out: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  fs.writeFileSync(path.join(out, file), text);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes the learner's side of the workbook into `out`: the chapter texts, the stubs (again
 * under grader/stubs/pristine for `npm run reset`), every file the shipped commands import, and
 * a package.json and lock file with only the packages those need — never the reference, the
 * bug zoo, the self-tests or the site's builder.
 */
export function writeStarter(out: string): void {
  const { files, packages } = importClosure(ROOT, entryPoints(), shippedText);
  for (const file of files) write(out, file, shippedText(file));
  for (const c of CHAPTERS) write(out, path.join(path.relative(ROOT, PRISTINE_DIR), c.file), pristineStub(c.file));
  fs.cpSync(path.join(ROOT, "chapters"), path.join(out, "chapters"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, ".gitignore"), path.join(out, ".gitignore"));
  // The editor's way into npm run replay: attach to the paused run, or start one and attach.
  fs.cpSync(path.join(ROOT, ".vscode"), path.join(out, ".vscode"), { recursive: true });
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as { include: string[] };
  tsconfig.include = tsconfig.include.filter((dir) => files.some((f) => f.startsWith(`${dir}/`)));
  write(out, "tsconfig.json", json(tsconfig));
  write(out, "package.json", json(starterManifest(STUDENT_SCRIPTS, [...packages, ...LOADED_BY_NAME])));
  writeLock(out);
}

/** The max score of each chapter, from its manifest (bonus tests excluded). */
export function chapterMaxScores(): { chapter: number; title: string; max: number }[] {
  return CHAPTERS.map((c) => ({
    chapter: c.number,
    title: c.title,
    max: c.tests.filter((t) => !t.bonus).reduce((s, t) => s + t.points, 0),
  }));
}
