import type { TestSpec } from "../manifest";

/** Chapter 4's graded tests: the single source of their ids, points, hints and sections. */
export const TESTS: readonly TestSpec[] = [
  {
    id: "ch4.vote-rules",
    title:
      "Figure 2's RequestVote receiver, message by message: older terms refused, one vote per term, and every branch of the up-to-date check",
    points: 8,
    sources: [],
    hints: [
      "Compare last terms first: the later last term wins whatever the lengths; only with equal last terms does the longer (or equal) log win.",
      "A request of a newer term is handled after adopting that term, with votedFor forgotten; a retry from the candidate you voted for is granted again.",
    ],
    section: "the-election-restriction",
  },
  {
    id: "ch4.restart-vote",
    title: "a node that voted in a term and restarts does not vote for anyone else in that term",
    points: 10,
    sources: [],
    hints: [
      "votedFor must live in this.storage.votedFor, which survives a crash; a field of the node is lost on restart.",
      "A node may grant its vote again to the candidate it already voted for in this term (its first reply may have been lost), but to nobody else.",
    ],
    section: "one-vote-per-term",
  },
  {
    id: "ch4.stale-messages",
    title:
      "old messages of an earlier term neither reset the election timer, nor win a vote, nor count as one; an old RequestVote is refused with the voter's term",
    points: 10,
    sources: [],
    hints: [
      "Reset the election timer only for an AppendEntries of your current term or when you grant a vote; a message of an older term is answered (refused) and otherwise ignored.",
      "Grant only a RequestVote of your current term (after adopting a newer one), and count only RequestVoteReplies of your current term.",
      "Answer every RequestVote, even one of an older term: refuse it with your current term, so that the candidate learns it is behind.",
    ],
    section: "terms-as-a-logical-clock",
  },
  {
    id: "ch4.candidate-rules",
    title:
      "Figure 2's candidate: it votes for itself in a new term, wins with more than half the votes, follows a leader of its term, and refuses an older one",
    points: 6,
    sources: [],
    hints: [
      "An AppendEntries of the candidate's own term means someone else won that term: become a follower.",
      "An AppendEntries of an older term is refused like any stale message, and the candidate carries on.",
      "More than half: with four nodes, two votes (its own and one more) are not enough; three are.",
      "Each election timeout is drawn anew from ELECTION_TIMEOUT: 10 to 20 ticks after the timer was last reset, never more.",
    ],
    section: "requestvote",
  },
  {
    id: "ch4.timer-rules",
    title:
      "Figure 2's follower timer: a vote granted and any AppendEntries of the current leader reset it; a refused vote or an older term's AppendEntries does not",
    points: 6,
    sources: [],
    hints: [
      "Call resetElectionTimer() when you grant a vote (TODO 4.5), and only then: a refusal leaves the timer as it was.",
      "An AppendEntries of your current term comes from the leader of that term even when its prevLog check fails: it resets the timer before the check.",
      "An AppendEntries of an older term comes from a deposed leader: it resets nothing.",
    ],
    section: "election-timeouts",
  },
  {
    id: "ch4.first-election",
    title: "five nodes with no leader elect one within 100 ticks, and it sends heartbeats at once",
    points: 10,
    sources: [],
    hints: [
      "When the election timer runs out, a follower increments its term, votes for itself (in storage), becomes a candidate, resets its timer and sends every peer a RequestVote.",
      "A RequestVote carries the candidate's new term, its id, and the index and term of its last log entry (this.log.lastIndex(), this.log.lastTerm()).",
      "A candidate with votes from a majority of the cluster, itself included, becomes leader and sends every peer an AppendEntries straight away.",
    ],
    section: "requestvote",
  },
  {
    id: "ch4.re-election",
    title:
      "when the leader crashes, the others elect a new leader of a later term; the old one comes back as a follower",
    points: 8,
    sources: [],
    hints: [
      "Followers that stop hearing heartbeats must time out and stand for election: only an AppendEntries of the current term, or granting a vote, resets the timer.",
      "A node that restarts is a follower with a fresh timer; the first heartbeat of a newer term makes it adopt that term.",
    ],
    section: "election-timeouts",
  },
  {
    id: "ch4.004-n4-not-elected",
    title: "article 004: N4, which lacks the committed entry 4, is never elected; N2, N3 and N5 refuse it their votes",
    points: 10,
    sources: ["004-n4-not-elected"],
    hints: [
      "Before granting a vote, compare the candidate's last entry (lastLogIndex, lastLogTerm) with your own last entry.",
      "The candidate is up to date if its last term is later than yours, or the same with a log at least as long. N4's last term is 1, N2's is 2.",
      "Make sure the comparison asks whether the candidate is at least as up to date as you, not the other way round.",
    ],
    section: "the-election-restriction",
  },
  {
    id: "ch4.004-longest-log",
    title: "article 004: N5's longest log (r s t of term 3) loses to x y of term 4 in each of 500 seeds",
    points: 8,
    sources: ["004-longest-log"],
    hints: [
      "Length alone does not make a log up to date: compare the terms of the last entries first.",
      "Only when the last terms are equal does the longer log win (or an equally long one).",
    ],
    section: "the-election-restriction",
  },
  {
    id: "ch4.004-split-vote",
    title:
      "article 004: after the leader crashes, its followers split the vote on a slow network, retry after random timeouts, and one wins within 1,000 ticks in each of 500 seeds",
    points: 8,
    sources: ["004-split-vote"],
    hints: [
      "Draw every election timeout afresh with env.random() from ELECTION_TIMEOUT, each time the timer is reset.",
      "A candidate whose election fails simply times out again and stands in a newer term.",
    ],
    section: "split-votes",
  },
  {
    id: "ch4.004-minority",
    title: "article 004: split 2 | 3, the two never elect a leader and the three do; after healing one leader remains",
    points: 8,
    sources: ["004-minority"],
    hints: [
      "A candidate needs votes from a majority of the whole cluster (3 of 5), not of the nodes it can reach.",
      "After healing, any message of a newer term makes a node — the old leader too — adopt the term and become a follower.",
    ],
    section: "minority-partitions",
  },
  {
    id: "ch4.004-one-leader-per-term",
    title:
      "500 seeded runs of crashes, restarts, partitions, drops, reordering and duplicates: never two leaders in one term",
    points: 8,
    sources: ["004-one-leader-per-term"],
    hints: [
      "The message names the invariant that broke, the event and the seed: replay it with --trace-dir and look at the votes of that term.",
      "One vote per term (kept in storage), votes counted only in their own term, each voter once: then two leaders of a term would need two majorities, and two majorities always share a node.",
    ],
    section: "one-vote-per-term",
  },
];
