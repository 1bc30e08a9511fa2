/**
 * The bug zoo: known mistakes, each written as a small edit of the reference implementation.
 * Kept as edits rather than copies so every mutant stays in step with the reference; an edit
 * whose `find` text no longer occurs fails loudly instead of silently testing nothing.
 */
export interface Mutant {
  readonly id: string;
  /** The chapter that must catch it (lose points). */
  readonly chapter: number;
  /** The classic mistake, in a learner's words. */
  readonly mistake: string;
  /** Relative to the implementation root. */
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  /** Further edits of the same file, applied in order after the first; each replaces the first occurrence left. */
  readonly more?: readonly { readonly find: string; readonly replace: string }[];
  /** A failure message of that chapter must match this: it has to point at the mistake. */
  readonly expect: RegExp;
}

const CH1 = "ch1-broadcast.ts";
const CH2 = "ch2-prevlog.ts";
const CH3 = "ch3-backtrack.ts";
const CH4 = "ch4-election.ts";

/** The reference's receive (TODO 4.2): adopt a newer term, then dispatch. */
const RECEIVE = "    this.observeTerm(msg.term);\n    super.receive(from, msg);";

/** The reference follower's walk over the received entries (TODO 3.5), as the mutants below edit it. */
const ACCEPT_LOOP = `    for (let i = 0; i < entries.length; i++) {
      const index = prevLogIndex + 1 + i;
      const held = this.log.term(index);
      if (held === entries[i].term) continue;
      if (held !== undefined) this.log.truncateFrom(index);
      this.log.append(...entries.slice(i));
      return;
    }`;

