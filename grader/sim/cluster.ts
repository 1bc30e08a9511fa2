import type { ClientReply, Entry, Env, Message, NodeClass, NodeId, Progress, RaftNode } from "../contract";
import { parseLog } from "../scenarios/notation";
import { RELIABLE, type Action, type MessageRule, type NetworkFaults, type Scenario } from "../scenarios/types";
import { ContractError } from "./errors";
import { InvariantChecker, type InvariantName, type Violation } from "./invariants";
import { copyMessage, validateMessage } from "./messages";
import { Prng } from "./prng";
import { guarded, sandboxed, takePrinted } from "./sandbox";
import { MemoryStorage } from "./storage";
import type { EventKind, NodeSnapshot, SentMessage, TraceEvent } from "./trace";

export interface RunOptions {
  readonly scenario: Scenario;
  readonly nodeClass: NodeClass;
  readonly seed: number;
  readonly invariants: readonly InvariantName[];
  /** Keep every event with state snapshots (for trace files and the site's player). */
  readonly record?: boolean;
  /** A run that needs more events than this is stopped: some node is flooding the network. */
  readonly maxEvents?: number;
}

/** Node code threw (a bug, a TODO, a guard): the run stops there. */
export interface NodeFault {
  readonly node: NodeId;
  /** What the node was doing, e.g. "handling AppendEntries from N1". */
  readonly during: string;
  readonly name: string;
  readonly message: string;
  /** The TODO a stub method named, when the fault is an unwritten stub. */
  readonly todo?: string;
  readonly stack?: string;
}

export interface SentRecord {
  readonly t: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: Message;
}

export interface RunResult {
  readonly seed: number;
  readonly outcome: "ok" | "fault" | "violation" | "budget";
  readonly fault?: NodeFault;
  readonly violation?: Violation & { readonly event: number; readonly t: number };
  readonly events: number;
  readonly time: number;
  /** Every message handed to the network, in order. */
  readonly sent: readonly SentRecord[];
  readonly replies: readonly (ClientReply & { readonly t: number; readonly node: NodeId })[];
  readonly applied: Readonly<Record<NodeId, readonly { index: number; command: string }[]>>;
  readonly final: readonly NodeSnapshot[];
  readonly logs: Readonly<Record<NodeId, readonly Entry[]>>;
  /** What nodes wrote with env.note or console.*, oldest first, cut to the last lines when long. */
  readonly output: readonly { readonly node: NodeId; readonly t: number; readonly text: string }[];
  /** Every (term, node) pair seen as leader, in the order first seen. */
  readonly leaders: readonly { readonly term: number; readonly node: NodeId; readonly t: number }[];
  readonly trace: readonly TraceEvent[];
}

interface Member {
  readonly id: NodeId;
  readonly storage: MemoryStorage;
  readonly random: Prng;
  node: RaftNode | null;
  up: boolean;
}

type Queued =
  | { readonly t: number; readonly phase: 0; readonly seq: number; readonly action: Action }
  | {
      readonly t: number;
      readonly phase: 1;
      readonly seq: number;
      readonly msgId: number;
      readonly from: NodeId;
      readonly to: NodeId;
      readonly msg: Message;
    }
  | { readonly t: number; readonly phase: 2; readonly seq: number };

const NOTE_LIMIT = 500;
/** A recorded run stops taking snapshots past this many log entries in all: a trace stays loadable. */
const TRACE_ENTRY_BUDGET = 2_000_000;
const NOTES_PER_RUN = 2_000;

/** Runs one scenario against one node implementation: a discrete-event simulation on a virtual clock. */
export function runScenario(options: RunOptions): RunResult {
  return guarded(() => new Cluster(options).run());
}

