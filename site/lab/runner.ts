import type { GradeReport } from "../../grader/report/model";
import type { FromWorker, GradeJob, TestResult, ToWorker } from "./protocol";

/** What a grading in the page gives back. */
export interface Graded {
  readonly results: TestResult[];
  /** Trace files the tests wrote (a replay), by name. */
  readonly traces: Readonly<Record<string, string>>;
}

type Listener = (event: FromWorker) => void;

/**
 * Runs gradings in workers, one worker per grading (as `npm run grade` uses one process per
 * chapter), holding each test to a time budget from outside: a test that overruns has its
 * worker ended, is reported as stopped, and the next test gets a fresh worker.
 */
export class Runner {
  constructor(
    private readonly script: string,
    private readonly budgetMs: number,
    private readonly onProgress: (done: number, total: number, title: string) => void,
  ) {}

  private start(listen: Listener, fail: (err: Error) => void): Worker {
    const worker = new Worker(this.script);
    worker.onmessage = (e: MessageEvent<FromWorker>) => listen(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      fail(new Error(e.message || "the lab's worker could not start"));
    };
    return worker;
  }

  grade(job: Omit<GradeJob, "from">): Promise<Graded> {
    const results: TestResult[] = [];
    let titles: readonly string[] = [];
    return new Promise((resolve, reject) => {
      const run = (from: number) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const worker = this.start((event) => {
          if (event.op === "tests") titles = event.titles;
          else if (event.op === "started") {
            clearTimeout(timer);
            this.onProgress(results.length, titles.length, titles[event.index]);
            timer = setTimeout(() => {
              worker.terminate();
              results.push(stopped(titles[event.index], this.budgetMs));
              if (event.index + 1 < titles.length && !job.replay) run(event.index + 1);
              else resolve({ results, traces: {} });
            }, this.budgetMs);
          } else if (event.op === "result") {
            clearTimeout(timer);
            results.push(event.result);
          } else if (event.op === "done") {
            worker.terminate();
            resolve({ results, traces: event.traces });
          } else if (event.op === "failed") {
            clearTimeout(timer);
            worker.terminate();
            reject(new Error(event.message));
          }
        }, reject);
        worker.postMessage({ op: "grade", job: { ...job, from } } satisfies ToWorker);
      };
      run(0);
    });
  }

  /** The chapter's outcome and the CLI's scorecard, from the grading core's own scoring. */
  score(req: Omit<Extract<ToWorker, { op: "score" }>, "op">): Promise<{ report: GradeReport; text: string }> {
    return new Promise((resolve, reject) => {
      const worker = this.start((event) => {
        if (event.op !== "scored" && event.op !== "failed") return;
        worker.terminate();
        if (event.op === "scored") resolve(event);
        else reject(new Error(event.message));
      }, reject);
      worker.postMessage({ op: "score", ...req } satisfies ToWorker);
    });
  }
}

/** A test whose worker the page ended: it failed, and the run names no seed to replay. */
function stopped(title: string, budgetMs: number): TestResult {
  const id = /^\[([^\]]+)\]/.exec(title)?.[1] ?? title;
  const message = `this test was stopped: it ran past the lab's budget of ${budgetMs / 1000} s per test, and the page ended the worker running it. A loop or recursion that never ends, a regular expression that backtracks without end, or waiting forever does this.`;
  return {
    test: { title, status: "failed", failureMessages: [message], duration: budgetMs },
    details: { id, message, context: { kind: "budget" } },
  };
}
