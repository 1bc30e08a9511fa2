import type { AppendEntries, AppendEntriesReply, Entry, NodeId, Progress } from "@raft/contract";
import { CheckedNode, type RefusalHint } from "./ch2-prevlog";

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
      out[peer] = {
        nextIndex: this.nextIndex.get(peer) ?? this.log.lastIndex() + 1,
        matchIndex: this.matchIndex.get(peer) ?? 0,
      };
    }
    return out;
  }

  /** Heartbeats (given): every HEARTBEAT_TICKS ticks a leader sends each peer what it lacks. */
  protected override onTick(): void {
    if (this.role !== "leader") return;
    if (++this.ticksSinceHeartbeat < HEARTBEAT_TICKS) return;
    this.ticksSinceHeartbeat = 0;
    // Not Figure 2's empty heartbeat: it resends from nextIndex, so a lost append or refusal is retried with no timer of its own.
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
   * it; on failure move nextIndex back to this.backOff(reply, next) — one step — never below
   * 1, and send again.
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
    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));
    this.env.send(from, this.appendEntriesFor(from));
  }

  /** Where to probe after a refusal of the probe at `next`: one step back (given; the stretch exercise overrides it). */
  protected backOff(_reply: AppendEntriesReply, next: number): number {
    return next - 1;
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

/**
 * Stretch exercise (bonus points) — fast backup. A refusal says which term the follower holds
 * at prevLogIndex and where that term starts in its log, so the leader skips the whole term in
 * one round trip instead of one entry per round trip.
 *
 * Grade it with: npm run grade -- --chapter 3 --only ch3.fast-backup
 */
export class FastBackupNode extends BacktrackNode {
  /**
   * TODO 3.7 — the follower's hint on a refusal: when its log is too short to hold prevLogIndex,
   * conflictTerm 0 and conflictIndex just past its last entry; otherwise the term of its entry
   * at prevLogIndex and the first index holding that term.
   */
  protected override refusalHint(prevLogIndex: number): RefusalHint | undefined {
    const term = this.log.term(prevLogIndex);
    if (term === undefined) return { conflictTerm: 0, conflictIndex: this.log.lastIndex() + 1 };
    let first = prevLogIndex;
    while (first > 1 && this.log.term(first - 1) === term) first--;
    return { conflictTerm: term, conflictIndex: first };
  }

  /**
   * TODO 3.8 — the leader's jump: with no hint, one step back; if you hold entries of
   * conflictTerm, just past your last one of that term; otherwise to conflictIndex. Never
   * forward: at most next - 1.
   */
  protected override backOff(reply: AppendEntriesReply, next: number): number {
    if (reply.conflictIndex === undefined || reply.conflictTerm === undefined) return next - 1;
    let last = 0;
    if (reply.conflictTerm > 0) {
      for (let i = Math.min(next - 1, this.log.lastIndex()); i > 0; i--) {
        const term = this.log.term(i) ?? 0;
        if (term === reply.conflictTerm) {
          last = i;
          break;
        }
        if (term < reply.conflictTerm) break;
      }
    }
    return Math.min(next - 1, last > 0 ? last + 1 : reply.conflictIndex);
  }
}