class Cluster {
  private readonly scenario: Scenario;
  private readonly members = new Map<NodeId, Member>();
  private readonly ids: readonly NodeId[];
  private readonly net: Prng;
  private readonly queue: Queued[] = [];
  private readonly checker: InvariantChecker;
  private readonly maxEvents: number;
  private seq = 0;
  private msgIds = 0;
  private now = 0;
  private events = 0;
  private faults: NetworkFaults;
  private groups: Map<NodeId, number> | null = null;
  private readonly ruleHits = new Map<MessageRule, number>();
  private readonly sent: SentRecord[] = [];
  private readonly replies: (ClientReply & { t: number; node: NodeId })[] = [];
  private readonly applied: Record<NodeId, { index: number; command: string }[]> = {};
  private readonly leaders: { term: number; node: NodeId; t: number }[] = [];
  private readonly trace: TraceEvent[] = [];
  private notesKept = 0;
  private traceEntries = 0;
  private readonly output: { node: NodeId; t: number; text: string }[] = [];
  private pending: {
    sent: SentMessage[];
    replies: ClientReply[];
    applied: TraceEvent["applied"][number][];
    notes: { node: NodeId; text: string }[];
  } = Cluster.emptyPending();

  constructor(private readonly options: RunOptions) {
    this.scenario = options.scenario;
    this.ids = [...this.scenario.nodes];
    this.net = Prng.fork(options.seed, "network");
    this.faults = this.scenario.network ?? RELIABLE;
    this.checker = new InvariantChecker(new Set(options.invariants));
    this.maxEvents = options.maxEvents ?? 200_000;
    for (const id of this.ids) {
      const log = parseLog(this.scenario.logs?.[id] ?? "");
      const storage = new MemoryStorage({ log, currentTerm: this.scenario.terms?.[id] });
      this.members.set(id, { id, storage, random: Prng.fork(options.seed, `node:${id}`), node: null, up: true });
      this.applied[id] = [];
    }
  }

  private static emptyPending() {
    return {
      sent: [] as SentMessage[],
      replies: [] as ClientReply[],
      applied: [] as TraceEvent["applied"][number][],
      notes: [] as { node: NodeId; text: string }[],
    };
  }

  run(): RunResult {
    for (const a of this.scenario.schedule) this.push({ t: a.at, phase: 0, seq: 0, action: a });
    let outcome: RunResult["outcome"] = "ok";
    let fault: NodeFault | undefined;
    let violation: RunResult["violation"];
    try {
      for (const m of this.members.values()) this.boot(m);
      this.record("start", "the cluster starts");
      this.scheduleTick(1);
      while (this.queue.length > 0) {
        const next = this.pop();
        if (next.t > this.scenario.until) break;
        if (next.phase === 2 && this.scenario.stopWhenQuiet && this.isQuiet()) break;
        this.now = next.t;
        if (++this.events > this.maxEvents) {
          outcome = "budget";
          break;
        }
        this.handle(next);
        const v = this.checker.check(this.views());
        if (v) {
          violation = {
            ...v,
            event: this.trace.length > 0 ? this.trace[this.trace.length - 1].i : this.events,
            t: this.now,
          };
          outcome = "violation";
          break;
        }
        if (this.scenario.stopOnLeader && this.leaders.length > 0) break;
      }
    } catch (err) {
      if (!(err instanceof NodeFaultSignal)) throw err;
      fault = err.fault;
      outcome = "fault";
    }
    const final = this.snapshot();
    const logs: Record<NodeId, readonly Entry[]> = {};
    for (const m of this.members.values()) logs[m.id] = m.storage.log.slice(1);
    return {
      seed: this.options.seed,
      outcome,
      fault,
      violation,
      events: this.events,
      time: this.now,
      sent: this.sent,
      replies: this.replies,
      applied: this.applied,
      final,
      logs,
      output: this.output,
      leaders: this.leaders,
      trace: this.trace,
    };
  }

  private isQuiet(): boolean {
    return !this.queue.some((q) => q.phase !== 2);
  }

  // ---- the event queue: a binary heap ordered by (time, phase, seq) ----

