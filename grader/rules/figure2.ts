/**
 * The Raft paper's Figure 2, rule by rule (in the workbook's words), each with the graded tests
 * that check it directly: a node in a known state is handed one message or one tick, and its
 * immediate reaction is checked. `npm run coverage:rules` prints the map; a self-test checks
 * that no rule is left without a test and that every test named exists.
 */
export interface Rule {
  readonly part: string;
  readonly rule: string;
  readonly tests: readonly string[];
}

export const FIGURE_2: readonly Rule[] = [
  // State
  {
    part: "State",
    rule: "currentTerm, votedFor and log[] are kept on stable storage, updated before answering",
    tests: ["ch4.restart-vote", "ch5.restart-reapply"],
  },
  {
    part: "State",
    rule: "commitIndex and lastApplied are volatile: a restarted node starts both at 0",
    tests: ["ch5.restart-reapply"],
  },
  {
    part: "State",
    rule: "a leader's nextIndex starts just past its last entry and matchIndex at 0, after every election",
    tests: ["ch3.leader-rules", "ch3.match-index", "ch3.000-new-follower"],
  },
  // AppendEntries RPC, receiver
  {
    part: "AppendEntries receiver",
    rule: "1. an AppendEntries of an older term is refused, with the receiver's term",
    tests: ["ch3.receiver-rules", "ch4.candidate-rules"],
  },
  {
    part: "AppendEntries receiver",
    rule: "2. refused when the log holds no entry at prevLogIndex, or one of another term than prevLogTerm",
    tests: ["ch2.refuses-term-mismatch", "ch2.refuses-past-end", "ch2.heartbeat-check", "ch2.base-entry"],
  },
  {
    part: "AppendEntries receiver",
    rule: "3. an entry that conflicts with a new one (same index, other term) is deleted with all that follow it",
    tests: ["ch3.receiver-rules", "ch3.002-fig4", "ch3.paper-fig7"],
  },
  {
    part: "AppendEntries receiver",
    rule: "3'. entries that do not conflict are kept, even when a delayed older AppendEntries arrives",
    tests: ["ch3.paper-stale-append", "ch3.000-comment"],
  },
  {
    part: "AppendEntries receiver",
    rule: "4. new entries not already in the log are appended",
    tests: ["ch1.follower-appends-all", "ch2.accepts-match", "ch2.base-entry"],
  },
  {
    part: "AppendEntries receiver",
    rule: "5. commitIndex becomes min(leaderCommit, index of the last new entry) when leaderCommit is higher",
    tests: ["ch5.follower-commit-min", "ch5.002-fig6"],
  },
  // RequestVote RPC, receiver
  {
    part: "RequestVote receiver",
    rule: "1. a RequestVote of an older term is refused, with the receiver's term",
    tests: ["ch4.vote-rules", "ch4.stale-messages"],
  },
  {
    part: "RequestVote receiver",
    rule: "2. a vote is granted only if votedFor is null or the candidate, once per term, a retry granted again",
    tests: ["ch4.vote-rules", "ch4.restart-vote"],
  },
  {
    part: "RequestVote receiver",
    rule: "2'. and only if the candidate's log is at least as up-to-date (every branch of last term and length)",
    tests: ["ch4.vote-rules", "ch4.004-n4-not-elected", "ch4.004-longest-log"],
  },
  // Rules for servers: all servers
  {
    part: "All servers",
    rule: "while commitIndex > lastApplied, the next entry is applied, in index order, once",
    tests: ["ch5.leader-commit-rule", "ch5.002-fig6", "ch5.restart-reapply"],
  },
  {
    part: "All servers",
    rule: "a request or reply of a newer term makes the node adopt that term and follow",
    tests: ["ch3.step-down", "ch4.vote-rules", "ch4.candidate-rules", "ch4.stale-messages"],
  },
  // Followers
  {
    part: "Followers",
    rule: "a follower answers leaders and candidates",
    tests: ["ch2.accepts-match", "ch4.vote-rules"],
  },
  {
    part: "Followers",
    rule: "a follower that hears no current leader and grants no vote for an election timeout stands for election",
    tests: ["ch4.timer-rules", "ch4.first-election", "ch4.re-election", "ch4.candidate-rules", "ch4.stale-messages"],
  },
  // Candidates
  {
    part: "Candidates",
    rule: "on standing: a new term, a vote for itself, a fresh timer, and a RequestVote to every peer",
    tests: ["ch4.candidate-rules", "ch4.first-election"],
  },
  {
    part: "Candidates",
    rule: "votes of a majority of the cluster in its term make it leader",
    tests: ["ch4.first-election", "ch4.004-minority", "ch4.candidate-rules", "ch4.stale-messages"],
  },
  {
    part: "Candidates",
    rule: "an AppendEntries from the leader of its term makes it a follower",
    tests: ["ch4.candidate-rules"],
  },
  {
    part: "Candidates",
    rule: "a timeout with no winner starts a new election",
    tests: ["ch4.004-split-vote", "ch4.004-minority"],
  },
  // Leaders
  {
    part: "Leaders",
    rule: "on election, an AppendEntries to every peer at once, and heartbeats while idle",
    tests: ["ch4.first-election", "ch2.heartbeat-check"],
  },
  {
    part: "Leaders",
    rule: "a client's command is appended to the leader's log, and answered only once applied",
    tests: ["ch1.leader-appends", "ch5.ack-after-commit", "ch5.002-no-early-ack"],
  },
  {
    part: "Leaders",
    rule: "a follower whose nextIndex is at or below the last index gets the entries from nextIndex",
    tests: ["ch2.leader-prevlog", "ch3.000-new-follower", "ch1.sends-to-every-peer"],
  },
  {
    part: "Leaders",
    rule: "a success moves the follower's nextIndex and matchIndex to what the reply confirms",
    tests: ["ch3.match-index", "ch3.leader-rules"],
  },
  {
    part: "Leaders",
    rule: "a refusal for inconsistency moves nextIndex back by one and retries at once, never below 1",
    tests: ["ch3.leader-rules", "ch3.retry-at-once", "ch3.next-index-floor"],
  },
  { part: "Leaders", rule: "a reply of an older term changes nothing", tests: ["ch3.old-term-reply"] },
  {
    part: "Leaders",
    rule: "commitIndex moves to the highest N a majority holds whose entry is of the current term",
    tests: ["ch5.leader-commit-rule", "ch5.paper-fig8", "ch5.no-op"],
  },
  {
    part: "Leaders",
    rule: "a majority is more than half the cluster, and only a leader counts matchIndex to commit",
    tests: ["ch5.leader-commit-quorum"],
  },
];
