import type { Mutant } from "../../zoo/mutant";

const FILE = "ch3-backtrack.ts";

/** The reference follower's walk over the received entries (TODO 3.5), as the mutants below edit it. */
const ACCEPT_LOOP = `    for (let i = 0; i < entries.length; i++) {
      const index = prevLogIndex + 1 + i;
      const held = this.log.term(index);
      if (held === entries[i].term) continue;
      if (held !== undefined) this.log.truncateFrom(index);
      this.log.append(...entries.slice(i));
      return;
    }`;

/** Chapter 3's bug zoo: classic mistakes, each caught by this chapter's tests with a message naming it. */
export const MUTANTS: readonly Mutant[] = [
  {
    id: "ch3.reply-term-leader-only",
    mistake: "only a leader looks at the term of an AppendEntriesReply",
    file: FILE,
    find: '    if (this.observeTerm(reply.term)) return;\n    if (this.role !== "leader" || reply.term < this.currentTerm) return;',
    replace:
      '    if (this.role !== "leader") return;\n    if (this.observeTerm(reply.term)) return;\n    if (reply.term < this.currentTerm) return;',
    expect: /a reply too and whatever the receiver's role/,
  },
  {
    id: "ch3.comment-truncate-in-loop",
    mistake:
      "article 000's comment bug: the follower deletes after prevLogIndex inside the append loop, once per entry",
    file: FILE,
    find: ACCEPT_LOOP,
    replace:
      "    for (const entry of entries) {\n      this.log.truncateFrom(prevLogIndex + 1);\n      this.log.append(entry);\n    }",
    expect: /its deletion runs inside the append loop/,
  },
  {
    id: "ch3.comment-wrong-list",
    mistake: "article 000's comment bug: the append loop walks the follower's own log instead of the received entries",
    file: FILE,
    find: "for (let i = 0; i < entries.length; i++) {",
    replace: "for (let i = 0; i < this.log.slice(prevLogIndex + 1).length; i++) {",
    expect: /appended none of them: its append loop does not walk the entries the message carries/,
  },
  {
    id: "ch3.truncate-always",
    mistake:
      "the follower deletes everything after prevLogIndex on every AppendEntries, conflict or not (chapter 2's rule)",
    file: FILE,
    find: ACCEPT_LOOP,
    replace: "    this.log.truncateFrom(prevLogIndex + 1);\n    this.log.append(...entries);",
    expect: /F deleted entries that did not conflict/,
  },
  {
    id: "ch3.match-by-command",
    mistake: "the follower keeps an entry whose command equals the message's, whatever its term",
    file: FILE,
    find: "      if (held === entries[i].term) continue;",
    replace: "      if (this.log.entry(index)?.command === entries[i].command) continue;",
    expect: /Compare entries by term, never by command/,
  },
  {
    id: "ch3.accepts-older-term",
    mistake: "the follower takes an AppendEntries of an older term like any other",
    file: FILE,
    find: "    if (msg.term < this.currentTerm) return this.answerAppend(from, msg, false);\n",
    replace: "",
    expect: /should refuse it with its own term 3/,
  },
  {
    id: "ch3.leader-ignores-append",
    mistake: "a leader drops every AppendEntries not of a newer term without answering",
    file: FILE,
    find: "    if (msg.term < this.currentTerm) return this.answerAppend(from, msg, false);",
    replace:
      '    if (this.role === "leader" && msg.term <= this.currentTerm) return;\n    if (msg.term < this.currentTerm) return this.answerAppend(from, msg, false);',
    expect: /L should refuse it with its own term 3/,
  },
  {
    id: "ch3.match-from-next",
    mistake: "on success, matchIndex is set to nextIndex",
    file: FILE,
    find: "if (matched > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, matched);",
    replace: "if (next > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, next);",
    expect:
      /matchIndex for \w+ is \d+, but the leader holds only \d+: matchIndex must only count entries the follower has confirmed/,
  },
  {
    id: "ch3.match-from-old-next",
    mistake: "on success, matchIndex is set to nextIndex - 1, read before the reply moved nextIndex",
    file: FILE,
    find: "if (matched > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, matched);",
    replace: "if (next - 1 > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, next - 1);",
    expect:
      /L's matchIndex for F1 should be 2 at the end: F1's successes of term 2 that reached L confirm its entries through index 2 .*; it is 1: on a successful reply, raise matchIndex to prevLogIndex \+ entryCount/,
  },
  {
    id: "ch3.match-index-falls",
    mistake:
      "on success, matchIndex is set to what the reply confirms even when that is lower, so a late success moves it back",
    file: FILE,
    find: "if (matched > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, matched);",
    replace: "this.matchIndex.set(from, matched);",
    expect:
      /L's matchIndex for F should be 2 at the end: .*; it is 1, what the last success to arrive confirms \(prevLogIndex 1 \+ entryCount 0, at t=7\)\. matchIndex only rises|leader L's matchIndex for F went back from 2 to 1/,
  },
  {
    id: "ch3.match-from-log-length",
    mistake: "on success, matchIndex is set to the leader's own log length",
    file: FILE,
    find: "if (matched > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, matched);",
    replace:
      "if (this.log.lastIndex() > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, this.log.lastIndex());",
    expect: /matchIndex counts what the reply confirms, prevLogIndex \+ entryCount, not the leader's log length/,
  },
  {
    id: "ch3.next-below-one",
    mistake: "every refusal steps nextIndex back, with no floor at 1, so a duplicated refusal pushes it to 0",
    file: FILE,
    find: "    if (reply.prevLogIndex !== next - 1) return;\n    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));",
    replace: "    this.nextIndex.set(from, next - 1);",
    expect: /L's nextIndex for F went below 1/,
  },
  {
    id: "ch3.no-step-back",
    mistake: "the leader ignores refusals: nextIndex never moves back and the same probe is repeated",
    file: FILE,
    find: "    if (reply.prevLogIndex !== next - 1) return;\n    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));\n    this.env.send(from, this.appendEntriesFor(from));",
    replace: "",
    expect:
      /N4 lacks 4, so it refused N5's AppendEntries that follows entry 4 \(at t=\d+\); N5 should step back one entry/,
  },
  {
    id: "ch3.no-retry",
    mistake:
      "after a refusal the leader steps nextIndex back but does not send again, leaving the retry to the next heartbeat",
    file: FILE,
    find: "    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));\n    this.env.send(from, this.appendEntriesFor(from));",
    replace: "    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));",
    expect: /L did not try again then: on a refusal, step nextIndex back one and send a new AppendEntries at once/,
  },
  {
    id: "ch3.old-term-reply",
    mistake: "the leader acts on replies from older terms",
    file: FILE,
    find: 'if (this.role !== "leader" || reply.term < this.currentTerm) return;',
    replace: 'if (this.role !== "leader") return;',
    expect:
      /A reply from an older term says nothing about F's log now: ignore replies whose term is below your current term/,
  },
  {
    id: "ch3.no-step-down",
    mistake: "a leader that receives a reply with a newer term keeps leading",
    file: FILE,
    find: "if (this.observeTerm(reply.term)) return;",
    replace: "",
    expect:
      /F2 answered with term 3 \(the reply reached L at t=\d+\): a newer term means another leader may exist, so L must adopt term 3 and become a follower/,
  },
];
