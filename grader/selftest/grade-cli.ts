import { spawn, spawnSync } from "node:child_process";
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

const TS_NODE = path.join(ROOT, "node_modules/ts-node/dist/bin.js");
const GRADE = path.join(ROOT, "grader/cli/grade.ts");

/** The grade command line with Gradescope and JUnit reports written into a fresh folder. */
function gradeCommand(args: readonly string[]): { argv: string[]; json: string; xml: string; out: string } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "raft-selftest-"));
  const json = path.join(out, "results.json");
  const xml = path.join(out, "junit.xml");
  const argv = [
    TS_NODE,
    "--swc",
    GRADE,
    ...args,
    "--format",
    "gradescope",
    "--out",
    json,
    "--format",
    "junit",
    "--out",
    xml,
  ];
  return { argv, json, xml, out };
}

function collect(
  cmd: ReturnType<typeof gradeCommand>,
  exitCode: number | null,
  stdout: string,
  stderr: string,
): GradeRun {
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : null);
  const results = read(cmd.json);
  const run = { exitCode, stdout, stderr, results: results ? JSON.parse(results) : null, junit: read(cmd.xml) };
  fs.rmSync(cmd.out, { recursive: true, force: true });
  return run;
}

const CHILD_ENV = { ...process.env, FORCE_COLOR: "0" };

/** Runs `npm run grade` as a user would (without npm's banner), with Gradescope and JUnit reports. */
export function gradeCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): GradeRun {
  const cmd = gradeCommand(args);
  const child = spawnSync(process.execPath, cmd.argv, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 170_000,
    env: { ...CHILD_ENV, ...env },
  });
  return collect(cmd, child.status, child.stdout, child.stderr);
}

/**
 * For self-tests that grade many edited implementations (the zoo, the variants, hostile code):
 * a tenth of each randomized test's seeds, one chapter at a time (the self-tests already run two
 * gradings side by side). The reference itself is always graded with all of them.
 */
export const SOME_SEEDS = { RAFT_SEED_SCALE: "0.1", RAFT_GRADE_PARALLEL: "1" };

/** gradeCli without blocking, so several gradings can run side by side (test.concurrent). */
export function gradeCliAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<GradeRun> {
  const cmd = gradeCommand(args);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cmd.argv, { cwd: ROOT, env: { ...CHILD_ENV, ...env }, timeout: 170_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve(collect(cmd, code, stdout, stderr)));
  });
}

export function testsOfChapter(run: GradeRun, chapter: number): GradescopeTest[] {
  return (run.results?.tests ?? []).filter((t) => t.tags.includes(`chapter:${chapter}`));
}

/** A chapter's score and maximum without its bonus tests, which add points beyond 100%. */
export function chapterScore(run: GradeRun, chapter: number): { score: number; max: number } {
  const tests = testsOfChapter(run, chapter).filter((t) => !t.tags.includes("bonus"));
  return { score: tests.reduce((s, t) => s + t.score, 0), max: tests.reduce((s, t) => s + t.max_score, 0) };
}
