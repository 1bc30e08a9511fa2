import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { CHAPTERS, chapterInfo } from "../chapters/registry";
import { tagsOf } from "../chapters/manifest";
import type { ChapterOutcome, GradeReport, TestOutcome } from "../report/model";
import type { FailureContext } from "../harness/failure";
import { Worker } from "node:worker_threads";
import { bundleImplementation } from "../sandbox/bundle";
import { loopGuardName } from "../sandbox/transpile-cached";

const ROOT = path.resolve(__dirname, "../..");
const JEST_CONFIG = path.join(ROOT, "grader/jest.grade.config.js");

export interface GradeRequest {
  readonly impl: string;
  readonly chapters: readonly number[];
  readonly seed?: number;
  readonly traceDir?: string;
  readonly only?: string;
  /** Grade each chapter on top of this reference's earlier chapters instead of the learner's own. */
  readonly isolateFrom?: string;
}

export interface JestTest {
  readonly title: string;
  readonly status: string;
  readonly failureMessages: readonly string[];
  readonly duration?: number | null;
}

/** Grades an implementation: type-checks its chapter files, runs the chapters' suites, scores them by their manifests. */
export async function grade(req: GradeRequest): Promise<GradeReport> {
  const started = Date.now();
  const implRoot = path.resolve(req.impl);
  const base = { impl: req.impl, seed: req.seed, chapters: [], points: 0, maxPoints: 0 };
  if (!fs.existsSync(implRoot) || !fs.statSync(implRoot).isDirectory()) {
    return {
      ...base,
      ran: false,
      problem: `the implementation folder ${req.impl} does not exist`,
      executionSeconds: 0,
    };
  }
  const reference = req.isolateFrom === undefined ? undefined : path.resolve(req.isolateFrom);
  if (reference !== undefined && !fs.existsSync(reference)) {
    return {
      ...base,
      ran: false,
      problem: `--isolate needs the reference implementation, and ${req.isolateFrom} does not exist`,
      executionSeconds: 0,
    };
  }
  const typeErrors = startTypeCheck(implRoot, req.impl, req.chapters);
  warmTranspileCache(implRoot, req.impl);
  // Awaited below; this keeps an early return from leaving its failure unhandled.
  typeErrors.catch(() => undefined);
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), "raft-grade-"));
  let chapters: ChapterOutcome[];
  try {
    const rootFor = (n: number) =>
      reference === undefined ? implRoot : isolatedRoot(reference, implRoot, n, resultsDir);
    const { jestTests, suiteErrors, graderFault } = await runSuites(req, rootFor, resultsDir);
    if (graderFault)
      return { ...base, ran: false, problem: graderFault, executionSeconds: (Date.now() - started) / 1000 };
    const compileErrors = chapterCompileErrors(await typeErrors, req.chapters, reference !== undefined);
    chapters = req.chapters.map((n) =>
      scoreChapter(n, req, jestTests, suiteErrors, compileErrors.get(n) ?? [], resultsDir),
    );
  } finally {
    fs.rmSync(resultsDir, { recursive: true, force: true });
  }
  return {
    ...base,
    ran: true,
    isolated: reference !== undefined,
    chapters,
    points: chapters.reduce((s, c) => s + c.points, 0),
    maxPoints: chapters.reduce((s, c) => s + c.maxPoints, 0),
    executionSeconds: (Date.now() - started) / 1000,
  };
}

/**
 * Transpiles the learner's files once, here, into the cache the chapters' processes read:
 * otherwise each chapter's process would load the compiler (about half a second) for every
 * file changed since the last grading. Whatever fails here fails again, and is reported, there.
 */
function warmTranspileCache(implRoot: string, implArg: string): void {
  try {
    bundleImplementation(implRoot, implArg, loopGuardName());
  } catch {
    // The chapter that loads the file reports it.
  }
}

/** Type-checks the chapter files up to the last selected chapter, on a worker thread. */
function startTypeCheck(
  implRoot: string,
  implArg: string,
  selected: readonly number[],
): Promise<Map<string, string[]>> {
  const last = Math.max(...selected);
  const files = CHAPTERS.filter((c) => c.number <= last).map((c) => c.file);
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, "typecheck-worker.js"), {
      workerData: { implRoot, implArg, files },
    });
    worker.once("message", (entries: [string, string[]][]) => resolve(new Map(entries)));
    worker.once("error", reject);
  });
}