  private push(item: Queued): void {
    const q = this.queue;
    q.push({ ...item, seq: this.seq++ } as Queued);
    let i = q.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(q[i], q[parent])) break;
      [q[i], q[parent]] = [q[parent], q[i]];
      i = parent;
    }
  }

  private pop(): Queued {
    const q = this.queue;
    const top = q[0];
    const last = q.pop()!;
    if (q.length > 0) {
      q[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < q.length && before(q[l], q[m])) m = l;
        if (r < q.length && before(q[r], q[m])) m = r;
        if (m === i) break;
        [q[i], q[m]] = [q[m], q[i]];
        i = m;
      }
    }
    return top;
  }

  private scheduleTick(t: number): void {
    this.push({ t, phase: 2, seq: 0 });
  }

  // ---- events ----

  private handle(item: Queued): void {
    if (item.phase === 2) {
      this.tickAll();
      this.scheduleTick(item.t + 1);
    } else if (item.phase === 1) {
      this.deliver(item.msgId, item.from, item.to, item.msg);
    } else {
      this.act(item.action);
    }
  }

  private tickAll(): void {
    for (const m of this.members.values()) {
      if (!m.up) continue;
      if (!this.options.record) {
        this.call(m, "handling a tick", (n) => n.tick());
        this.pending = Cluster.emptyPending();
        continue;
      }
      const before = this.fingerprint(m);
      this.call(m, "handling a tick", (n) => n.tick());
      const pend = this.pending;
      if (
        pend.sent.length ||
        pend.replies.length ||
        pend.applied.length ||
        pend.notes.length ||
        this.fingerprint(m) !== before
      ) {
        this.record("tick", `${m.id} ticks`, { node: m.id });
      } else {
        this.pending = Cluster.emptyPending();
      }
    }
  }

  private deliver(msgId: number, from: NodeId, to: NodeId, msg: Message): void {
    const m = this.member(to);
    if (!m.up || !this.connected(from, to)) {
      const why = !m.up ? `${to} is down` : `${from} and ${to} are partitioned`;
      this.record("lost", `${msg.type} ${from}→${to} is lost: ${why}`, { node: to, msgId, from, msg });
      return;
    }
    this.call(m, `handling ${msg.type} from ${from}`, (n) => n.receive(from, copyMessage(msg)));
    this.record("deliver", `${to} receives ${msg.type} from ${from}`, { node: to, msgId, from, msg });
  }

  private act(a: Action): void {
    if ("lead" in a) {
      const m = this.member(a.lead);
      if (!m.up) return this.record("lead", `${a.lead} is down and cannot lead term ${a.term}`, { node: a.lead });
      this.call(m, `becoming leader of term ${a.term}`, (n) => n.lead(a.term));
      this.record("lead", `${a.lead} leads term ${a.term}`, { node: a.lead });
    } else if ("write" in a) {
      const id = a.id ?? `w${this.events}`;
      const m = this.member(a.write);
      if (m.up)
        this.call(m, `handling client write "${a.command}"`, (n) =>
          n.request({ kind: "write", id, command: a.command }),
        );
      this.record("write", `a client asks ${a.write} to write "${a.command}"`, { node: a.write });
    } else if ("read" in a) {
      const id = a.id ?? `r${this.events}`;
      const m = this.member(a.read);
      if (m.up) this.call(m, `handling client read of "${a.key}"`, (n) => n.request({ kind: "read", id, key: a.key }));
      this.record("read", `a client asks ${a.read} to read "${a.key}"`, { node: a.read });
    } else if ("crash" in a) {
      const m = this.member(a.crash);
      m.up = false;
      m.node = null;
      this.record("crash", `${a.crash} crashes`, { node: a.crash });
    } else if ("restart" in a) {
      const m = this.member(a.restart);
      if (!m.up) {
        m.up = true;
        this.checker.observeRestart(m.id);
        this.boot(m);
      }
      this.record("restart", `${a.restart} restarts from its storage`, { node: a.restart });
    } else if ("partition" in a) {
      this.groups = new Map();
      a.partition.forEach((group, g) => group.forEach((id) => this.groups!.set(id, g)));
      this.record("partition", `the network splits: ${a.partition.map((g) => `{${g.join(" ")}}`).join(" | ")}`);
    } else if ("heal" in a) {
      this.groups = null;
      this.record("heal", "the network heals");
    } else if ("network" in a) {
      this.faults = a.network;
      this.record("network", describeFaults(a.network));
    } else {
      const msgId = ++this.msgIds;
      const m = this.member(a.to);
      if (m.up)
        this.call(m, `handling ${a.inject.type} from ${a.from}`, (n) => n.receive(a.from, structuredClone(a.inject)));
      this.record("inject", `${a.to} receives ${a.inject.type} from ${a.from}`, {
        node: a.to,
        msgId,
        from: a.from,
        msg: a.inject,
      });
    }
  }

  // ---- nodes ----

  private boot(m: Member): void {
    const env = this.envFor(m);
    this.call(m, "starting", () => {
      m.node = new this.options.nodeClass(env);
    });
  }

  private envFor(m: Member): Env {
    const peers = Object.freeze(this.ids.filter((id) => id !== m.id));
    return Object.freeze({
      id: m.id,
      peers,
      storage: m.storage,
      now: () => this.now,
      random: () => m.random.next(),
      send: (to: NodeId, msg: Message) => this.send(m, to, msg),
      reply: (reply: ClientReply) => {
        const copy = structuredClone(reply);
        this.replies.push({ ...copy, t: this.now, node: m.id });
        this.pending.replies.push(copy);
      },
      apply: (index: number, command: string) => {
        this.applied[m.id].push({ index, command });
        this.pending.applied.push({ node: m.id, index, command });
      },
      note: (text: string) => this.keepOutput(m.id, String(text)),
    });
  }

  /** Keeps a line a node wrote, within per-line and per-run limits, for the trace and the report. */
  private keepOutput(node: NodeId, text: string): void {
    if (this.notesKept >= NOTES_PER_RUN) return;
    this.notesKept++;
    const line = text.length > NOTE_LIMIT ? `${text.slice(0, NOTE_LIMIT)}… (cut)` : text;
    this.pending.notes.push({ node, text: line });
    this.output.push({ node, t: this.now, text: line });
    if (this.notesKept === NOTES_PER_RUN)
      this.output.push({ node, t: this.now, text: `… output cut after ${NOTES_PER_RUN} lines` });
  }

  /** Runs node code; a throw becomes a fault that ends the run, naming the node and what it was doing. */
  private call(m: Member, during: string, fn: (node: RaftNode) => void): void {
    try {
      sandboxed(() => fn(m.node as RaftNode));
    } catch (err) {
      for (const line of takePrinted()) this.keepOutput(m.id, line);
      throw new NodeFaultSignal(toFault(m.id, during, err));
    }
    for (const line of takePrinted()) this.keepOutput(m.id, line);
    const node = m.node;
    if (
      node &&
      node.role === "leader" &&
      !this.leaders.some((l) => l.node === m.id && l.term === m.storage.currentTerm)
    ) {
      this.leaders.push({ term: m.storage.currentTerm, node: m.id, t: this.now });
    }
  }

  private send(m: Member, to: NodeId, msg: Message): void {
    if (!this.members.has(to) || to === m.id) {
      throw new ContractError(
        `env.send("${String(to)}", …): ${to === m.id ? "a node does not send messages to itself" : `there is no node "${String(to)}"; peers are ${m.id === undefined ? "" : this.ids.filter((i) => i !== m.id).join(", ")}`}`,
      );
    }
    // validateMessage builds a fresh object, so later changes by the sender cannot reach it.
    const copy = validateMessage(msg);
    this.checker.observeSend(m.id, to, copy, m.storage.votedFor);
    const msgId = ++this.msgIds;
    this.sent.push({ t: this.now, from: m.id, to, msg: copy });
    const arrivals = this.connected(m.id, to) ? this.arrivals(m.id, to, copy) : [];
    for (const t of arrivals) this.push({ t, phase: 1, seq: 0, msgId, from: m.id, to, msg: copy });
    this.pending.sent.push({ id: msgId, from: m.id, to, msg: copy, arrivals });
  }

  /** When each copy of a message arrives, after scripted rules and random faults. */
  private arrivals(from: NodeId, to: NodeId, msg: Message): number[] {
    let extra = 0;
    for (const rule of this.scenario.rules ?? []) {
      if ((rule.from && rule.from !== from) || (rule.to && rule.to !== to) || (rule.type && rule.type !== msg.type))
        continue;
      const hit = (this.ruleHits.get(rule) ?? 0) + 1;
      this.ruleHits.set(rule, hit);
      if (rule.nth !== undefined && rule.nth !== hit) continue;
      if (rule.action === "drop") return [];
      extra += rule.action.delayBy;
    }
    const f = this.faults;
    if (this.net.chance(f.drop)) return [];
    const copies = this.net.chance(f.duplicate) ? 2 : 1;
    const times: number[] = [];
    for (let i = 0; i < copies; i++) times.push(this.now + extra + this.net.int(f.delay[0], f.delay[1]));
    return times;
  }

  private connected(a: NodeId, b: NodeId): boolean {
    if (!this.groups) return true;
    const ga = this.groups.get(a);
    return ga !== undefined && ga === this.groups.get(b);
  }

  private member(id: NodeId): Member {
    const m = this.members.get(id);
    if (!m) throw new Error(`scenario ${this.scenario.id} names unknown node ${id}`);
    return m;
  }

  // ---- observation ----

  private fingerprint(m: Member): string {
    return `${m.storage.version}/${m.storage.log.version}/${m.node?.role}/${m.node?.commitIndex}`;
  }

  private views() {
    return [...this.members.values()].map((m) => ({
      id: m.id,
      role: m.up && m.node ? m.node.role : ("follower" as const),
      term: m.storage.currentTerm,
      log: m.storage.log.all(),
      logVersion: m.storage.log.version,
      deletions: m.storage.log.deletions,
      progress: this.progressOf(m),
    }));
  }

  /** A leader's nextIndex / matchIndex, asked of its own code (so under the same guards). */
  private progressOf(m: Member): Readonly<Record<NodeId, Progress>> | undefined {
    if (!m.up || m.node?.role !== "leader" || !m.node.progress) return undefined;
    let progress: Readonly<Record<NodeId, Progress>> | undefined;
    this.call(m, "reporting its progress()", (n) => {
      progress = structuredClone(n.progress!());
    });
    return progress;
  }

  private snapshot(): NodeSnapshot[] {
    return [...this.members.values()].map((m) => ({
      id: m.id,
      up: m.up,
      role: m.up && m.node ? m.node.role : "follower",
      term: m.storage.currentTerm,
      votedFor: m.storage.votedFor,
      commitIndex: m.up && m.node ? m.node.commitIndex : 0,
      log: m.storage.log.all().map((e) => [e.term, e.command] as const),
      ...this.progressField(m),
    }));
  }

  private progressField(m: Member): { progress?: Readonly<Record<NodeId, Progress>> } {
    const progress = this.progressOf(m);
    return progress ? { progress } : {};
  }

  private record(
    kind: EventKind,
    what: string,
    extra: { node?: NodeId; msgId?: number; from?: NodeId; msg?: Message } = {},
  ): void {
    const p = this.pending;
    this.pending = Cluster.emptyPending();
    if (!this.options.record || this.traceEntries > TRACE_ENTRY_BUDGET) return;
    const state = this.snapshot();
    this.traceEntries += state.reduce((n, s) => n + s.log.length, 0);
    this.trace.push({
      i: this.trace.length,
      t: this.now,
      kind,
      ...extra,
      what,
      sent: p.sent,
      replies: p.replies,
      applied: p.applied,
      notes: p.notes,
      state,
    });
  }
}

function before(a: Queued, b: Queued): boolean {
  return a.t !== b.t ? a.t < b.t : a.phase !== b.phase ? a.phase < b.phase : a.seq < b.seq;
}

function describeFaults(f: NetworkFaults): string {
  return `the network now delays ${f.delay[0]}–${f.delay[1]} ticks, drops ${Math.round(f.drop * 100)}% and duplicates ${Math.round(f.duplicate * 100)}%`;
}

class NodeFaultSignal extends Error {
  constructor(readonly fault: NodeFault) {
    super(fault.message);
  }
}

function toFault(node: NodeId, during: string, err: unknown): NodeFault {
  if (err instanceof Error) {
    const todo = err.name === "TodoError" ? (err as Error & { todo?: string }).todo : undefined;
    return { node, during, name: err.name, message: err.message, todo, stack: err.stack };
  }
  return { node, during, name: "thrown value", message: `threw a non-Error value: ${String(err)}` };
}
