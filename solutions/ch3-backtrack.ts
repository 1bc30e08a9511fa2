import type { AppendEntries, AppendEntriesReply, Entry, NodeId, Progress } from "@raft/contract";
import { CheckedNode } from "./ch2-prevlog";

/** Ticks between a leader's heartbeats; each heartbeat also resends what a follower lacks. */
export const HEARTBEAT_TICKS = 2;

/**
 * Chapter 3 — conflict backtracking. The leader keeps, per follower, the next index to send
 * (nextIndex) and the highest index known to match (matchIndex); a refused AppendEntries makes
 * it step one entry back and try again. The follower deletes only entries that conflict.
 *
 * Grade this chapter with: npm run grade -- --chapter 3
 */
export class BacktrackNode extends CheckedNode {
  protected readonly nextIndex = new Map<NodeId, number>();
  protected readonly matchIndex = new Map<NodeId, number>();
  private ticksSinceHeartbeat = 0;

  /** What the grader and the site's player read of your nextIndex / matchIndex (given). */
  progress(): Record<NodeId, Progress> {
    const out: Record<NodeId, Progress> = {};
    for (const peer of this.peers) {
      out[peer] = { nextIndex: this.nextIndex.get(peer) ?? this.log.lastIndex() + 1, matchIndex: this.matchIndex.get(peer) ?? 0 };
    }
    return out;
  }

  /** Heartbeats (given): every HEARTBEAT_TICKS ticks a leader sends each peer what it lacks. */
  protected override onTick(): void {
    if (this.role !== "leader") return;
    if (++this.ticksSinceHeartbeat < HEARTBEAT_TICKS) return;
    this.ticksSinceHeartbeat = 0;
    for (const peer of this.peers) this.env.send(peer, this.appendEntriesFor(peer));
  }

  /** TODO 3.1 — a new leader knows nothing of its followers: nextIndex just past its own log, matchIndex 0. Then send every peer an AppendEntries at once. */
  protected override onBecomeLeader(): void {
    for (const peer of this.peers) {
      this.nextIndex.set(peer, this.log.lastIndex() + 1);
      this.matchIndex.set(peer, 0);
    }
    for (const peer of this.peers) this.env.send(peer, this.appendEntriesFor(peer));
  }

  /** TODO 3.2 — everything from nextIndex[peer] on, after the entry at nextIndex - 1. */
  protected override appendEntriesFor(peer: NodeId): AppendEntries {
    const next = this.nextIndex.get(peer) ?? this.log.lastIndex() + 1;
    const prevLogIndex = next - 1;
    return {
      type: "AppendEntries",
      term: this.currentTerm,
      leaderId: this.id,
      prevLogIndex,
      prevLogTerm: this.log.term(prevLogIndex) ?? 0,
      entries: this.log.slice(next),
      leaderCommit: this.commitIndex,
    };
  }

  /** TODO 3.3 — a term newer than yours means someone else leads: adopt the term and follow. Returns whether it did. */
  protected observeTerm(term: number): boolean {
    if (term <= this.currentTerm) return false;
    this.currentTerm = term;
    this.role = "follower";
    return true;
  }

  /**
   * TODO 3.4 — the leader's side of a reply: step down on a newer term; ignore replies from
   * older terms; on success raise matchIndex to prevLogIndex + entryCount and nextIndex past
   * it; on failure step nextIndex back one (never below 1) and send again.
   */
  protected override onAppendEntriesReply(from: NodeId, reply: AppendEntriesReply): void {
    if (this.observeTerm(reply.term)) return;
    if (this.role !== "leader" || reply.term < this.currentTerm) return;
    const next = this.nextIndex.get(from) ?? this.log.lastIndex() + 1;
    if (reply.success) {
      const matched = reply.prevLogIndex + reply.entryCount;
      if (matched > (this.matchIndex.get(from) ?? 0)) this.matchIndex.set(from, matched);
      if (matched + 1 > next) this.nextIndex.set(from, matched + 1);
      return;
    }
    // Only the refusal of the probe now outstanding moves nextIndex; an older one is stale.
    if (reply.prevLogIndex !== next - 1) return;
    this.nextIndex.set(from, Math.max(1, next - 1));
    this.env.send(from, this.appendEntriesFor(from));
  }

  /**
   * TODO 3.5 — walk the entries: skip those already held with the same term; at the first
   * index whose term differs, delete from there on; then append what is missing.
   */
  protected override acceptEntries(prevLogIndex: number, entries: readonly Entry[]): void {
    for (let i = 0; i < entries.length; i++) {
      const index = prevLogIndex + 1 + i;
      const held = this.log.term(index);
      if (held === entries[i].term) continue;
      if (held !== undefined) this.log.truncateFrom(index);
      this.log.append(...entries.slice(i));
      return;
    }
  }

  /**
   * TODO 3.6 — refuse an AppendEntries from an older term (this.answerAppend with false, so
   * that leader learns it is stale); otherwise adopt the leader's term and go on with
   * chapter 2's check (super.onAppendEntries).
   */
  protected override onAppendEntries(from: NodeId, msg: AppendEntries): void {
    if (msg.term < this.currentTerm) return this.answerAppend(from, msg, false);
    this.observeTerm(msg.term);
    super.onAppendEntries(from, msg);
  }
}
