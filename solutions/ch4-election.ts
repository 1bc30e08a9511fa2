import type { AppendEntries, Env, Message, NodeId, RequestVote, RequestVoteReply } from "@raft/contract";
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
    const [lo, hi] = ELECTION_TIMEOUT;
    this.electionDeadline = this.env.now() + lo + Math.floor(this.env.random() * (hi - lo + 1));
  }

  /** When this node stands for election if nothing resets its timer: the study site's player shows it (given). */
  nextElection(): number {
    return this.electionDeadline;
  }

  /** TODO 4.2 — any message from a newer term: adopt the term, forget your vote, follow — before handling it (then super.receive). */
  override receive(from: NodeId, msg: Message): void {
    this.observeTerm(msg.term);
    super.receive(from, msg);
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
    this.currentTerm = this.currentTerm + 1;
    this.storage.votedFor = this.id;
    this.role = "candidate";
    this.votes.clear();
    this.votes.add(this.id);
    this.resetElectionTimer();
    for (const peer of this.peers) {
      this.env.send(peer, {
        type: "RequestVote",
        term: this.currentTerm,
        candidateId: this.id,
        lastLogIndex: this.log.lastIndex(),
        lastLogTerm: this.log.lastTerm(),
      });
    }
    this.winIfMajority();
  }

  /** TODO 4.4 — the election restriction: is a log ending at (lastLogIndex, lastLogTerm) at least as up to date as yours? */
  protected isUpToDate(lastLogIndex: number, lastLogTerm: number): boolean {
    const myTerm = this.log.lastTerm();
    return lastLogTerm > myTerm || (lastLogTerm === myTerm && lastLogIndex >= this.log.lastIndex());
  }

  /** TODO 4.5 — grant at most one vote per term, only to an up-to-date candidate; granting resets your timer. */
  protected override onRequestVote(from: NodeId, msg: RequestVote): void {
    const votedFor = this.storage.votedFor;
    const grant =
      msg.term === this.currentTerm &&
      (votedFor === null || votedFor === msg.candidateId) &&
      this.isUpToDate(msg.lastLogIndex, msg.lastLogTerm);
    if (grant) {
      this.storage.votedFor = msg.candidateId;
      this.resetElectionTimer();
    }
    this.env.send(from, { type: "RequestVoteReply", term: this.currentTerm, voteGranted: grant });
  }

  /** TODO 4.6 — count votes of your current term only; a majority makes you leader (this.winIfMajority()). */
  protected override onRequestVoteReply(from: NodeId, msg: RequestVoteReply): void {
    if (this.role !== "candidate" || msg.term !== this.currentTerm || !msg.voteGranted) return;
    this.votes.add(from);
    this.winIfMajority();
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
