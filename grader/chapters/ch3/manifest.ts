import type { TestSpec } from "../manifest";

/** Chapter 3's graded tests: the single source of their ids, points, hints and sections. */
export const TESTS: readonly TestSpec[] = [
  {
    id: "ch3.004-n1-n5",
    title: "article 004: N5 leads term 3, writes p q, and every log ends as 1 2 3 4 p q",
    points: 6,
    sources: ["004-n1-n5"],
    hints: [
      "A new leader sets every nextIndex just past its own last entry and probes from there; a refusal sends it one entry back.",
      "N1's 5 6 7 conflict with p q: delete from the first conflicting entry to the end of the log, then append what is missing.",
      "N4 lacks 4: its refusals must walk N5 back until the probe names entry 3, which N4 holds.",
    ],
    section: "why-one-step-back-is-enough",
  },
  {
    id: "ch3.002-fig4",
    title: "article 002 Figs 4–5: n0's term-3 log overwrites n2's term-2 entry and n2 steps down",
    points: 8,
    sources: ["002-fig4"],
    hints: [
      "An entry at the same index with a different term is a conflict: delete it and everything after it.",
      "An AppendEntries or a reply carrying a newer term means someone else leads: adopt the term and become a follower.",
    ],
    section: "deleting-only-what-conflicts",
  },
  {
    id: "ch3.000-new-follower",
    title: "article 000: a brand-new follower holding only the base entry catches up on a long log",
    points: 8,
    sources: ["000-new-follower"],
    hints: [
      "Each refusal should move nextIndex back by one, and the leader sends again from there.",
      "The walk ends at nextIndex 1: prevLogIndex 0 names the base entry, which every log holds.",
    ],
    section: "why-one-step-back-is-enough",
  },
  {
    id: "ch3.000-outdated-follower",
    title: "article 000: a follower that missed messages during a network failure is repaired",
    points: 7,
    sources: ["000-outdated-follower"],
    hints: [
      "A new leader starts every nextIndex at the end of its own log; a follower that missed entries refuses, and the leader steps back.",
      "On success, the follower keeps what it has through prevLogIndex and appends the entries it lacks.",
    ],
    section: "why-one-step-back-is-enough",
  },
  {
    id: "ch3.000-comment",
    title: "article 000's comment bug: a follower keeps every entry of one AppendEntries",
    points: 8,
    sources: ["000-comment"],
    hints: [
      "Look at where your follower deletes: once, before appending, not once per entry.",
      "Make sure the append loop walks the entries of the message (msg.entries), not your own log.",
    ],
    section: "the-articles-comment-bug",
  },
  {
    id: "ch3.paper-fig7",
    title: "Raft paper Figure 7: followers (a)–(f) all converge to the term-8 leader's log",
    points: 8,
    sources: ["paper-fig7"],
    hints: [
      "Followers (a) and (b) only lack entries; (c) and (d) hold extra ones; (e) and (f) hold conflicting ones. One rule handles them all.",
      "Delete only from the first index where your term differs from the message's; keep everything that matches.",
    ],
    section: "figure-7",
  },
  {
    id: "ch3.paper-stale-append",
    title: "a delayed old AppendEntries arriving after newer ones deletes nothing",
    points: 8,
    sources: ["paper-stale-append"],
    hints: [
      "Walk the entries of the message: skip each one your log already holds with the same term.",
      "Delete only at the first index whose term differs; if none differs, delete nothing, even when the message is shorter than your log.",
    ],
    section: "deleting-only-what-conflicts",
  },
  {
    id: "ch3.retry-at-once",
    title: "a refused AppendEntries is answered at once with a new one, one entry further back",
    points: 5,
    sources: [],
    hints: [
      "In onAppendEntriesReply, after stepping nextIndex back, send this.appendEntriesFor(from) right away.",
      "Heartbeats repeat what the leader already sent; they are not the retry.",
    ],
    section: "why-one-step-back-is-enough",
  },
  {
    id: "ch3.match-index",
    title: "matchIndex counts exactly the entries a follower's reply confirms",
    points: 5,
    sources: [],
    hints: [
      "On success, the follower holds your entries up to reply.prevLogIndex + reply.entryCount, and no further.",
      "Your log may have grown since that request was sent, so do not use its length, or nextIndex, as matchIndex.",
      "matchIndex only rises: a late or duplicated success that confirms less than you already know leaves it as it is.",
    ],
    section: "nextindex-and-matchindex",
  },
  {
    id: "ch3.next-index-floor",
    title: "a duplicated refusal never pushes nextIndex below 1",
    points: 5,
    sources: [],
    hints: [
      "nextIndex never goes below 1: prevLogIndex 0 names the base entry, which every log holds.",
      "A refusal that answers a probe you have already stepped past can be ignored: compare its prevLogIndex with nextIndex - 1.",
    ],
    section: "nextindex-and-matchindex",
  },
  {
    id: "ch3.old-term-reply",
    title: "a reply from an older term changes nothing on the leader",
    points: 5,
    sources: [],
    hints: [
      "A reply whose term is lower than your current term answers a request from an earlier reign: drop it.",
      "Check the reply's term before looking at success, prevLogIndex or entryCount.",
    ],
    section: "terms-on-the-wire",
  },
  {
    id: "ch3.step-down",
    title: "a leader that sees a reply with a higher term adopts it and steps down",
    points: 5,
    sources: [],
    hints: [
      "observeTerm(reply.term): a newer term means another leader may exist; take the term and become a follower.",
      "Once it has stepped down, the node sends no more AppendEntries.",
    ],
    section: "terms-on-the-wire",
  },
  {
    id: "ch3.leader-rules",
    title:
      "a refusal moves nextIndex back by exactly one, a success sets nextIndex and matchIndex, and every election starts both afresh",
    points: 6,
    sources: [],
    hints: [
      "On a refusal of the probe now outstanding, nextIndex goes down by one: not to 1, not by more.",
      "onBecomeLeader (TODO 3.1) runs at every election, also the second one of the same node: set every peer's nextIndex and matchIndex again there.",
    ],
    section: "nextindex-and-matchindex",
  },
  {
    id: "ch3.receiver-rules",
    title:
      "the receiver's rules one message at a time: an entry of another term conflicts even with the same command, and an older term is refused by a follower and a leader alike",
    points: 4,
    sources: [],
    hints: [
      "An entry conflicts when its term differs from the message's entry at the same index, whatever the commands.",
      "TODO 3.6 holds for every role: an AppendEntries of an older term gets a refusal carrying your term, and changes nothing.",
    ],
    section: "deleting-only-what-conflicts",
  },
  {
    id: "ch3.randomized",
    title: "300 seeded runs with leader changes, drops, delays, duplicates, reordering and partitions: logs converge",
    points: 4,
    sources: [],
    hints: [
      "Log Matching, Leader Append-Only and the leader's nextIndex / matchIndex are checked after every event; the message names the event.",
      "Replay the failing seed with --trace-dir and step through it in the site's player.",
    ],
    section: "deleting-only-what-conflicts",
  },
  {
    id: "ch3.search",
    title:
      "every schedule of two writes reaching two followers to a depth of six, any message lost, duplicated or late: logs, nextIndex and matchIndex right in every state",
    points: 8,
    sources: [],
    hints: [
      "An exhaustive search found the shortest schedule that breaks a rule; the failure lists it step by step.",
      "A reply may arrive twice or after a later one: compute matchIndex from what the reply says, never from your current nextIndex.",
    ],
    section: "deleting-only-what-conflicts",
  },
  {
    id: "ch3.fast-backup-rules",
    title: "stretch: each refusal's hint and each jump of the leader, case by case, on Figure 7's logs",
    points: 5,
    bonus: true,
    sources: ["paper-fig7"],
    hints: [
      "conflictTerm is the follower's term at prevLogIndex, conflictIndex the first index holding that term; a log too short for prevLogIndex says conflictTerm 0, conflictIndex just past its last entry.",
      "The leader lands just past its own last entry of conflictTerm if it holds one, else at conflictIndex, and never beyond next - 1.",
    ],
    section: "stretch-fast-backup",
  },
  {
    id: "ch3.fast-backup",
    title: "stretch: fast backup repairs a follower 1,000 divergent entries behind in at most 60 round trips",
    points: 10,
    bonus: true,
    sources: [],
    hints: [
      "FastBackupNode's refusals carry conflictTerm and conflictIndex (TODO 3.7); its leader jumps with them (TODO 3.8).",
      "If the leader holds no entry of conflictTerm, the whole term is the follower's own: jump to conflictIndex.",
      "If it does, its own entries of that term may match: jump just past its last entry of that term.",
    ],
    section: "stretch-fast-backup",
  },
];
