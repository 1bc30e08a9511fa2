import { todo, type AppendEntries, type Entry, type NodeId } from "@raft/contract";

/** A refusal's hint for fast backup: the term of the conflicting entry and the first index the follower holds of that term. */
export interface RefusalHint {
  readonly conflictTerm: number;
  readonly conflictIndex: number;
}
import { BroadcastNode } from "./ch1-broadcast";

/**
 * Chapter 2 — prevLog checks. Each AppendEntries names the entry just before the ones it
 * carries; a follower takes the entries only if its own log holds that entry.
 *
 * Grade this chapter with: npm run grade -- --chapter 2
 */
export class CheckedNode extends BroadcastNode {
  /**
   * TODO 2.1 — as in chapter 1 (super.appendEntriesFor(peer) builds that), plus prevLogIndex
   * and prevLogTerm: the index and term of the entry just before the one you send.
   */
  protected override appendEntriesFor(peer: NodeId): AppendEntries {
    return todo("TODO 2.1 (appendEntriesFor in exercises/ch2-prevlog.ts)");
  }

  /** TODO 2.2 — does your log hold an entry at prevLogIndex, and is its term prevLogTerm? */
  protected prevLogMatches(prevLogIndex: number, prevLogTerm: number): boolean {
    return todo("TODO 2.2 (prevLogMatches in exercises/ch2-prevlog.ts)");
  }

  /** TODO 2.3 — keep your log up to and including prevLogIndex, and put `entries` after it. */
  protected acceptEntries(prevLogIndex: number, entries: readonly Entry[]): void {
    todo("TODO 2.3 (acceptEntries in exercises/ch2-prevlog.ts)");
  }

  /** Answers an AppendEntries: your term, the verdict, and the request's prevLogIndex and entry count echoed back. */
  protected answerAppend(to: NodeId, msg: AppendEntries, success: boolean): void {
    // Beyond Figure 2's term and success: with the echo, a late or duplicated reply still says which request it answers.
    this.env.send(to, {
      type: "AppendEntriesReply",
      term: this.currentTerm,
      success,
      prevLogIndex: msg.prevLogIndex,
      entryCount: msg.entries.length,
      ...(success ? {} : this.refusalHint(msg.prevLogIndex)),
      // Chapter 6's heartbeat rounds: the leader learns which of its rounds this reply acknowledges.
      ...(msg.round === undefined ? {} : { round: msg.round }),
    });
  }

  /** What a refusal tells the leader beyond "no": nothing until chapter 3's stretch exercise. */
  protected refusalHint(_prevLogIndex: number): RefusalHint | undefined {
    return undefined;
  }

  /**
   * TODO 2.4 — the follower's side: check prevLogIndex/prevLogTerm, accept the entries only
   * when they match, and answer (this.answerAppend) with success or failure.
   */
  protected override onAppendEntries(from: NodeId, msg: AppendEntries): void {
    todo("TODO 2.4 (onAppendEntries in exercises/ch2-prevlog.ts)");
  }
}
