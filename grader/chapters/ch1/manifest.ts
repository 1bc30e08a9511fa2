import type { TestSpec } from "../manifest";

/** Chapter 1's graded tests: the single source of their ids, points, hints and sections. */
export const TESTS: readonly TestSpec[] = [
  {
    id: "ch1.leader-appends",
    title: "the leader appends a client's command to its own log in its term",
    points: 10,
    sources: [],
    hints: [
      "propose(command) starts by appending { term: this.currentTerm, command } to this.log.",
      "this.log.append returns the new last index: that is what propose returns.",
    ],
    section: "the-leaders-side",
  },
  {
    id: "ch1.sends-to-every-peer",
    title: "each write sends one AppendEntries, carrying exactly that entry, to every peer",
    points: 20,
    sources: [],
    hints: [
      "Loop over this.peers (it never contains the node itself) and this.env.send(peer, this.appendEntriesFor(peer)).",
      "appendEntriesFor carries only the newest entry: this.log.slice(last, last + 1).",
      "The message's term is the leader's currentTerm and leaderId is this.id.",
    ],
    section: "the-leaders-side",
  },
  {
    id: "ch1.in-order-3",
    title: "three nodes on an in-order network: every follower ends with the leader's log",
    points: 20,
    sources: [],
    hints: ["A follower appends msg.entries to the end of its own log, in the order it receives them."],
    section: "the-followers-side",
  },
  {
    id: "ch1.in-order-5",
    title: "five nodes, ten writes: every follower ends with the leader's log",
    points: 15,
    sources: [],
    hints: ["Every peer must get every entry: check that propose sends to all of this.peers, not just the first."],
    section: "the-followers-side",
  },
  {
    id: "ch1.follower-appends-all",
    title: "a follower appends every entry one AppendEntries carries, in order",
    points: 10,
    sources: [],
    hints: [
      "msg.entries is a list: append all of it (this.log.append(...msg.entries)), not just its first or last entry.",
    ],
    section: "the-followers-side",
  },
  {
    id: "ch1.002-fig1-diverge",
    title: "article 002 Fig 1: one delayed message and the vanilla follower's log order differs",
    points: 25,
    sources: ["002-fig1"],
    hints: [
      "This test demonstrates the flaw chapter 2 fixes: a vanilla follower appends in arrival order, so the late x lands after y.",
      "Do not add any check yet; the follower simply appends whatever arrives.",
    ],
    section: "where-vanilla-breaks",
  },
];
