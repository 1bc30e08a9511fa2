import type { TestSpec } from "../manifest";

/** Chapter 2's graded tests: the single source of their ids, points, hints and sections. */
export const TESTS: readonly TestSpec[] = [
  {
    id: "ch2.leader-prevlog",
    title: "the leader's AppendEntries names the index and term of the entry before the one it carries",
    points: 10,
    sources: ["002-fig2"],
    hints: [
      "For the entry at index i, prevLogIndex is i - 1 and prevLogTerm is the term of your entry i - 1.",
      "this.log.term(index) gives a term; the base entry at index 0 has term 0.",
    ],
    section: "the-leaders-side",
  },
  {
    id: "ch2.accepts-match",
    title: "a follower whose entry at prevLogIndex has prevLogTerm takes the entries and replies success",
    points: 15,
    sources: ["002-fig2"],
    hints: [
      "When the check passes, keep your log through prevLogIndex and append the entries after it.",
      "Answer with this.answerAppend(from, msg, true): it sends your term, the verdict, and the request's prevLogIndex and entry count.",
    ],
    section: "the-followers-side",
  },
  {
    id: "ch2.refuses-term-mismatch",
    title: "a follower whose entry at prevLogIndex has another term refuses and keeps its log",
    points: 15,
    sources: ["002-fig2"],
    hints: [
      "Having an entry at prevLogIndex is not enough: its term must equal prevLogTerm.",
      "On a mismatch, change nothing and reply success: false.",
    ],
    section: "the-consistency-check",
  },
  {
    id: "ch2.refuses-past-end",
    title: "a prevLogIndex beyond the end of the follower's log is a mismatch",
    points: 10,
    sources: ["002-fig2"],
    hints: [
      "If your log has no entry at prevLogIndex, this.log.term(prevLogIndex) is undefined: that is a mismatch, not a match.",
    ],
    section: "the-consistency-check",
  },
  {
    id: "ch2.heartbeat-check",
    title: "an empty AppendEntries (a heartbeat) gets the same check and the same reply",
    points: 10,
    sources: ["002-fig2"],
    hints: ["Do not special-case messages without entries: the check and the reply are the same for them."],
    section: "the-consistency-check",
  },
  {
    id: "ch2.base-entry",
    title: "a brand-new follower matches the base entry (index 0, term 0) and takes its first entries",
    points: 10,
    sources: ["000-base-entry"],
    hints: [
      "Index 0 holds the base entry of term 0 in every log, so (prevLogIndex 0, prevLogTerm 0) always matches.",
      "Do not treat index 0 as 'no entry'.",
    ],
    section: "the-base-entry",
  },
  {
    id: "ch2.002-fig1-refused",
    title: "article 002 Fig 1 with checks: F2 refuses the early y and no two logs ever disagree",
    points: 10,
    sources: ["002-fig1"],
    hints: [
      "y arrives at F2 before x: its prevLogIndex (1) is past the end of F2's log, so F2 must refuse it.",
      "When x arrives later, its prevLogIndex is 0, which matches the base entry, so F2 takes x.",
    ],
    section: "the-consistency-check",
  },
  {
    id: "ch2.002-log-matching",
    title: "200 seeded runs with reordering, duplication and drops: Log Matching holds after every event",
    points: 10,
    sources: ["002-log-matching"],
    hints: [
      "Log Matching is checked after every event; the message names the two nodes and the index where their logs disagree.",
      "With a single leader, every follower's log must always be a prefix of the leader's.",
    ],
    section: "log-matching",
  },
  {
    id: "ch2.search",
    title:
      "every schedule of three writes to a depth of ten, any message lost, duplicated or late: Log Matching in every state",
    points: 10,
    sources: ["002-log-matching"],
    hints: [
      "An exhaustive search found the shortest schedule that breaks a rule; the failure lists it step by step.",
      "Replay it with --trace-dir and step through it: each step is one message arriving, perhaps for the second time.",
    ],
    section: "log-matching",
  },
];