/**
 * Compiler errors per selected chapter. An error in a file of an earlier chapter that is not
 * being graded is shown under the first graded chapter that builds on it.
 */
function chapterCompileErrors(
  byFile: ReadonlyMap<string, string[]>,
  selected: readonly number[],
  isolated: boolean,
): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const c of CHAPTERS) {
    const errors = byFile.get(c.file);
    // Isolated, the earlier chapters come from the reference: their errors do not count.
    if (!errors || (isolated && !selected.includes(c.number))) continue;
    const target = selected.find((n) => n >= c.number);
    if (target !== undefined) out.set(target, [...(out.get(target) ?? []), ...errors]);
  }
  return out;
}

/** Heap limit for the process that runs a chapter's suite: learner code that allocates without bound dies there, alone. */
const CHAPTER_HEAP_MB = 1024;
/** A chapter's suite that has not finished after this long is stopped. */
const CHAPTER_TIMEOUT_MS = 10 * 60 * 1000;

interface ChapterRun {
  readonly tests: readonly JestTest[];
  readonly problem?: string;
  /** jest itself could not run: a fault of the grader, not of the learner's code. */
  readonly graderFault?: boolean;
}

/** Runs the selected chapters' suites, each in its own process, as many at once as there are cores (at most two). */
/**
 * An implementation made of the reference with the learner's file for chapter `n` on top, so
 * chapter n is graded even when the learner's earlier chapters are unfinished.
 */
function isolatedRoot(reference: string, learner: string, n: number, scratch: string): string {
  const dir = path.join(scratch, `isolated-ch${n}`);
  fs.cpSync(reference, dir, { recursive: true });
  const file = chapterInfo(n).file;
  fs.copyFileSync(path.join(learner, file), path.join(dir, file));
  return dir;
}

async function runSuites(req: GradeRequest, rootFor: (chapter: number) => string, resultsDir: string) {
  const env = {
    ...process.env,
    RAFT_IMPL_ARG: req.impl,
    RAFT_ISOLATE: req.isolateFrom === undefined ? "" : "1",
    RAFT_RESULTS_DIR: resultsDir,
    RAFT_SEED: req.seed === undefined ? "" : String(req.seed),
    RAFT_TRACE_DIR: req.traceDir ? path.resolve(req.traceDir) : "",
  };
  // Later chapters hold the longest suites (the largest randomized tests, on the most code):
  // starting them first leaves the short early chapters to fill in, so both lanes end together.
  const queue = [...req.chapters].sort((a, b) => b - a);
  const runs = new Map<number, ChapterRun>();
  const lanes = Array.from({ length: Math.min(chapterParallelism(), queue.length) }, async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift())
      runs.set(n, await runChapter(n, req, { ...env, RAFT_IMPL: rootFor(n) }, resultsDir));
  });
  await Promise.all(lanes);
  const jestTests = new Map<string, JestTest>();
  const suiteErrors = new Map<number, string>();
  const graderFault = [...runs.values()].find((r) => r.graderFault)?.problem;
  for (const [n, run] of runs) {
    if (run.problem) suiteErrors.set(n, run.problem);
    for (const t of run.tests) {
      const id = /^\[([^\]]+)\]/.exec(t.title)?.[1];
      if (id) jestTests.set(id, t);
    }
  }
  return { jestTests, suiteErrors, graderFault };
}

/**
 * Chapters graded at once: one per core, at most two. RAFT_GRADE_PARALLEL=1 grades one at a
 * time, for callers that already run several gradings side by side (the self-tests).
 */
function chapterParallelism(): number {
  const asked = Number(process.env.RAFT_GRADE_PARALLEL);
  return Number.isInteger(asked) && asked >= 1 ? Math.min(asked, 2) : Math.min(2, os.cpus().length);
}

