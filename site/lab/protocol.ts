import type { JestTest } from "../../grader/cli/run-grade";
import type { FailureContext } from "../../grader/harness/failure";
import type { GradeReport } from "../../grader/report/model";

/** A graded test's details, as graded.ts leaves them for the CLI's reporters. */
export interface TestDetails {
  readonly id: string;
  readonly message: string;
  readonly context: FailureContext;
}

/** What a grading in the lab is: the same settings a grading's jest process gets from the CLI. */
export interface GradeJob {
  readonly chapter: number;
  /** The implementation folder's .ts files, by path inside it. */
  readonly files: Readonly<Record<string, string>>;
  /** Earlier chapters come from the reference (--isolate). */
  readonly isolate: boolean;
  /** RAFT_SEED_SCALE: the share of each randomized test's seeds to run. */
  readonly seedScale: number;
  /** Replay this seed only (--seed), with traces written (--trace-dir). */
  readonly replay?: { readonly id: string; readonly seed: number };
  /** The chapter's tests from this one on (an earlier one ended the worker that ran it). */
  readonly from: number;
}

export type ToWorker =
  | { readonly op: "grade"; readonly job: GradeJob }
  | {
      readonly op: "score";
      readonly chapter: number;
      readonly isolate: boolean;
      readonly results: readonly TestResult[];
      readonly compileErrors: readonly string[];
    };

export interface TestResult {
  readonly test: JestTest;
  readonly details: TestDetails | null;
}

export type FromWorker =
  | { readonly op: "tests"; readonly titles: readonly string[] }
  | { readonly op: "started"; readonly index: number }
  | { readonly op: "result"; readonly index: number; readonly result: TestResult }
  | { readonly op: "done"; readonly traces: Readonly<Record<string, string>> }
  | { readonly op: "scored"; readonly report: GradeReport; readonly text: string }
  | { readonly op: "failed"; readonly message: string };
