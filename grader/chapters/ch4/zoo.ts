import type { Mutant } from "../../zoo/mutant";

const FILE = "ch4-election.ts";

/** The reference's receive (TODO 4.2): adopt a newer term, then dispatch. */
const RECEIVE = "    this.observeTerm(msg.term);\n    super.receive(from, msg);";

/** Chapter 4's bug zoo: classic mistakes, each caught by this chapter's tests with a message naming it. */
export const MUTANTS: readonly Mutant[] = [
  {
    id: "ch4.up-to-date-by-length",
    mistake: '"up to date" judged by log length only',
    file: FILE,
    find: "return lastLogTerm > myTerm || (lastLogTerm === myTerm && lastLogIndex >= this.log.lastIndex());",
    replace: "return lastLogIndex >= this.log.lastIndex();",
    expect:
      /granted its vote in term \d+ to N5 \(t=\d+\), whose log is longer but less up to date .* compare the terms of the last entries first/,
  },
  {
    id: "ch4.up-to-date-reversed",
    mistake: "the up-to-date comparison is the wrong way round (the voter's log against the candidate's)",
    file: FILE,
    find: "return lastLogTerm > myTerm || (lastLogTerm === myTerm && lastLogIndex >= this.log.lastIndex());",
    replace: "return lastLogTerm < myTerm || (lastLogTerm === myTerm && lastLogIndex <= this.log.lastIndex());",
    expect:
      /granted its vote in term \d+ to N4 \(t=\d+\), whose log is less up to date .* N4 lacks entry 4, which N1 committed.* not the wrong way round/,
  },
  {
    id: "ch4.two-votes-per-term",
    mistake: "a node grants a vote to every up-to-date candidate of the term (votedFor is never checked)",
    file: FILE,
    find: "(votedFor === null || votedFor === msg.candidateId) &&",
    replace: "",
    expect: /one vote per term: N\d granted its vote in term \d+ to N\d and then to N\d \(after event/,
  },
  {
    id: "ch4.vote-without-adopting-term",
    mistake:
      "a vote is granted without adopting the candidate's newer term first (receive does not observe the term, and the grant ignores it)",
    file: FILE,
    find: RECEIVE,
    replace: "    super.receive(from, msg);",
    more: [{ find: "msg.term === this.currentTerm &&\n      (votedFor", replace: "(votedFor" }],
    expect:
      /granted its vote to N\d in a reply of term \d+ \(t=\d+\), but N\d had asked it for its vote of term \d+: .*Adopt a newer term first/,
  },
  {
    id: "ch4.timer-reset-by-every-message",
    mistake: "the election timer is reset by every message that arrives",
    file: FILE,
    find: RECEIVE,
    replace: "    this.observeTerm(msg.term);\n    this.resetElectionTimer();\n    super.receive(from, msg);",
    expect:
      /old messages kept resetting their election timers: reset the timer only for an AppendEntries of your current term or when you grant a vote, not for every message/,
  },
  {
    id: "ch4.grant-keeps-timer",
    mistake: "granting a vote leaves the election timer running",
    file: FILE,
    find: "      this.storage.votedFor = msg.candidateId;\n      this.resetElectionTimer();\n",
    replace: "      this.storage.votedFor = msg.candidateId;\n",
    expect: /Granting a vote resets the election timer/,
  },
  {
    id: "ch4.timer-reset-on-match-only",
    mistake: "only an AppendEntries whose prevLog check passes resets the election timer",
    file: FILE,
    find: "    if (msg.term === this.currentTerm) {\n      this.resetElectionTimer();",
    replace:
      "    if (msg.term === this.currentTerm) {\n      if (this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm)) this.resetElectionTimer();",
    expect: /even when its prevLog check fails, and resets the timer/,
  },
  {
    id: "ch4.timeouts-not-random",
    mistake: "every election timeout is the same length (no randomness)",
    file: FILE,
    find: "this.env.random()",
    replace: "0.5",
    expect:
      /no leader was elected within \d+ ticks in seed \d+: candidates kept splitting the vote.*Election timeouts must be random/,
  },
  {
    id: "ch4.counts-old-votes",
    mistake: "a candidate counts granted votes from an older term",
    file: FILE,
    find: 'if (this.role !== "candidate" || msg.term !== this.currentTerm || !msg.voteGranted) return;',
    replace: 'if (this.role !== "candidate" || !msg.voteGranted) return;',
    expect:
      /granted it their votes of term \d+, which arrived late.*it became the leader of term \d+ at t=\d+\. Count only RequestVoteReplies of your current term/,
  },
  {
    id: "ch4.old-request-vote-unanswered",
    mistake: "a RequestVote of an older term is dropped without a reply",
    file: FILE,
    find: "const votedFor = this.storage.votedFor;",
    replace: "if (msg.term < this.currentTerm) return;\n    const votedFor = this.storage.votedFor;",
    expect: /N2, in term 3, received N1's RequestVote of term 2 and did not answer it: answer every RequestVote/,
  },
  {
    id: "ch4.voted-for-in-a-field",
    mistake: "votedFor is kept in a field of the node, not in storage, and a restart forgets it",
    file: FILE,
    find: "protected readonly votes = new Set<NodeId>();",
    replace: "protected readonly votes = new Set<NodeId>();\n  private votedFor: NodeId | null = null;",
    more: Array.from({ length: 4 }, () => ({ find: "this.storage.votedFor", replace: "this.votedFor" })),
    expect:
      /one vote per term: N3 granted its vote in term 2 to N1 and then to N2; N3 restarted in between and forgot its vote.*votedFor must be kept in storage/,
  },
  {
    id: "ch4.candidate-ignores-leader",
    mistake: "a candidate that hears from the leader of its own term carries on standing",
    file: FILE,
    find: '      if (this.role === "candidate") this.role = "follower";\n',
    replace: "",
    expect: /L won that term, so N1 should follow it/,
  },
  {
    id: "ch4.retry-refused",
    mistake: "a node refuses a repeated RequestVote from the candidate it already voted for",
    file: FILE,
    find: "(votedFor === null || votedFor === msg.candidateId) &&",
    replace: "votedFor === null &&",
    expect: /grants C's retry again/,
  },
];
