import "./suite";
import "ses";
import { collected } from "./suite";
import { filesUnder, readFileSync, writeFileSync, existsSync } from "./shims/fs";
import { process } from "./shims/process";
import { WorkerHost } from "./worker-host";
import { hostInBrowserWorker } from "../../grader/harness/hosts";
import { scoreChapter, type JestTest } from "../../grader/cli/run-grade";
import { scorecard } from "../../grader/report/text";
import type { GradeReport } from "../../grader/report/model";
import type { FromWorker, GradeJob, TestDetails, ToWorker } from "./protocol";

/** Provided by the lab's bundle (site/build/lab.ts): each chapter's graded suite, evaluated on demand. */
declare const labSuites: Readonly<Record<number, () => Promise<unknown>>>;
/** The node contract's sources, which the grading core transpiles beside the reader's files. */
declare const labContract: Readonly<Record<string, string>>;
declare function lockdown(options: Record<string, string>): void;

const IMPL = "/impl";
const RESULTS = "/results";
const TRACES = "/traces";

const post = (message: FromWorker): void =>
  (self as unknown as { postMessage(m: FromWorker): void }).postMessage(message);

// As the learner's process does before it evaluates any node code: intrinsics frozen, stacks kept whole.
lockdown({ errorTaming: "unsafe", stackFiltering: "verbose", consoleTaming: "unsafe", overrideTaming: "moderate" });
hostInBrowserWorker((bundle, init) => new WorkerHost(bundle, init));
for (const [name, source] of Object.entries(labContract)) writeFileSync(`/grader/contract/${name}`, source);
// The workbook ships its replay under the debugger, so failures name it as `npm run grade` does in the repository.
writeFileSync("/grader/cli/replay.ts", "");

/** The settings the CLI hands a chapter's jest process (run-grade.ts), for this worker's one grading. */
function settle(job: GradeJob): void {
  for (const [rel, source] of Object.entries(job.files)) writeFileSync(`${IMPL}/${rel}`, source);
  Object.assign(process.env, {
    RAFT_IMPL: IMPL,
    RAFT_IMPL_ARG: "exercises",
    RAFT_ISOLATE: job.isolate ? "1" : "",
    RAFT_RESULTS_DIR: RESULTS,
    RAFT_SEED: job.replay ? String(job.replay.seed) : "",
    RAFT_TRACE_DIR: job.replay ? TRACES : "",
    RAFT_SEED_SCALE: String(job.seedScale),
  });
}

function detailsOf(id: string): TestDetails | null {
  const file = `${RESULTS}/${id}.json`;
  return existsSync(file) ? (JSON.parse(readFileSync(file)) as TestDetails) : null;
}

async function grade(job: GradeJob): Promise<void> {
  settle(job);
  await labSuites[job.chapter]();
  post({ op: "tests", titles: collected.map((t) => t.title) });
  const only = job.replay && `[${job.replay.id}]`;
  for (let index = job.from; index < collected.length; index++) {
    const { title, body } = collected[index];
    if (only && !title.startsWith(only)) continue;
    post({ op: "started", index });
    const started = performance.now();
    let test: JestTest;
    try {
      body();
      test = { title, status: "passed", failureMessages: [], duration: performance.now() - started };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      test = {
        title,
        status: "failed",
        failureMessages: [e.stack ?? e.message],
        duration: performance.now() - started,
      };
    }
    const id = /^\[([^\]]+)\]/.exec(title)?.[1] ?? title;
    post({ op: "result", index, result: { test, details: detailsOf(id) } });
  }
  post({ op: "done", traces: filesUnder(TRACES) });
}

function score(req: Extract<ToWorker, { op: "score" }>): void {
  const tests = new Map<string, JestTest>();
  for (const { test, details } of req.results) {
    const id = /^\[([^\]]+)\]/.exec(test.title)?.[1];
    if (id) tests.set(id, test);
    if (details) writeFileSync(`${RESULTS}/${details.id}.json`, JSON.stringify(details));
  }
  const request = { impl: "exercises", chapters: [req.chapter], ...(req.isolate ? { isolateFrom: "solutions" } : {}) };
  const chapter = scoreChapter(req.chapter, request, tests, new Map(), req.compileErrors, RESULTS);
  const report: GradeReport = {
    ran: true,
    impl: request.impl,
    isolated: req.isolate,
    chapters: [chapter],
    points: chapter.points,
    maxPoints: chapter.maxPoints,
    executionSeconds: 0,
  };
  post({ op: "scored", report, text: scorecard(report) });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const req = e.data;
  const work = req.op === "grade" ? grade(req.job) : Promise.resolve(score(req));
  work.catch((err: unknown) =>
    post({ op: "failed", message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
};
