import { withCause } from "./failure";

/**
 * Runs `body`; when it fails on a broken run (an invariant, a node fault, a runaway), `explain`
 * may put the breakage in the chapter's terms, in front of the simulator's report. An
 * unwritten TODO is left alone, its message says what to do; so is a failed expectation,
 * whose message already tells the story.
 */
export function explainBrokenRun<T>(body: () => T, explain: (problem: string) => string | null): T {
  return withCause(body, (failure) =>
    failure.context.todo !== undefined || failure.context.kind === "expectation" ? null : explain(failure.message),
  );
}
