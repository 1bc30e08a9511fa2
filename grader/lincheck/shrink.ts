import { weakened, type Operation } from "./history";
import type { Model } from "./model";
import { search, type Limits } from "./search";

export interface Shrunk {
  /** Indexes into the part, of operations with a known outcome, in the order of their calls. */
  readonly core: number[];
  /** False when a limit cut a trial short: the core may hold operations that do not matter. */
  readonly complete: boolean;
}

/** Limits for the whole shrinking, and for one trial of it, so a hard trial cannot starve the rest. */
export interface ShrinkLimits extends Limits {
  readonly maxTrialSteps: number;
}

/**
 * A small core of a failing part: operations that cannot be ordered even with every other
 * operation of the part weakened to an unknown outcome (taking effect at any time after its
 * call, or never). Weakening, not deleting, keeps the core honest: a stale read whose write
 * was deleted would fail on its own, and explain nothing.
 *
 * Delta debugging: weaken chunks of the core, halving the chunk down to single operations,
 * and keep each weakening after which the part still fails; single operations are retried
 * until none can go. `reached` (all the failing search ever took, see `search`) starts the
 * core, and each failing trial's own reach trims it further for free.
 */
export function shrink<S, I, O>(
  model: Model<S, I, O>,
  part: readonly Operation<I, O>[],
  reached: readonly number[],
  limits: ShrinkLimits,
): Shrunk {
  const weak = part.map(weakened);
  let core = reached.filter((i) => part[i].ret !== undefined).sort((a, b) => part[a].call - part[b].call || a - b);
  let stepsLeft = limits.maxSteps;
  let complete = true;
  let chunk = Math.max(1, core.length >> 1);
  for (;;) {
    let removed = false;
    for (let at = 0; at < core.length;) {
      if (stepsLeft <= 0 || performance.now() > limits.deadline) return { core, complete: false };
      const trial = [...core.slice(0, at), ...core.slice(at + chunk)];
      const strong = new Set(trial);
      const ops = part.map((op, i) => (strong.has(i) ? op : weak[i]));
      const result = search(model, ops, {
        deadline: limits.deadline,
        maxSteps: Math.min(stepsLeft, limits.maxTrialSteps),
      });
      stepsLeft -= result.steps;
      if (result.outcome === "not-linearizable") {
        const still = new Set(result.reached);
        core = trial.filter((i) => still.has(i));
        removed = true;
      } else {
        complete &&= result.outcome === "linearizable";
        at += chunk;
      }
    }
    if (chunk === 1 && !removed) return { core, complete };
    chunk = Math.max(1, chunk >> 1);
  }
}
