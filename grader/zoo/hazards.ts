import type { Hazard } from "./mutant";

const CH1 = "ch1-broadcast.ts";
const CH2 = "ch2-prevlog.ts";

/** Learner code that misbehaves in ways no Raft rule describes; each must cost only its chapter. */
export const HAZARDS: readonly Hazard[] = [
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
