import type { TestSpec } from "../manifest";

const commitRule = "when-is-an-entry-committed";

/** Chapter 5's graded tests: the single source of their ids, points, hints and sections. */
export const TESTS: readonly TestSpec[] = [
  {
    id: "ch5.leader-commit-rule",
    title: "a leader commits once a majority, itself counted once, holds an entry of its term",
    points: 4,
    sources: [],
    hints: [
      "Count yourself once, plus every peer whose matchIndex is at least N: N is committed when that count is more than half the cluster.",
      "With five nodes, the leader and two followers make three, a majority; the leader and one follower do not.",
      "Only an entry of your current term is committed by counting its replicas; the older entries before it commit with it (Raft paper, Figure 8).",
    ],
    section: commitRule,
  },
  {
    id: "ch5.leader-commit-quorum",
    title: "a majority is more than half, also with four nodes, and a leader that stepped down stops counting",
    points: 4,
    sources: [],
    hints: [
      "More than half: holders * 2 > the cluster's size. With four nodes that takes three holders, not two.",
      "The commit rule is a leader's: once a node is a follower, its commitIndex moves only on a leader's leaderCommit, whatever its matchIndex still says.",
    ],
    section: commitRule,
  },
  {
    id: "ch5.follower-commit-min",
    title: "a follower's commitIndex is min(leaderCommit, the last entry the message made it hold)",
    points: 8,
    sources: [],
    hints: [
      "Entries past the ones this AppendEntries carried were never checked against the leader's log: they may be a dead leader's, never committed.",
      "commitIndex = min(leaderCommit, prevLogIndex + entries.length), and only when that is higher than what you have.",
    ],
    section: "carrying-the-commit-point",
  },
  {
    id: "ch5.002-fig6",
    title:
      "article 002 Fig 6: LeaderCommit carries the commit point; each follower applies exactly the committed prefix",
    points: 8,
    sources: ["002-fig6"],
    hints: [
      "The leader puts its commitIndex in every AppendEntries it sends (leaderCommit), heartbeats included.",
      "A follower applies an entry only once it has learned it is committed, never on receiving it.",
    ],
    section: "carrying-the-commit-point",
  },
  {
    id: "ch5.ack-after-commit",
    title: "a client hears ok only after its entry is committed and applied, with the index it got",
    points: 4,
    sources: [],
    hints: [
      "Remember which request waits on which index when you propose it; answer it from applyCommitted, when that index is applied.",
    ],
    section: "answering-clients",
  },
  {
    id: "ch5.002-no-early-ack",
    title:
      "article 002: no ok for an entry only a minority holds; an entry a majority holds survives the leader's crash",
    points: 8,
    sources: ["002-no-early-ack"],
    hints: [
      "A leader cut off with a minority can append, but its entries never commit: it must not answer the client.",
      "A leader that steps down forgets the clients waiting on it; they will retry elsewhere.",
    ],
    section: "answering-clients",
  },
  {
    id: "ch5.no-op",
    title: "a new leader's no-op lets entries of earlier terms commit in a quiet cluster",
    points: 8,
    sources: [],
    hints: [
      "A leader can only commit an entry of its own term by counting; with no client writing, it needs one: propose(NO_OP) as it takes office.",
    ],
    section: "the-no-op-entry",
  },
  {
    id: "ch5.004-entry5-n2-wins",
    title: "article 004: if N2 wins, the old entry 5 commits together with N2's first entry of its own term",
    points: 8,
    sources: ["004-entry5-n2-wins"],
    hints: [
      "N2 does nothing special about entry 5: replicating its own log (entry 5, then its no-op) brings 5 along, and committing the no-op commits 5.",
    ],
    section: "figure-8",
  },
  {
    id: "ch5.004-entry5-n5-wins",
    title: "article 004: if N5 wins with N3 and N4, the old entry 5 is overwritten on N2 and never applied",
    points: 8,
    sources: ["004-entry5-n5-wins"],
    hints: ["Entry 5 was never committed, so losing it is allowed; applying it anywhere is not."],
    section: "figure-8",
  },
  {
    id: "ch5.paper-fig8",
    title:
      "Raft paper Figure 8: an older-term entry on a majority is not committed by counting, and commits with a current-term entry",
    points: 9,
    sources: ["paper-fig8"],
    hints: [
      "Only an entry of your current term is committed by counting replicas; entries before it commit with it.",
      "In Figure 8 (c), S1 of term 4 sees y of term 2 on S1, S2 and S3: S5 can still win and overwrite it, so it is not committed.",
    ],
    section: "figure-8",
  },
  {
    id: "ch5.restart-reapply",
    title: "after a restart a node's state machine starts empty and it applies again from index 1",
    points: 6,
    sources: [],
    hints: [
      "commitIndex and lastApplied are volatile: a new instance starts both at 0 and learns the commit point from the leader again.",
    ],
    section: "applying-in-order",
  },
  {
    id: "ch5.004-tolerate-f",
    title: "article 004: five nodes commit with two down, acknowledge nothing with three down, and lose nothing",
    points: 6,
    sources: ["004-tolerate-f"],
    hints: ["With three of five down the leader can append but never reach a majority: no commit, no ok."],
    section: "surviving-crashes",
  },
  {
    id: "ch5.004-committed-survive",
    title:
      "600 seeds of crashes, partitions and a faulty network: no acknowledged write is lost, and the healed cluster agrees",
    points: 9,
    sources: ["004-committed-survive"],
    hints: [
      "State Machine Safety needs every earlier rule: check the failing invariant's name, then the chapter it comes from.",
      "After the network heals, a leader's heartbeats bring every follower up to date and its leaderCommit lets them apply.",
    ],
    section: "surviving-crashes",
  },
  {
    id: "ch5.search",
    title:
      "every schedule of a leader with an older term's entry to a depth of six: nothing applied or acknowledged before it is committed",
    points: 10,
    sources: ["paper-fig8"],
    hints: [
      "An exhaustive search found the shortest schedule that breaks a rule; the failure lists it step by step.",
      "Count replicas only for an entry of your current term; a reply that arrives twice must not count twice.",
    ],
    section: "figure-8",
  },
];
