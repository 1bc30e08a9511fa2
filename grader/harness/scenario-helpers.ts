import type { NodeId } from "../contract";
import { RELIABLE, type Action, type NetworkFaults } from "../scenarios/types";
import type { Prng } from "../sim/prng";

/** The same value (a log, a term) on every node named, for a scenario's `logs`, `terms` and `expectLogs`. */
export function everywhere<T>(nodes: readonly NodeId[], value: T): Record<NodeId, T> {
  return Object.fromEntries(nodes.map((id) => [id, value]));
}

/** One of `xs`, drawn from a randomized scenario's own generator, so a seed always builds the same schedule. */
export function pick<T>(rng: Prng, xs: readonly T[]): T {
  return xs[rng.int(0, xs.length - 1)];
}

/** How a chapter's chaos runs draw their faults: the shape of its schedule, fixed per chapter so its seeds stay the same. */
export interface ChaosShape {
  /** The longest delivery delay a run may draw. */
  readonly maxDelay: number;
  /** The latest time of the first fault. */
  readonly firstAt: number;
  /** Each fault's kind is drawn from 0 to this: 0 crash, 1 restart, 2 partition, 3 heal; any other draw (or a crash or restart that cannot be) is a write. */
  readonly kinds: number;
  /** The gap between two faults, in ticks. */
  readonly gap: readonly [number, number];
  /** A write's request id, when the chapter checks replies by id. */
  readonly writeId?: (command: string, node: NodeId) => string;
}

/**
 * Chaos up to `calm`: crashes (never more than two nodes down), restarts, partitions into two
 * sides, heals, and client writes sent to every node (only a leader takes them); at `calm` the
 * network heals and turns reliable, and every node that is down restarts.
 */
export function chaosSchedule(
  rng: Prng,
  nodes: readonly NodeId[],
  calm: number,
  shape: ChaosShape,
): { network: NetworkFaults; schedule: Action[] } {
  const network: NetworkFaults = {
    delay: [1, rng.int(1, shape.maxDelay)],
    drop: rng.int(0, 15) / 100,
    duplicate: rng.int(0, 20) / 100,
  };
  const schedule: Action[] = [];
  const down = new Set<NodeId>();
  let writes = 0;
  for (let at = rng.int(0, shape.firstAt); at < calm; at += rng.int(shape.gap[0], shape.gap[1])) {
    const kind = rng.int(0, shape.kinds);
    if (kind === 0 && down.size < 2) {
      const node = pick(
        rng,
        nodes.filter((id) => !down.has(id)),
      );
      down.add(node);
      schedule.push({ at, crash: node });
    } else if (kind === 1 && down.size > 0) {
      const node = pick(rng, [...down]);
      down.delete(node);
      schedule.push({ at, restart: node });
    } else if (kind === 2) {
      const shuffled = nodes
        .map((id) => ({ id, key: rng.next() }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.id);
      const cut = rng.int(1, 2);
      schedule.push({ at, partition: [shuffled.slice(0, cut), shuffled.slice(cut)] });
    } else if (kind === 3) {
      schedule.push({ at, heal: true });
    } else {
      const command = `w${++writes}`;
      for (const id of nodes) {
        schedule.push({ at, write: id, command, ...(shape.writeId ? { id: shape.writeId(command, id) } : {}) });
      }
    }
  }
  schedule.push(
    { at: calm, heal: true },
    { at: calm, network: RELIABLE },
    ...[...down].map((node) => ({ at: calm, restart: node })),
  );
  return { network, schedule };
}
