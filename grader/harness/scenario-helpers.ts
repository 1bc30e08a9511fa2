import type { NodeId } from "../contract";
import type { Prng } from "../sim/prng";

/** The same value (a log, a term) on every node named, for a scenario's `logs`, `terms` and `expectLogs`. */
export function everywhere<T>(nodes: readonly NodeId[], value: T): Record<NodeId, T> {
  return Object.fromEntries(nodes.map((id) => [id, value]));
}

/** One of `xs`, drawn from a randomized scenario's own generator, so a seed always builds the same schedule. */
export function pick<T>(rng: Prng, xs: readonly T[]): T {
  return xs[rng.int(0, xs.length - 1)];
}
