/**
 * The `process` the grading core sees in the lab's worker: its settings (the environment a
 * grading's jest process gets from the CLI), and no-ops for the exit hooks of learner processes,
 * which the lab never starts.
 */
export const process = {
  env: {} as Record<string, string | undefined>,
  once(): void {},
};
