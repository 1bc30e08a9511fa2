import * as path from "node:path";

/** What the grader CLI hands to the jest suites, through the environment of the jest run. */
export interface GradeSettings {
  /** Absolute path of the implementation being graded. */
  readonly implRoot: string;
  /** The same, as the user wrote it, for replay commands. */
  readonly implArg: string;
  /** Replay exactly this seed instead of each test's own seeds. */
  readonly seed?: number;
  /** Write the traces of graded runs here. */
  readonly traceDir?: string;
  /** Where each failed test leaves its details for the reporters. */
  readonly resultsDir?: string;
  /** The chapter runs on top of the reference's earlier chapters (--isolate). */
  readonly isolate: boolean;
  /**
   * The share of each randomized test's seeds to run (RAFT_SEED_SCALE, default 1). The
   * workbook's self-tests grade dozens of edited implementations with a share of the seeds;
   * a grade always runs them all.
   */
  readonly seedScale: number;
  /**
   * The mutant StrykerJS switches on in the reference it instrumented ("" for none, in its dry
   * run); set only by npm run mutation's test command (RAFT_MUTATION_ACTIVE).
   */
  readonly activeMutant?: string;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): GradeSettings {
  const implArg = env.RAFT_IMPL_ARG ?? env.RAFT_IMPL ?? "exercises";
  return {
    implRoot: path.resolve(env.RAFT_IMPL ?? "exercises"),
    implArg,
    seed: env.RAFT_SEED !== undefined && env.RAFT_SEED !== "" ? Number(env.RAFT_SEED) : undefined,
    traceDir: env.RAFT_TRACE_DIR || undefined,
    resultsDir: env.RAFT_RESULTS_DIR || undefined,
    isolate: env.RAFT_ISOLATE === "1",
    seedScale: seedScale(env.RAFT_SEED_SCALE),
    ...(env.RAFT_MUTATION_ACTIVE !== undefined ? { activeMutant: env.RAFT_MUTATION_ACTIVE } : {}),
  };
}

function seedScale(raw: string | undefined): number {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(n) && n > 0 && n <= 1 ? n : 1;
}
