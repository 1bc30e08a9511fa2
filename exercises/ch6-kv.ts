import { decodeCommand, encodeCommand, todo, type AppendEntries, type AppendEntriesReply, type ClientEnv, type ClientReply, type ClientRequest, type KvClientLike, type KvOp, type NodeId } from "@raft/contract";
import { CommitNode } from "./ch5-commit";

/**
 * Chapter 6 — a replicated key-value store. Writes (put, append) go through the log and are
 * applied once each, even when a client retries them; a get is answered by the leader only
 * once it has confirmed, after the get arrived, that it still leads, and has applied every
 * entry committed when the get arrived. The client retries on another node until it is heard.
 *
 * Grade this chapter with: npm run grade -- --chapter 6
 */

/**
 * The state machine: the keys' values, and, for each client, the highest sequence number it
 * has applied. Both are rebuilt from the log after a restart, because both live here.
 */
export class KvStore {
  private readonly values = new Map<string, string>();
  private readonly applied = new Map<string, number>();

  /**
   * TODO 6.1 — apply one committed command (decodeCommand(command); null means a no-op: skip
   * it). A write whose client has already applied this sequence number or a later one is a
   * retry: it changes nothing. Otherwise put sets the key's value, append adds to its end,
   * and the client's sequence number is recorded.
   */
  apply(command: string): void {
    todo("TODO 6.1 (apply in exercises/ch6-kv.ts)");
  }

  /** A key never written reads as "" (given). */
  get(key: string): string {
    return this.values.get(key) ?? "";
  }

  /** Every key's value, for the grader and the site (given). */
  contents(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}

/** A get the leader has taken in and not yet answered. */
interface PendingRead {
  readonly id: string;
  readonly key: string;
  /** The commitIndex when the read was admitted; null while the leader has no committed entry of its term. */
  readIndex: number | null;
  /** The heartbeat round that must be acknowledged by a majority before the read may be answered. */
  round: number;
}

export class KvNode extends CommitNode {
  protected readonly store = new KvStore();
  protected readonly reads: PendingRead[] = [];
  /** This leader's latest heartbeat round; every AppendEntries it sends carries it. */
  protected round = 0;
  /** The highest round each peer has acknowledged in this term. */
  protected readonly acked = new Map<NodeId, number>();
  /** Who leads this node's current term, as far as it knows: a refused client is sent there. */
  private leaderId: NodeId | null = null;

  /** What the grader and the site read of the state machine (given). */
  state(): Record<string, string> {
    return this.store.contents();
  }

  /**
   * TODO 6.2 — a get reached you as leader: keep it (readIndex null, round 0) among
   * this.reads, then this.admitReads(). Never answer it from your state as it stands: you
   * may have been replaced without knowing it.
   */
  protected override onClientRead(requestId: string, key: string): void {
    todo("TODO 6.2 (onClientRead in exercises/ch6-kv.ts)");
  }

  /**
   * TODO 6.3 — once an entry of your current term is committed (your no-op: before that your
   * commitIndex may lag what earlier leaders committed), give every read still without a
   * readIndex readIndex = commitIndex and a new round (one new round for all of them: ++this.round),
   * and send every peer an AppendEntries (this.appendEntriesFor carries the round). Then this.serveReads().
   */
  protected admitReads(): void {
    todo("TODO 6.3 (admitReads in exercises/ch6-kv.ts)");
  }

  /**
   * TODO 6.4 — a reply of your current term acknowledges the round it echoes: remember, per
   * peer, the highest round acknowledged (this.acked). A reply of another term, or one with
   * no round, acknowledges nothing. Then chapter 5's handling (super), and this.serveReads().
   */
  protected override onAppendEntriesReply(from: NodeId, reply: AppendEntriesReply): void {
    todo("TODO 6.4 (onAppendEntriesReply in exercises/ch6-kv.ts)");
  }

  /**
   * TODO 6.5 — answer, in order, each admitted read whose round a majority (yourself
   * included) has acknowledged and whose readIndex you have applied (lastApplied ≥ readIndex):
   * this.env.reply({ id, ok: true, value: this.store.get(key) }), and forget it.
   */
  protected serveReads(): void {
    todo("TODO 6.5 (serveReads in exercises/ch6-kv.ts)");
  }

