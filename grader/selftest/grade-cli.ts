import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  tags: string[];
  visibility: string;
}

export interface GradeRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  results: { score: number; execution_time: number; output: string; tests: GradescopeTest[] } | null;
  junit: string | null;
}

/** Runs `npm run grade` as a user would (without npm's banner), with Gradescope and JUnit reports. */
export function gradeCli(args: readonly string[]): GradeRun {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "raft-selftest-"));
  const json = path.join(out, "results.json");
  const xml = path.join(out, "junit.xml");
  const child = spawnSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules/ts-node/dist/bin.js"),
      "--swc",
      path.join(ROOT, "grader/cli/grade.ts"),
      ...args,
      "--format",
      "gradescope",
      "--out",
      json,
      "--format",
      "junit",
      "--out",
      xml,
    ],
    { cwd: ROOT, encoding: "utf8", timeout: 170_000, env: { ...process.env, FORCE_COLOR: "0" } },
  );
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null);
  const results = read(json);
  const run = {
    exitCode: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    results: results ? JSON.parse(results) : null,
    junit: read(xml),
  };
  fs.rmSync(out, { recursive: true, force: true });
  return run;
}

export function testsOfChapter(run: GradeRun, chapter: number): GradescopeTest[] {
  return (run.results?.tests ?? []).filter((t) => t.tags.includes(`chapter:${chapter}`));
}

/** A chapter's score and maximum without its bonus tests, which add points beyond 100%. */
export function chapterScore(run: GradeRun, chapter: number): { score: number; max: number } {
  const tests = testsOfChapter(run, chapter).filter((t) => !t.tags.includes("bonus"));
  return { score: tests.reduce((s, t) => s + t.score, 0), max: tests.reduce((s, t) => s + t.max_score, 0) };
}
