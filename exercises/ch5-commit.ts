import { NO_OP, todo, type AppendEntries, type AppendEntriesReply, type NodeId } from "@raft/contract";
import { ElectionNode } from "./ch4-election";

/**
 * Chapter 5 — the commit index. A leader commits an entry once a majority holds it and it is
 * of the leader's own term (older entries commit with it); every node applies committed
 * entries in index order, exactly once; a client hears "ok" only after its entry is applied.
 *
 * Grade this chapter with: npm run grade -- --chapter 5
 */
export class CommitNode extends ElectionNode {
  /** Highest index handed to the state machine. Volatile, like commitIndex: a restart starts both at 0. */
  protected lastApplied = 0;
  /** The leader's clients waiting for their entry to commit: request id by log index. */
  protected readonly waiting = new Map<number, string>();

  /**
   * TODO 5.1 — on taking office, do what chapter 3 does (super.onBecomeLeader()), then propose a
   * no-op entry (this.propose(NO_OP)): entries of earlier terms commit only through an entry
   * of the current term.
   */
  protected override onBecomeLeader(): void {
    todo("TODO 5.1 (onBecomeLeader in exercises/ch5-commit.ts)");
  }

  /** TODO 5.2 — a client's write: propose it, and remember which request waits on that index. */
  protected override onClientWrite(requestId: string, command: string): void {
    todo("TODO 5.2 (onClientWrite in exercises/ch5-commit.ts)");
  }

  /**
   * TODO 5.3 — the leader's commit rule: the highest N above commitIndex such that a majority
   * (yourself included) has matchIndex ≥ N and the entry at N is of your current term. Move
   * commitIndex there and apply (this.applyCommitted()).
   */
  protected advanceCommitIndex(): void {
    todo("TODO 5.3 (advanceCommitIndex in exercises/ch5-commit.ts)");
  }

  /**
   * TODO 5.4 — a follower that accepted an AppendEntries learns the commit point:
   * min(leaderCommit, the index of the last entry this message made it hold), never lower than
   * its commitIndex already is. Then apply.
   */
  protected learnCommit(msg: AppendEntries): void {
    todo("TODO 5.4 (learnCommit in exercises/ch5-commit.ts)");
  }

  /**
   * TODO 5.5 — apply every entry after lastApplied up to commitIndex, in order, once each
   * (this.env.apply(index, command)); when a client waits on that index, answer it now
   * (this.env.reply({ id, ok: true, index })).
   */
  protected applyCommitted(): void {
    todo("TODO 5.5 (applyCommitted in exercises/ch5-commit.ts)");
  }

  /** A success from a follower may let the commit point move (given). */
  protected override onAppendEntriesReply(from: NodeId, reply: AppendEntriesReply): void {
    super.onAppendEntriesReply(from, reply);
    if (this.role === "leader" && reply.success) this.advanceCommitIndex();
  }

  /** A follower that accepts an AppendEntries learns the commit point before it answers (given). */
  protected override answerAppend(to: NodeId, msg: AppendEntries, success: boolean): void {
    if (success) this.learnCommit(msg);
    super.answerAppend(to, msg, success);
  }

  /**
   * A leader that steps down forgets its waiting clients: it can no longer promise them
   * anything, and they retry with the new leader (given).
   */
  protected override observeTerm(term: number): boolean {
    if (!super.observeTerm(term)) return false;
    this.waiting.clear();
    return true;
  }
}