  /** Each entry applied goes to the store; then reads may be admitted or answered (given). */
  protected override applyCommitted(): void {
    const from = this.lastApplied;
    super.applyCommitted();
    for (let i = from + 1; i <= this.lastApplied; i++) this.store.apply(this.log.entry(i)?.command ?? "");
    if (this.role === "leader") this.admitReads();
  }

  /** Every AppendEntries carries the current round, so its reply says which round it acknowledges (given). */
  protected override appendEntriesFor(peer: NodeId): AppendEntries {
    return { ...super.appendEntriesFor(peer), round: this.round };
  }

  /** A new term's leader has had no round acknowledged yet (given). */
  protected override onBecomeLeader(): void {
    this.acked.clear();
    this.leaderId = this.id;
    super.onBecomeLeader();
  }

  /** A follower learns who leads from its AppendEntries (given). */
  protected override onAppendEntries(from: NodeId, msg: AppendEntries): void {
    super.onAppendEntries(from, msg);
    if (msg.term === this.currentTerm) this.leaderId = msg.leaderId;
  }

  /** Stepping down, a leader refuses the reads it holds: it can no longer confirm them (given). */
  protected override observeTerm(term: number): boolean {
    if (!super.observeTerm(term)) return false;
    this.leaderId = null;
    for (const r of this.reads.splice(0)) this.env.reply({ id: r.id, ok: false, reason: "not-leader" });
    return true;
  }

  /** A node that does not lead refuses a request, and says who does when it knows (given). */
  override request(req: ClientRequest): void {
    if (this.role === "leader" || this.leaderId === null || this.leaderId === this.id) return super.request(req);
    this.env.reply({ id: req.id, ok: false, reason: "not-leader", leaderHint: this.leaderId });
  }
}

/** Ticks a client waits for an answer before it tries another node. */
export const CLIENT_RETRY_TICKS = 20;

/**
 * The client: one operation at a time. It sends the operation to the node it believes leads,
 * and tries again, elsewhere, on a refusal or when no answer comes in time. Every retry of a
 * write carries the same sequence number, which is how the state machine knows it for a retry.
 */
export class KvClient implements KvClientLike {
  /** The last sequence number used; each operation gets the next one. */
  protected seq = 0;
  /** The operation under way, and the id of the request last sent for it. */
  protected current: { readonly op: KvOp; readonly seq: number; id: string } | null = null;
  /** Index in env.nodes of the node to try next. */
  protected target = 0;
  protected deadline = 0;
  /** The node that last let a request time out: it may be a leader cut off from the rest, which its followers still name. */
  protected silent: NodeId | null = null;
  private attempts = 0;

  constructor(protected readonly env: ClientEnv) {}

  /** TODO 6.6 — a new operation: the next sequence number (++this.seq), kept as this.current, then this.send(). */
  invoke(op: KvOp): void {
    todo("TODO 6.6 (invoke in exercises/ch6-kv.ts)");
  }

  /**
   * TODO 6.7 — an answer: ignore it unless it answers the request last sent for the current
   * operation (its id). On ok, the operation is over: this.current = null, then
   * this.env.complete(the value, for a get; nothing for put and append). On a refusal, go to
   * the node its leaderHint names — unless that is this.silent, or it names none: then the
   * next node — and this.send() again.
   */
  receive(from: NodeId, reply: ClientReply): void {
    todo("TODO 6.7 (receive in exercises/ch6-kv.ts)");
  }

  /** TODO 6.8 — no answer by this.deadline: remember that node as this.silent, and try the next one (this.send()). */
  tick(): void {
    todo("TODO 6.8 (tick in exercises/ch6-kv.ts)");
  }

  /** Sends the current operation to env.nodes[target], under a fresh request id, and sets the deadline (given). */
  protected send(): void {
    const cur = this.current;
    if (cur === null) return;
    cur.id = `${cur.seq}.${++this.attempts}`;
    const { op } = cur;
    const req: ClientRequest =
      op.op === "get"
        ? { kind: "read", id: cur.id, key: op.key }
        : { kind: "write", id: cur.id, command: encodeCommand({ ...op, client: this.env.id, seq: cur.seq }) };
    this.env.send(this.env.nodes[this.target], req);
    this.deadline = this.env.now() + CLIENT_RETRY_TICKS;
  }
}
