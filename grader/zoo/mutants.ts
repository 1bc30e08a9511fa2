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
  /** A failure message of that chapter must match this: it has to point at the mistake. */
  readonly expect: RegExp;
}

const CH1 = "ch1-broadcast.ts";
const CH2 = "ch2-prevlog.ts";

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
    replace: 'if (msg.term >= 0) throw new Error("boom in onAppendEntries");\n    const success = this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);',
    expect: /threw Error while handling AppendEntries from L: boom in onAppendEntries\n\s+at \S*ch2-prevlog\.ts:\d+:\d+/,
  },
  {
    id: "hazard.infinite-loop",
    chapter: 2,
    mistake: "a handler loops forever",
    file: CH2,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace: "let i = 0;\n    while (prevLogIndex >= 0) i++;\n    return i > 0 && this.log.term(prevLogIndex) === prevLogTerm;",
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
    replace: "const hoard: number[][] = [];\n    for (let i = 0; i < 1000; i++) hoard.push(new Array(1e6).fill(i));\n    return hoard.length > 0 && this.log.term(prevLogIndex) === prevLogTerm;",
    expect: /ran out of memory \(its heap is limited to \d+ MB\): some node code allocates without bound/,
  },
  {
    id: "hazard.math-random",
    chapter: 1,
    mistake: "node code calls Math.random",
    file: CH1,
    find: "const index = this.log.append({ term: this.currentTerm, command });",
    replace: "const index = this.log.append({ term: this.currentTerm, command: Math.random() < 2 ? command : \"\" });",
    expect: /broke determinism while handling client write "a": Math\.random\(\) was called/,
  },
  {
    id: "hazard.malformed-message",
    chapter: 2,
    mistake: "a reply is missing a field",
    file: CH2,
    find: "entryCount: msg.entries.length,",
    replace: "entryCount: msg.entries.length - 0.5,",
    expect: /broke the node contract while handling AppendEntries from L: env\.send: AppendEntriesReply\.entryCount must be an integer/,
  },
];
