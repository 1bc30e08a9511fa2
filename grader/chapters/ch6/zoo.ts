import type { Mutant } from "../../zoo/mutant";

const FILE = "ch6-kv.ts";

/** Chapter 6's bug zoo: classic mistakes of a key-value store on Raft, each caught by this chapter's tests. */
export const MUTANTS: readonly Mutant[] = [
  {
    id: "ch6.read-majority-ceil",
    mistake: "a read's majority is counted as half the cluster rounded up: right for three or five nodes, not for four",
    file: FILE,
    find: "    const majority = Math.floor((this.peers.length + 1) / 2) + 1;",
    replace: "    const majority = Math.ceil((this.peers.length + 1) / 2);",
    expect: /two of four, half the cluster and not a majority/,
  },
  {
    id: "ch6.read-unconfirmed",
    mistake: "the leader answers a get from its state at once, without confirming it still leads",
    file: FILE,
    find: "    this.reads.push({ id: requestId, key, readIndex: null, round: 0 });\n    this.admitReads();",
    replace: "    this.env.reply({ id: requestId, ok: true, value: this.store.get(key) });",
    expect: /must confirm it still leads/,
  },
  {
    id: "ch6.read-before-term-commit",
    mistake: "a new leader admits reads before an entry of its own term has committed",
    file: FILE,
    find: "    if (this.log.term(this.commitIndex) !== this.currentTerm) return;\n",
    replace: "",
    expect: /should answer "v5"/,
  },
  {
    id: "ch6.read-old-round",
    mistake: "any acknowledgement of the leader's term confirms a read, whatever its round",
    file: FILE,
    find: "(this.acked.get(p) ?? 0) >= r.round",
    replace: "this.acked.has(p)",
    expect: /confirm nothing/,
  },
  {
    id: "ch6.read-joins-waiting-round",
    mistake: "a get that arrives while another read waits joins that read's round instead of starting a new one",
    file: FILE,
    find: "    if (waiting.length > 0) {\n      this.round++;",
    replace: "    if (waiting.length > 0) {\n      if (!this.reads.some((r) => r.readIndex !== null)) this.round++;",
    expect: /needs a round of its own/,
  },
  {
    id: "ch6.lease-too-long",
    mistake:
      "a leader that heard from a majority in the last 20 ticks answers a get at once (a lease longer than the shortest election timeout)",
    file: FILE,
    find: "    this.reads.push({ id: requestId, key, readIndex: null, round: 0 });",
    replace:
      "    const fresh = this.peers.filter((p) => this.env.now() - (this.heardAt.get(p) ?? -99) < 20).length;\n    if (this.log.term(this.commitIndex) === this.currentTerm && (fresh + 1) * 2 > this.peers.length + 1 && this.lastApplied >= this.commitIndex)\n      return this.env.reply({ id: requestId, ok: true, value: this.store.get(key) });\n    this.reads.push({ id: requestId, key, readIndex: null, round: 0 });",
    more: [
      {
        find: '    if (this.role === "leader" && reply.term === this.currentTerm && reply.round !== undefined) {',
        replace:
          '    if (this.role === "leader" && reply.term === this.currentTerm) this.heardAt.set(from, this.env.now());\n    if (this.role === "leader" && reply.term === this.currentTerm && reply.round !== undefined) {',
      },
      {
        find: "  /** A new term's leader has had no round acknowledged yet (given). */",
        replace:
          "  private readonly heardAt = new Map<NodeId, number>();\n\n  /** A new term's leader has had no round acknowledged yet (given). */",
      },
    ],
    expect: /Having heard from a majority a few ticks earlier proves nothing/,
  },
  {
    id: "ch6.read-before-applied",
    mistake: "the state machine applies lazily, and a confirmed read is answered before it has applied up to readIndex",
    file: FILE,
    find: '    for (let i = from + 1; i <= this.lastApplied; i++) this.store.apply(this.log.entry(i)?.command ?? "");',
    replace: "    this.behind.push(...this.log.slice(from + 1, this.lastApplied + 1).map((e) => e.command));",
    more: [
      { find: " || this.lastApplied < r.readIndex", replace: "" },
      {
        find: "  /** A new term's leader has had no round acknowledged yet (given). */",
        replace:
          "  private readonly behind: string[] = [];\n  protected override onTick(): void {\n    const next = this.behind.shift();\n    if (next !== undefined) this.store.apply(next);\n    super.onTick();\n  }\n\n  /** A new term's leader has had no round acknowledged yet (given). */",
      },
    ],
    expect: /should answer "v5"|not linearizable/,
  },
  {
    id: "ch6.no-dedupe",
    mistake: "the state machine applies a retried write again",
    file: FILE,
    find: "    if (c === null || (this.applied.get(c.client) ?? 0) >= c.seq) return;",
    replace: "    if (c === null) return;",
    expect: /applying each client's write once|apply the append once/,
  },
  {
    id: "ch6.dedupe-at-leader",
    mistake: "duplicates are detected by the leader when a write is proposed, outside the state machine",
    file: FILE,
    find: "    if (c === null || (this.applied.get(c.client) ?? 0) >= c.seq) return;",
    replace: "    if (c === null) return;",
    more: [
      {
        find: "  /** A new term's leader has had no round acknowledged yet (given). */",
        replace:
          "  private readonly proposed = new Map<string, number>();\n  protected override onClientWrite(requestId: string, command: string): void {\n    const c = decodeCommand(command);\n    if (c !== null && (this.proposed.get(c.client) ?? 0) >= c.seq) return;\n    if (c !== null) this.proposed.set(c.client, c.seq);\n    super.onClientWrite(requestId, command);\n  }\n\n  /** A new term's leader has had no round acknowledged yet (given). */",
      },
    ],
    expect: /applying each client's write once|apply the append once/,
  },
  {
    id: "ch6.follower-reads",
    mistake: "a follower answers a get from its own state machine",
    file: FILE,
    find: '    if (this.role === "leader" || this.leaderId === null || this.leaderId === this.id) return super.request(req);',
    replace:
      '    if (req.kind === "read" && this.role !== "leader") return this.env.reply({ id: req.id, ok: true, value: this.store.get(req.key) });\n    if (this.role === "leader" || this.leaderId === null || this.leaderId === this.id) return super.request(req);',
    expect: /should end with the value v2|not linearizable/,
  },
  {
    id: "ch6.client-new-seq",
    mistake: "the client gives each retry a new sequence number, so the state machine cannot know it for a retry",
    file: FILE,
    find: "encodeCommand({ ...op, client: this.env.id, seq: cur.seq })",
    replace: "encodeCommand({ ...op, client: this.env.id, seq: ++this.seq })",
    expect: /apply the append once/,
  },
  {
    id: "ch6.client-ignores-hint",
    mistake: "the client ignores a refusal's leaderHint and tries the next node in order",
    file: FILE,
    find: "    this.target = hinted >= 0 ? hinted : (this.target + 1) % this.env.nodes.length;",
    replace: "    this.target = (this.target + 1) % this.env.nodes.length + 0 * hinted;",
    expect: /next request should go there/,
  },
];
