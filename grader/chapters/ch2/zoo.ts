import type { Mutant } from "../../zoo/mutant";

const FILE = "ch2-prevlog.ts";

/** Chapter 2's bug zoo: classic mistakes, each caught by this chapter's tests with a message naming it. */
export const MUTANTS: readonly Mutant[] = [
  {
    id: "ch2.prev-must-be-last",
    mistake: "the check also wants prevLogIndex to be the follower's last index",
    file: FILE,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace: "return prevLogIndex === this.log.lastIndex() && this.log.term(prevLogIndex) === prevLogTerm;",
    expect: /prevLogIndex need not be your last index/,
  },
  {
    id: "ch2.keeps-suffix",
    mistake: "the follower appends only what goes past its own last entry, keeping what follows prevLogIndex",
    file: FILE,
    find: "    this.log.truncateFrom(prevLogIndex + 1);\n    this.log.append(...entries);",
    replace: "    this.log.append(...entries.slice(Math.max(0, this.log.lastIndex() - prevLogIndex)));",
    expect: /F should hold "t1: a b t2: d" but holds "t1: a b c"/,
  },
  {
    id: "ch2.no-term-compare",
    mistake: "the follower checks that prevLogIndex exists but never compares prevLogTerm",
    file: FILE,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace: "return this.log.term(prevLogIndex) !== undefined;",
    expect: /compare prevLogTerm with the term of your entry/,
  },
  {
    id: "ch2.newer-term-matches",
    mistake: "an entry at prevLogIndex of a newer term than prevLogTerm is taken as a match",
    file: FILE,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace: "return (this.log.term(prevLogIndex) ?? -1) >= prevLogTerm;",
    expect: /A newer term is no closer a match/,
  },
  {
    id: "ch2.heartbeat-unchecked",
    mistake: "an AppendEntries without entries (a heartbeat) skips the check",
    file: FILE,
    find: "const success = this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);",
    replace: "const success = msg.entries.length === 0 || this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);",
    expect: /heartbeat carries no entries but gets the same check/,
  },
  {
    id: "ch2.past-end-matches",
    mistake: "a prevLogIndex past the end of the log is taken as a match",
    file: FILE,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace: "return prevLogIndex > this.log.lastIndex() || this.log.term(prevLogIndex) === prevLogTerm;",
    expect: /past the end of the log is a mismatch/,
  },
  {
    id: "ch2.ignores-base-entry",
    mistake: "index 0 is treated as 'no entry', so the base entry never matches (off by one)",
    file: FILE,
    find: "return this.log.term(prevLogIndex) === prevLogTerm;",
    replace: "return prevLogIndex > 0 && this.log.term(prevLogIndex) === prevLogTerm;",
    expect: /base entry of term 0/,
  },
  {
    id: "ch2.wrong-prev-index",
    mistake: "the leader sends its last index as prevLogIndex instead of the index before the new entry",
    file: FILE,
    find: "const prevLogIndex = this.log.lastIndex() - 1;",
    replace: "const prevLogIndex = this.log.lastIndex();",
    expect: /the entry just before it/,
  },
];
