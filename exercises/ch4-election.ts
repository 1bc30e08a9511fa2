import { todo, type AppendEntries, type Env, type Message, type NodeId, type RequestVote, type RequestVoteReply } from "@raft/contract";
import { BacktrackNode } from "./ch3-backtrack";

/** Election timeouts are drawn uniformly from this range of ticks (heartbeats come every 2). */
export const ELECTION_TIMEOUT: readonly [number, number] = [10, 20];

/**
 * Chapter 4 — leader election and the election restriction. A follower that hears no leader
 * for a random while stands for election in a new term; a node grants one vote per term, and
 * only to a candidate whose log is at least as up to date as its own.
 *
 * Grade this chapter with: npm run grade -- --chapter 4
 */
export class ElectionNode extends BacktrackNode {
  private electionDeadline = 0;
  protected readonly votes = new Set<NodeId>();

  constructor(env: Env) {
    super(env);
    this.resetElectionTimer();
  }

  /** TODO 4.1 — the next election is due after a timeout drawn from ELECTION_TIMEOUT with env.random(). */
  protected resetElectionTimer(): void {
    todo("TODO 4.1 (resetElectionTimer in exercises/ch4-election.ts)");
  }

  /** When this node stands for election if nothing resets its timer: the study site's player shows it (given). */
  nextElection(): number {
    return this.electionDeadline;
  }

  /** TODO 4.2 — any message from a newer term: adopt the term, forget your vote, follow — before handling it (then super.receive). */
  override receive(from: NodeId, msg: Message): void {
    todo("TODO 4.2 (receive in exercises/ch4-election.ts)");
  }

  /**
   * Chapter 3's observeTerm, which now also forgets the vote of the older term, and gives a
   * leader that steps down a fresh election timer: its old deadline passed long ago, and it
   * would otherwise stand at once and disturb the new leader (given).
   */
  protected override observeTerm(term: number): boolean {
    const wasLeader = this.role === "leader";
    if (!super.observeTerm(term)) return false;
    this.storage.votedFor = null;
    // Not in Figure 2: a leader's deadline lapsed while it led, and a stale one would have it stand at its next tick.
    if (wasLeader) this.resetElectionTimer();
    return true;
  }

  /** Leaders send heartbeats; everyone else stands for election when the timer runs out (given). */
  protected override onTick(): void {
    if (this.role === "leader") return super.onTick();
    if (this.env.now() >= this.electionDeadline) this.startElection();
  }

  /** TODO 4.3 — a new term, a vote for yourself (durable), candidate role, a fresh timer, and a RequestVote to every peer; then this.winIfMajority(). */
  protected startElection(): void {
    todo("TODO 4.3 (startElection in exercises/ch4-election.ts)");
  }

  /** TODO 4.4 — the election restriction: is a log ending at (lastLogIndex, lastLogTerm) at least as up to date as yours? */
  protected isUpToDate(lastLogIndex: number, lastLogTerm: number): boolean {
    return todo("TODO 4.4 (isUpToDate in exercises/ch4-election.ts)");
  }

  /** TODO 4.5 — grant at most one vote per term, only to an up-to-date candidate; granting resets your timer. */
  protected override onRequestVote(from: NodeId, msg: RequestVote): void {
    todo("TODO 4.5 (onRequestVote in exercises/ch4-election.ts)");
  }

  /** TODO 4.6 — count votes of your current term only; a majority makes you leader (this.winIfMajority()). */
  protected override onRequestVoteReply(from: NodeId, msg: RequestVoteReply): void {
    todo("TODO 4.6 (onRequestVoteReply in exercises/ch4-election.ts)");
  }

  /** A valid AppendEntries of the current term means a leader exists: reset the timer and follow it (given). */
  protected override onAppendEntries(from: NodeId, msg: AppendEntries): void {
    if (msg.term === this.currentTerm) {
      this.resetElectionTimer();
      if (this.role === "candidate") this.role = "follower";
    }
    super.onAppendEntries(from, msg);
  }

  /** Becomes leader once a majority of the cluster, yourself included, voted for you in this term (given). */
  protected winIfMajority(): void {
    if (this.role !== "candidate" || this.votes.size * 2 <= this.peers.length + 1) return;
    this.role = "leader";
    this.onBecomeLeader();
  }
}