function runChapter(n: number, req: GradeRequest, env: NodeJS.ProcessEnv, resultsDir: string): Promise<ChapterRun> {
  const argv = {
    config: JEST_CONFIG,
    testPathPatterns: [`grader/chapters/ch${n}/grade\\.test\\.ts$`],
    testNamePattern: req.only ? `\\[${req.only.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\]` : undefined,
  };
  const out = path.join(resultsDir, `chapter-${n}.jest.json`);
  const scratch = chapterScratch();
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${CHAPTER_HEAP_MB}`,
      path.join(__dirname, "jest-child.js"),
      JSON.stringify(argv),
      out,
      JEST_CONFIG,
    ],
    {
      cwd: process.cwd(),
      // The learners' processes and their pipes live in this folder, removed when the chapter's
      // process ends however it ends: exit hooks do not run inside jest's sandboxed process object.
      env: { ...env, TMPDIR: scratch },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), CHAPTER_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      fs.rmSync(scratch, { recursive: true, force: true });
      if (code === 0 && fs.existsSync(out)) {
        const files = JSON.parse(fs.readFileSync(out, "utf8")) as { execError: string | null; tests: JestTest[] }[];
        const execError = files.find((f) => f.execError)?.execError ?? undefined;
        resolve({ tests: files.flatMap((f) => f.tests), problem: execError });
        return;
      }
      if (code === 3) {
        resolve({
          tests: [],
          problem: `jest could not run chapter ${n}'s suite: ${stderr.trim().split("\n").slice(0, 5).join(" ")}`,
          graderFault: true,
        });
        return;
      }
      const oom = /heap out of memory|Allocation failed|invalid array length|invalid table size/i.test(stderr);
      const why = oom
        ? `the process grading chapter ${n} ran out of memory (its heap is limited to ${CHAPTER_HEAP_MB} MB): some node code allocates without bound`
        : signal === "SIGKILL"
          ? `chapter ${n} did not finish within ${CHAPTER_TIMEOUT_MS / 60000} minutes and was stopped`
          : `the process grading chapter ${n} died (${signal ?? `exit code ${code}`}): ${stderr.trim().split("\n").slice(-3).join(" ")}`;
      resolve({ tests: [], problem: why });
    });
  });
}

/** A temporary folder for one chapter's process, which the learner's unprivileged process may enter. */
function chapterScratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "raft-chapter-"));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** A chapter's outcome from its tests' results and details: the lab on the study site scores with it too. */
export function scoreChapter(
  n: number,
  req: GradeRequest,
  jestTests: ReadonlyMap<string, JestTest>,
  suiteErrors: ReadonlyMap<number, string>,
  compileErrors: readonly string[],
  resultsDir: string,
): ChapterOutcome {
  const info = chapterInfo(n);
  const specs = info.tests.filter((t) => !req.only || t.id === req.only);
  const tests = specs.map((spec): TestOutcome => {
    const ran = jestTests.get(spec.id);
    const details = readDetails(resultsDir, spec.id);
    let message = "";
    if (compileErrors.length > 0) {
      message = `chapter ${n}'s code does not type-check:\n${compileErrors.slice(0, 3).join("\n")}`;
    } else if (!ran) {
      message = `this test did not run${suiteErrors.has(n) ? `: ${suiteErrors.get(n)}` : ""}`;
    } else if (ran.status !== "passed") {
      message = details?.message ?? ran.failureMessages.join("\n").split("\n").slice(0, 12).join("\n");
    }
    const passed = message === "" && ran?.status === "passed";
    return {
      id: spec.id,
      chapter: n,
      title: spec.title,
      passed,
      points: passed ? spec.points : 0,
      maxPoints: spec.points,
      bonus: spec.bonus === true,
      tags: tagsOf(n, spec),
      message,
      hints: spec.hints,
      section: spec.section,
      seed: details?.context.seed,
      replay: details?.context.replay,
      trace: details?.context.trace,
      todo: details?.context.todo,
      kind: details?.context.kind,
      durationMs: ran?.duration ?? 0,
    };
  });
  return {
    chapter: n,
    title: info.title,
    slug: info.slug,
    tests,
    points: tests.reduce((s, t) => s + t.points, 0),
    maxPoints: tests.filter((t) => !t.bonus).reduce((s, t) => s + t.maxPoints, 0),
    compileErrors,
  };
}

function readDetails(dir: string, id: string): { message: string; context: FailureContext } | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, `${id}.json`), "utf8"));
  } catch {
    return null;
  }
}
