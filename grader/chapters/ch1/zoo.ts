import type { Mutant } from "../../zoo/mutant";

const FILE = "ch1-broadcast.ts";

/** Chapter 1's bug zoo: classic mistakes, each caught by this chapter's tests with a message naming it. */
export const MUTANTS: readonly Mutant[] = [
  {
    id: "ch1.propose-returns-next",
    mistake: "propose returns the index after the one it appended at",
    file: FILE,
    find: "    return index;",
    replace: "    return index + 1;",
    expect: /propose appends the command and returns the index it appended it at/,
  },
  {
    id: "ch1.follower-first-entry",
    mistake: "the follower appends only the first entry of each AppendEntries",
    file: FILE,
    find: "    this.log.append(...msg.entries);",
    replace: "    if (msg.entries.length > 0) this.log.append(msg.entries[0]);",
    expect: /A follower appends every entry a message carries/,
  },
  {
    id: "ch1.sends-to-itself",
    mistake: "the leader sends the entry to itself as well",
    file: FILE,
    find: "for (const peer of this.peers)",
    replace: "for (const peer of [this.id, ...this.peers])",
    expect: /does not send messages to itself/,
  },
  {
    id: "ch1.sends-whole-log",
    mistake: "every AppendEntries carries the whole log instead of the new entry",
    file: FILE,
    find: "entries: this.log.slice(last, last + 1)",
    replace: "entries: this.log.slice(1)",
    expect: /should carry just that entry/,
  },
  {
    id: "ch1.first-peer-only",
    mistake: "the leader sends to the first peer only",
    file: FILE,
    find: "for (const peer of this.peers)",
    replace: "for (const peer of this.peers.slice(0, 1))",
    expect: /3 writes should send F2 3 AppendEntries, one per write; L sent 0/,
  },
  {
    id: "ch1.wrong-term",
    mistake: "the AppendEntries does not carry the leader's term",
    file: FILE,
    find: "term: this.currentTerm,\n      leaderId",
    replace: "term: 0,\n      leaderId",
    expect: /leader of term 3, should say term: 3 \(its currentTerm\).* said term: 0/,
  },
  {
    id: "ch1.term-one",
    mistake: "the AppendEntries says term 1, whatever term the leader leads",
    file: FILE,
    find: "term: this.currentTerm,\n      leaderId",
    replace: "term: 1,\n      leaderId",
    expect: /leader of term 3, should say term: 3 \(its currentTerm\).* said term: 1/,
  },
];
