import type { Mutant } from "../../zoo/mutant";

const FILE = "ch5-commit.ts";

/** Chapter 5's bug zoo: classic mistakes, each caught by this chapter's tests with a message naming it. */
export const MUTANTS: readonly Mutant[] = [
  {
    id: "ch5.count-older-terms",
    mistake: "the leader commits an entry of an older term by counting its replicas (Figure 8)",
    file: FILE,
    find: "      if (this.log.term(n) !== this.currentTerm) break;\n",
    replace: "",
    expect: /before it was committed.*Figure 8/s,
  },
  {
    id: "ch5.follower-no-min",
    mistake: "the follower takes leaderCommit as its commitIndex, without the min()",
    file: FILE,
    find: "const upTo = Math.min(msg.leaderCommit, msg.prevLogIndex + msg.entries.length);",
    replace: "const upTo = msg.leaderCommit;",
    expect: /F applied 3:c 4:d 5:e, entries the message never checked/,
  },
  {
    id: "ch5.follower-last-index",
    mistake: "the follower's commitIndex is min(leaderCommit, its own last index), which counts an unchecked tail",
    file: FILE,
    find: "const upTo = Math.min(msg.leaderCommit, msg.prevLogIndex + msg.entries.length);",
    replace: "const upTo = Math.min(msg.leaderCommit, this.log.lastIndex());",
    expect: /F applied 3:c 4:d 5:e, entries the message never checked/,
  },
  {
    id: "ch5.apply-out-of-order",
    mistake: "committed entries are applied newest first",
    file: FILE,
    find: "    while (this.lastApplied < this.commitIndex) {\n      const index = ++this.lastApplied;",
    replace:
      "    const from = this.lastApplied;\n    this.lastApplied = this.commitIndex;\n    for (let index = this.commitIndex; index > from; index--) {",
    expect: /applied index \d+ right after \d+: committed entries are applied in index order/,
  },
  {
    id: "ch5.apply-twice",
    mistake: "every call applies the whole committed prefix again",
    file: FILE,
    find: "    while (this.lastApplied < this.commitIndex) {\n      const index = ++this.lastApplied;",
    replace: "    for (let index = 1; index <= this.commitIndex; index++) {\n      this.lastApplied = index;",
    expect: /applied index \d+ again .*exactly once/,
  },
  {
    id: "ch5.apply-before-commit",
    mistake: "a node applies everything in its log, committed or not",
    file: FILE,
    find: "    while (this.lastApplied < this.commitIndex) {",
    replace: "    while (this.lastApplied < this.log.lastIndex()) {",
    expect: /before it was committed/,
  },
  {
    id: "ch5.ack-on-append",
    mistake: "the leader acknowledges a write as soon as it appends it",
    file: FILE,
    find: "    this.waiting.set(this.propose(command), requestId);",
    replace: "    this.env.reply({ id: requestId, ok: true, index: this.propose(command) });",
    expect: /succeeded at index \d+ before it was committed/,
  },
  {
    id: "ch5.count-self-twice",
    mistake: "the leader counts itself twice towards the majority",
    file: FILE,
    find: "const holders = 1 + this.peers.filter",
    replace: "const holders = 2 + this.peers.filter",
    expect: /counted itself|one confirmation from N2/,
  },
  {
    id: "ch5.count-self-never",
    mistake: "the leader does not count itself towards the majority",
    file: FILE,
    find: "const holders = 1 + this.peers.filter",
    replace: "const holders = 0 + this.peers.filter",
    expect: /two confirmations, from N2 and N3/,
  },
  {
    id: "ch5.no-noop",
    mistake: "a new leader appends no no-op, so older entries never commit in a quiet cluster",
    file: FILE,
    find: "    super.onBecomeLeader();\n    this.propose(NO_OP);",
    replace: "    super.onBecomeLeader();",
    expect: /no client wrote anything.*no-op/s,
  },
  {
    id: "ch5.commit-kept-on-restart",
    mistake: "commitIndex survives a restart, as if it were durable",
    file: FILE,
    find: "  protected lastApplied = 0;",
    replace: "  protected lastApplied = 0;\n  protected readonly assumed = (this.commitIndex = this.log.lastIndex());",
    expect: /restarted .* applies again from index 1|before it was committed/,
  },
  {
    id: "ch5.apply-on-receipt",
    mistake: "a follower applies entries the moment it receives them",
    file: FILE,
    find: "const upTo = Math.min(msg.leaderCommit, msg.prevLogIndex + msg.entries.length);",
    replace: "const upTo = msg.prevLogIndex + msg.entries.length;",
    expect: /before it was committed|F2 applied/,
  },
];
