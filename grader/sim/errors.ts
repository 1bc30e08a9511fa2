/** The learner's code broke a rule of the node contract (a malformed message, a bad log call). */
export class ContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContractError";
  }
}

/** Learner code used a source of time, randomness or control that bypasses the environment. */
export class DeterminismError extends Error {
  constructor(readonly call: string) {
    super(
      `${call} was called from node code. Time and randomness must come from the environment (env.now(), env.random()) and nodes may not use timers or exit the process, so that every run can be replayed from its seed.`,
    );
    this.name = "DeterminismError";
  }
}

/** A loop in learner code ran far longer than any handler needs: most likely it never ends. */
export class WatchdogError extends Error {
  constructor(
    readonly where: string,
    iterations: number,
  ) {
    super(`the loop at ${where} ran ${thousands(iterations)} times in one call: it looks like it never ends`);
    this.name = "WatchdogError";
  }
}

/** 1000000 as "1,000,000", without toLocaleString, which a locked-down host turns into toString. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