export const MUTANTS: readonly Mutant[] = [
  {
    id: "ch1.sends-to-itself",
    chapter: 1,
    mistake: "the leader sends the entry to itself as well",
    file: CH1,
    find: "for (const peer of this.peers)",
    replace: "for (const peer of [this.id, ...this.peers])",
    expect: /does not send messages to itself/,
  },
  {
    id: "ch1.sends-whole-log",
    chapter: 1,
    mistake: "every AppendEntries carries the whole log instead of the new entry",
    file: CH1,
    find: "entries: this.log.slice(last, last + 1)",
    replace: "entries: this.log.slice(1)",
    expect: /should carry just that entry/,
  },
  {
    id: "ch1.first-peer-only",
    chapter: 1,
    mistake: "the leader sends to the first peer only",
    file: CH1,
    find: "for (const peer of this.peers)",
    replace: "for (const peer of this.peers.slice(0, 1))",
    expect: /3 writes should send F2 3 AppendEntries, one per write; L sent 0/,
  },
  {
    id: "ch1.wrong-term",
    chapter: 1,
    mistake: "the AppendEntries does not carry the leader's term",
    file: CH1,
    find: "term: this.currentTerm,\n      leaderId",
    replace: "term: 0,\n      leaderId",
    expect: /should say term: 1/,
  },
  {
    id: "ch2.no-term-compare",
    chapter: 2,
    mistake: "the follower checks that prevLogIndex exists but never compares prevLogTerm",
    file: CH2,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace: "return this.log.term(prevLogIndex) !== undefined;",
    expect: /compare prevLogTerm with the term of your entry/,
  },
  {
    id: "ch2.heartbeat-unchecked",
    chapter: 2,
    mistake: "an AppendEntries without entries (a heartbeat) skips the check",
    file: CH2,
    find: "const success = this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);",
    replace: "const success = msg.entries.length === 0 || this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);",
    expect: /heartbeat carries no entries but gets the same check/,
  },
  {
    id: "ch2.past-end-matches",
    chapter: 2,
    mistake: "a prevLogIndex past the end of the log is taken as a match",
    file: CH2,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace: "return prevLogIndex > this.log.lastIndex() || this.log.term(prevLogIndex) === prevLogTerm;",
    expect: /past the end of the log is a mismatch/,
  },
  {
    id: "ch2.ignores-base-entry",
    chapter: 2,
    mistake: "index 0 is treated as 'no entry', so the base entry never matches (off by one)",
    file: CH2,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace: "return prevLogIndex > 0 && this.log.term(prevLogIndex) === prevLogTerm;",
    expect: /base entry of term 0/,
  },
  {
    id: "ch2.wrong-prev-index",
    chapter: 2,
    mistake: "the leader sends its last index as prevLogIndex instead of the index before the new entry",
    file: CH2,
    find: "const prevLogIndex = this.log.lastIndex() - 1;",
    replace: "const prevLogIndex = this.log.lastIndex();",
    expect: /the entry just before it/,
  },
  {
    id: "ch3.comment-truncate-in-loop",
    chapter: 3,
    mistake:
      "article 000's comment bug: the follower deletes after prevLogIndex inside the append loop, once per entry",
    file: CH3,
    find: ACCEPT_LOOP,
    replace:
      "    for (const entry of entries) {\n      this.log.truncateFrom(prevLogIndex + 1);\n      this.log.append(entry);\n    }",
    expect: /its deletion runs inside the append loop/,
  },
  {
    id: "ch3.comment-wrong-list",
    chapter: 3,
    mistake: "article 000's comment bug: the append loop walks the follower's own log instead of the received entries",
    file: CH3,
    find: "for (let i = 0; i < entries.length; i++) {",
    replace: "for (let i = 0; i < this.log.slice(prevLogIndex + 1).length; i++) {",
    expect: /appended none of them: its append loop does not walk the entries the message carries/,
  },
  {
    id: "ch3.truncate-always",
    chapter: 3,
    mistake:
      "the follower deletes everything after prevLogIndex on every AppendEntries, conflict or not (chapter 2's rule)",
    file: CH3,
    find: ACCEPT_LOOP,
    replace: "    this.log.truncateFrom(prevLogIndex + 1);\n    this.log.append(...entries);",
    expect: /F deleted entries that did not conflict/,
  },
  {
    id: "ch3.match-from-next",
    chapter: 3,
    mistake: "on success, matchIndex is set to nextIndex",
    file: CH3,
    find: "if (matched > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, matched);",
    replace: "if (next > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, next);",
    expect:
      /matchIndex for \w+ is \d+, but the leader holds only \d+: matchIndex must only count entries the follower has confirmed/,
  },
  {
    id: "ch3.match-from-old-next",
    chapter: 3,
    mistake: "on success, matchIndex is set to nextIndex - 1, read before the reply moved nextIndex",
    file: CH3,
    find: "if (matched > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, matched);",
    replace: "if (next - 1 > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, next - 1);",
    expect:
      /L's matchIndex for F1 should be 2 at the end \(F1 confirmed a b before it crashed\) but is 1: on a successful reply, raise matchIndex to prevLogIndex \+ entryCount/,
  },
  {
    id: "ch3.match-from-log-length",
    chapter: 3,
    mistake: "on success, matchIndex is set to the leader's own log length",
    file: CH3,
    find: "if (matched > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, matched);",
    replace:
      "if (this.log.lastIndex() > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, this.log.lastIndex());",
    expect: /matchIndex counts what the reply confirms, prevLogIndex \+ entryCount, not the leader's log length/,
  },
  {
    id: "ch3.next-below-one",
    chapter: 3,
    mistake: "every refusal steps nextIndex back, with no floor at 1, so a duplicated refusal pushes it to 0",
    file: CH3,
    find: "    if (reply.prevLogIndex !== next - 1) return;\n    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));",
    replace: "    this.nextIndex.set(from, next - 1);",
    expect: /L's nextIndex for F went below 1/,
  },
  {
    id: "ch3.no-step-back",
    chapter: 3,
    mistake: "the leader ignores refusals: nextIndex never moves back and the same probe is repeated",
    file: CH3,
    find: "    if (reply.prevLogIndex !== next - 1) return;\n    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));\n    this.env.send(from, this.appendEntriesFor(from));",
    replace: "",
    expect:
      /N4 lacks 4, so it refuses N5's first AppendEntries \(which follows entry 4\); N5 should step back one entry/,
  },
  {
    id: "ch3.no-retry",
    chapter: 3,
    mistake:
      "after a refusal the leader steps nextIndex back but does not send again, leaving the retry to the next heartbeat",
    file: CH3,
    find: "    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));\n    this.env.send(from, this.appendEntriesFor(from));",
    replace: "    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));",
    expect: /L did not try again then: on a refusal, step nextIndex back one and send a new AppendEntries at once/,
  },
  {
    id: "ch3.old-term-reply",
    chapter: 3,
    mistake: "the leader acts on replies from older terms",
    file: CH3,
    find: 'if (this.role !== "leader" || reply.term < this.currentTerm) return;',
    replace: 'if (this.role !== "leader") return;',
    expect:
      /A reply from an older term says nothing about F's log now: ignore replies whose term is below your current term/,
  },
  {
    id: "ch3.no-step-down",
    chapter: 3,
    mistake: "a leader that receives a reply with a newer term keeps leading",
    file: CH3,
    find: "if (this.observeTerm(reply.term)) return;",
    replace: "",
    expect:
      /F2 answered with term 3: a newer term means another leader may exist, so L must adopt term 3 and become a follower/,
  },
  {
    id: "ch4.up-to-date-by-length",
    chapter: 4,
    mistake: '"up to date" judged by log length only',
    file: CH4,
    find: "return lastLogTerm > myTerm || (lastLogTerm === myTerm && lastLogIndex >= this.log.lastIndex());",
    replace: "return lastLogIndex >= this.log.lastIndex();",
    expect:
      /granted its vote in term \d+ to N5 \(t=\d+\), whose log is longer but less up to date .* compare the terms of the last entries first/,
  },
  {
    id: "ch4.up-to-date-reversed",
    chapter: 4,
    mistake: "the up-to-date comparison is the wrong way round (the voter's log against the candidate's)",
    file: CH4,
    find: "return lastLogTerm > myTerm || (lastLogTerm === myTerm && lastLogIndex >= this.log.lastIndex());",
    replace: "return lastLogTerm < myTerm || (lastLogTerm === myTerm && lastLogIndex <= this.log.lastIndex());",
    expect:
      /granted its vote in term \d+ to N4 \(t=\d+\), whose log is less up to date .* N4 lacks entry 4, which N1 committed.* not the wrong way round/,
  },
  {
    id: "ch4.two-votes-per-term",
    chapter: 4,
    mistake: "a node grants a vote to every up-to-date candidate of the term (votedFor is never checked)",
    file: CH4,
    find: "(votedFor === null || votedFor === msg.candidateId) &&",
    replace: "",
    expect: /one vote per term: N\d granted its vote in term \d+ to N\d and then to N\d \(after event/,
  },
  {
    id: "ch4.vote-without-adopting-term",
    chapter: 4,
    mistake:
      "a vote is granted without adopting the candidate's newer term first (receive does not observe the term, and the grant ignores it)",
    file: CH4,
    find: RECEIVE,
    replace: "    super.receive(from, msg);",
    more: [{ find: "msg.term === this.currentTerm &&\n      (votedFor", replace: "(votedFor" }],
    expect:
      /granted its vote to N\d in a reply of term \d+ \(t=\d+\), but N\d had asked it for its vote of term \d+: .*Adopt a newer term first/,
  },
  {
    id: "ch4.timer-reset-by-every-message",
    chapter: 4,
    mistake: "the election timer is reset by every message that arrives",
    file: CH4,
    find: RECEIVE,
    replace: "    this.observeTerm(msg.term);\n    this.resetElectionTimer();\n    super.receive(from, msg);",
    expect:
      /old messages kept resetting their election timers: reset the timer only for an AppendEntries of your current term or when you grant a vote, not for every message/,
  },
  {
    id: "ch4.timeouts-not-random",
    chapter: 4,
    mistake: "every election timeout is the same length (no randomness)",
    file: CH4,
    find: "this.env.random()",
    replace: "0.5",
    expect:
      /no leader was elected within \d+ ticks in seed \d+: candidates kept splitting the vote.*Election timeouts must be random/,
  },
  {
    id: "ch4.counts-old-votes",
    chapter: 4,
    mistake: "a candidate counts granted votes from an older term",
    file: CH4,
    find: 'if (this.role !== "candidate" || msg.term !== this.currentTerm || !msg.voteGranted) return;',
    replace: 'if (this.role !== "candidate" || !msg.voteGranted) return;',
    expect:
      /became leader of term \d+ at t=\d+, yet by then only \d of the 5 nodes .* a vote from an older term, or the same vote counted twice, does not count/,
  },
  {
    id: "ch4.voted-for-in-a-field",
    chapter: 4,
    mistake: "votedFor is kept in a field of the node, not in storage, and a restart forgets it",
    file: CH4,
    find: "protected readonly votes = new Set<NodeId>();",
    replace: "protected readonly votes = new Set<NodeId>();\n  private votedFor: NodeId | null = null;",
    more: Array.from({ length: 4 }, () => ({ find: "this.storage.votedFor", replace: "this.votedFor" })),
    expect:
      /one vote per term: N3 granted its vote in term 2 to N1 and then to N2; N3 restarted in between and forgot its vote.*votedFor must be kept in storage/,
  },
];

/**
 * Learner code that misbehaves in ways that must not take the grader down: each must fail
 * its own chapter with a message like `expect`, while every other chapter keeps full marks.
 */
export const HAZARDS: readonly Mutant[] = [
  {
    id: "hazard.throws",
    chapter: 2,
    mistake: "a handler throws",
    file: CH2,
    find: "const success = this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);",
    replace:
      'if (msg.term >= 0) throw new Error("boom in onAppendEntries");\n    const success = this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);',
    expect:
      /threw Error while handling AppendEntries from L: boom in onAppendEntries\n\s+at \S*ch2-prevlog\.ts:\d+:\d+/,
  },
  {
    id: "hazard.infinite-loop",
    chapter: 2,
    mistake: "a handler loops forever",
    file: CH2,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace:
      "let i = 0;\n    while (prevLogIndex >= 0) i++;\n    return i > 0 && this.log.term(prevLogIndex) === prevLogTerm;",
    expect: /never finished handling AppendEntries from L: the loop at \S*ch2-prevlog\.ts:\d+ ran 1,000,000 times/,
  },
  {
    id: "hazard.syntax-error",
    chapter: 2,
    mistake: "the chapter's file does not parse",
    file: CH2,
    find: "protected prevLogMatches(prevLogIndex: number, prevLogTerm: number): boolean {",
    replace: "protected prevLogMatches(prevLogIndex: number, prevLogTerm: number): boolean {{",
    expect: /ch2-prevlog\.ts:\d+:\d+/,
  },
  {
    id: "hazard.type-error",
    chapter: 2,
    mistake: "the chapter's file has a type error",
    file: CH2,
    find: "const success = this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);",
    replace: 'const success = this.prevLogMatches(msg.prevLogIndex, "1");',
    expect: /does not type-check:\n\S*ch2-prevlog\.ts:\d+:\d+ — Argument of type 'string'/,
  },
  {
    id: "hazard.unbounded-memory",
    chapter: 2,
    mistake: "a handler allocates without bound",
    file: CH2,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace:
      "const hoard: number[][] = [];\n    for (let i = 0; i < 1000; i++) hoard.push(new Array(1e6).fill(i));\n    return hoard.length > 0 && this.log.term(prevLogIndex) === prevLogTerm;",
    expect: /ran out of memory \(its heap is limited to \d+ MB\): some node code allocates without bound/,
  },
  {
    id: "hazard.math-random",
    chapter: 1,
    mistake: "node code calls Math.random",
    file: CH1,
    find: "const index = this.log.append({ term: this.currentTerm, command });",
    replace: 'const index = this.log.append({ term: this.currentTerm, command: Math.random() < 2 ? command : "" });',
    expect: /broke determinism while handling client write "a": Math\.random\(\) was called/,
  },
  {
    id: "hazard.malformed-message",
    chapter: 2,
    mistake: "a reply is missing a field",
    file: CH2,
    find: "entryCount: msg.entries.length,",
    replace: "entryCount: msg.entries.length - 0.5,",
    expect:
      /broke the node contract while handling AppendEntries from L: env\.send: AppendEntriesReply\.entryCount must be an integer/,
  },
];
