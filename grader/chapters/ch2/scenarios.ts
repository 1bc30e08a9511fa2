import type { AppendEntries } from "../../contract";
import type { SearchSpace } from "../../harness/explore";
import { append } from "../../scenarios/inject";
import { RELIABLE, type NetworkFaults, type Scenario } from "../../scenarios/types";
import { Prng } from "../../sim/prng";

/** A follower F with `log` receives one AppendEntries from L. */
export function probe(id: string, title: string, log: string, msg: AppendEntries, source?: string): Scenario {
  return {
    id,
    title,
    source,
    nodes: ["L", "F"],
    logs: { F: log },
    schedule: [{ at: 1, inject: msg, from: "L", to: "F" }],
    until: 5,
    stopWhenQuiet: true,
  };
}

/** Article 002, Fig 2: a follower holding "t1: a b" is offered c of term 2 after (2, term 1). */
export const FIG2_MATCH = probe(
  "002-fig2",
  "Article 002, Fig 2: the entry before c matches, so F takes c",
  "t1: a b",
  append(2, 2, 1, [{ term: 2, command: "c" }]),
  "002-fig2",
);

/** The same follower, offered c after (2, term 2): its entry 2 is of term 1, so it refuses. */
export const FIG2_MISMATCH = probe(
  "002-fig2-mismatch",
  "Article 002, Fig 2: the entry before c is of another term, so F refuses",
  "t1: a b",
  append(2, 2, 2, [{ term: 2, command: "c" }]),
  "002-fig2",
);

/** A leader that already holds "t1: a b" leads term 2 and takes c and d; followers hold the same prefix. */
export const LEADER_PREV: Scenario = {
  id: "leader-prev",
  title: "A term-2 leader extends a log of term 1: each AppendEntries names the entry before",
  source: "002-fig2",
  nodes: ["L", "F1", "F2"],
  logs: { L: "t1: a b", F1: "t1: a b", F2: "t1: a b" },
  schedule: [
    { at: 0, lead: "L", term: 2 },
    { at: 1, write: "L", command: "c" },
    { at: 2, write: "L", command: "d" },
  ],
  until: 20,
  stopWhenQuiet: true,
};

/**
 * Article 002's Log Matching claims under a hostile network: one leader, writes at random
 * times, and messages delayed, reordered, duplicated and dropped.
 */
export function chaos(seed: number): Scenario {
  const rng = new Prng(seed, "ch2-chaos");
  const size = rng.int(3, 5);
  const nodes = ["L", ...Array.from({ length: size - 1 }, (_, i) => `F${i + 1}`)];
  const network: NetworkFaults = {
    delay: [1, rng.int(2, 8)],
    drop: rng.int(0, 20) / 100,
    duplicate: rng.int(0, 25) / 100,
  };
  const writes = rng.int(4, 12);
  let at = 0;
  const schedule: Scenario["schedule"] = [
    { at: 0, lead: "L", term: 1 },
    ...Array.from({ length: writes }, (_, i) => ({ at: (at += rng.int(0, 3)) + 1, write: "L", command: `c${i + 1}` })),
  ];
  return {
    id: "chaos",
    title: `Log Matching under reordering, duplication and drops (seed ${seed})`,
    source: "002-log-matching",
    nodes,
    network,
    schedule,
    until: at + 40,
    stopWhenQuiet: true,
  };
}

export { RELIABLE };

/**
 * Every schedule of a leader of term 3, a follower holding an entry of an older term where the
 * leader's differs, an empty follower, and three writes, to a depth of ten steps: any message
 * sent may arrive at any step, again or never. Log Matching must hold in each state.
 */
export const SEARCH: SearchSpace = {
  id: "search",
  title: "Every interleaving of three writes' messages, with loss, duplication and reordering",
  nodes: ["L", "F1", "F2"],
  logs: { L: "t1: a t2: b", F1: "t1: a b", F2: "t1: a t2: b" },
  setup: [{ at: 0, lead: "L", term: 3 }],
  writes: [
    { to: "L", command: "x" },
    { to: "L", command: "y" },
    { to: "L", command: "z" },
  ],
  depth: 10,
  maxStates: 2_000,
};
