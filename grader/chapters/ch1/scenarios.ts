import { append } from "../../scenarios/inject";
import { RELIABLE, type Scenario } from "../../scenarios/types";

/**
 * A leader of `term` takes `writes` client commands, one per tick, on a network that delivers
 * in order. A term other than 1 tells a leader that uses its currentTerm from one that writes 1.
 */
export function inOrder(nodes: readonly string[], writes: readonly string[], term = 1): Scenario {
  return {
    id: `in-order-${nodes.length}${term === 1 ? "" : `-term-${term}`}`,
    title: `${nodes.length} nodes, ${writes.length} writes in term ${term}, a reliable in-order network`,
    nodes,
    network: RELIABLE,
    schedule: [
      { at: 0, lead: nodes[0], term },
      ...writes.map((command, i) => ({ at: i + 1, write: nodes[0], command })),
    ],
    until: writes.length + 20,
    stopWhenQuiet: true,
  };
}

/**
 * Article 002, Fig 1: the leader sends x and then y; the message carrying x to follower F2 is
 * held up, so F2 hears y first.
 */
export const FIG1: Scenario = {
  id: "002-fig1",
  title: "Article 002, Fig 1: one delayed message reorders a follower's log",
  source: "002-fig1",
  nodes: ["L", "F1", "F2"],
  network: RELIABLE,
  rules: [{ from: "L", to: "F2", type: "AppendEntries", nth: 1, action: { delayBy: 3 } }],
  schedule: [
    { at: 0, lead: "L", term: 1 },
    { at: 1, write: "L", command: "x" },
    { at: 2, write: "L", command: "y" },
  ],
  until: 20,
  stopWhenQuiet: true,
};

/**
 * The follower's rule at the rule itself: F holds a, and one AppendEntries from L carries two
 * entries, b and c. Chapter 1's leader sends one entry a message, but a follower takes every
 * entry a message carries, in order (chapter 3's leaders send many).
 */
export const BATCH: Scenario = {
  id: "rule-follower-batch",
  title: "one AppendEntries carries two entries, and F appends both, in order",
  nodes: ["L", "F"],
  logs: { F: "t1: a" },
  schedule: [
    {
      at: 1,
      from: "L",
      to: "F",
      inject: append(1, 0, 0, [
        { term: 1, command: "b" },
        { term: 1, command: "c" },
      ]),
    },
  ],
  until: 5,
  stopWhenQuiet: true,
};
