import { explain } from "./explain";
import type { Operation } from "./history";
import {
  kvModel,
  registerModel,
  type KvInput,
  type KvOutput,
  type Model,
  type RegisterInput,
  type RegisterOutput,
} from "./model";
import { startSearch, type Search } from "./search";
import { shrink } from "./shrink";

export type Verdict<I, O> =
  | { verdict: "linearizable" }
  | {
      verdict: "not-linearizable";
      /** The part (key) that fails, when the model splits the history. */
      key?: string;
      /** A small set of the part's operations that cannot be ordered, in the order of their calls. */
      ops: Operation<I, O>[];
      explanation: string;
      /** Every operation of the failing part. */
      partition: Operation<I, O>[];
    }
  | { verdict: "unknown"; reason: string };

export interface CheckOptions {
  /** Wall-clock milliseconds for the whole check, shrinking the explanation included. */
  readonly budgetMs?: number;
}

export const DEFAULT_BUDGET_MS = 10_000;

/**
 * The parts' searches take turns, each running until its steps reach the allowance, which
 * doubles every round: a part that fails early is found without waiting for a hard one to end.
 */
const FIRST_ALLOWANCE = 16_384;

/**
 * Steps the explanation's shrinking may take in all and in one trial: multiples of the failing
 * search's own, with floors for searches that failed at once. Counts keep the explanation the
 * same on every machine; the budget still bounds it in time.
 */
const SHRINK_STEPS = { factor: 20, floor: 500_000 };
const TRIAL_STEPS = { factor: 4, floor: 50_000 };

interface PartSearch<I, O> {
  readonly part: Operation<I, O>[];
  readonly search: Search;
}

/**
 * Whether the history could have come from the model, part by part: a failing part decides;
 * a part the budget cut short leaves the verdict unknown unless another fails.
 */
export function checkHistory<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly Operation<I, O>[],
  options: CheckOptions = {},
): Verdict<I, O> {
  for (const op of ops)
    if (op.ret !== undefined && op.ret < op.call)
      throw new RangeError(`an operation of client ${op.client} returns at ${op.ret}, before its call at ${op.call}`);
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const deadline = performance.now() + budgetMs;
  const keyOf = (part: readonly Operation<I, O>[]) => (part.length > 0 ? model.keyOf?.(part[0]) : undefined);
  let pending: PartSearch<I, O>[] = (model.partition?.(ops) ?? [[...ops]]).map((part) => ({
    part,
    search: startSearch(model, part),
  }));
  // The first round runs even on a budget already spent: a part done within its first look at
  // the clock (see `search`) is decided whatever the budget.
  for (let allowance = FIRST_ALLOWANCE; pending.length > 0; allowance *= 2) {
    const unfinished: PartSearch<I, O>[] = [];
    for (const { part, search } of pending) {
      const result = search.run({ deadline, maxSteps: allowance });
      if (result.outcome === "gave-up") unfinished.push({ part, search });
      if (result.outcome !== "not-linearizable") continue;
      const { core, complete } = shrink(model, part, result.reached, {
        deadline,
        maxSteps: Math.max(SHRINK_STEPS.floor, SHRINK_STEPS.factor * result.steps),
        maxTrialSteps: Math.max(TRIAL_STEPS.floor, TRIAL_STEPS.factor * result.steps),
      });
      const witness = core.map((i) => part[i]);
      const key = keyOf(part);
      const explanation = explain(model, witness, part.length - witness.length, complete, key);
      return {
        verdict: "not-linearizable",
        ...(key === undefined ? {} : { key }),
        ops: witness,
        explanation,
        partition: part,
      };
    }
    pending = unfinished;
    if (performance.now() > deadline) break;
  }
  if (pending.length === 0) return { verdict: "linearizable" };
  const key = keyOf(pending[0].part);
  const which = key === undefined ? "" : ` of key ${JSON.stringify(key)}`;
  return { verdict: "unknown", reason: `the search${which} did not finish within the budget of ${budgetMs} ms` };
}

export function checkKv(
  ops: readonly Operation<KvInput, KvOutput>[],
  options?: CheckOptions,
): Verdict<KvInput, KvOutput> {
  return checkHistory(kvModel, ops, options);
}

export function checkRegister(
  ops: readonly Operation<RegisterInput, RegisterOutput>[],
  options?: CheckOptions,
): Verdict<RegisterInput, RegisterOutput> {
  return checkHistory(registerModel, ops, options);
}
