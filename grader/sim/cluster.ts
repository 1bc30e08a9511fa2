import type { ClientReply, ClientRequest, Entry, Message, NodeClass, NodeId, Progress, Role } from "../contract";
import { parseLog } from "../scenarios/notation";
import type { Action, Scenario } from "../scenarios/types";
import { ClientDesks, describeOp, describeRequest, type ClientOperation, type ClientRequestRecord } from "./clients";
import { ContractError, thousands } from "./errors";
import {
  HostStopped,
  NO_RESULT,
  SENT_KEPT,
  type ClientInput,
  type HostFault,
  type HostItem,
  type ItemResult,
  type NodeHost,
} from "./host-protocol";
import { InvariantChecker, type InvariantName, type NodeView, type Violation } from "./invariants";
import { LocalHost } from "./local-host";
import {
  sameProgress,
  type Mutable,
  validateMessage,
  validateProgress,
  validateReply,
  validateRequest,
  validateState,
} from "./messages";
import { describeFaults, Network } from "./network";
import { oneLine, OutputLog } from "./output";
import { grown, none } from "./lists";
import { EventQueue } from "./queue";
import { MemoryStorage } from "./storage";
import type { EventKind, NodeSnapshot, SentMessage, TraceEvent } from "./trace";

export interface RunOptions {
  readonly scenario: Scenario;
  /** Where node code runs; a trusted class may be given instead, to run in this process. */
  readonly host?: NodeHost;
  readonly nodeClass?: NodeClass;
  readonly seed: number;
  readonly invariants: readonly InvariantName[];
  /** Keep every event with state snapshots (for trace files and the site's player). */
  readonly record?: boolean;
  /** A run that needs more events than this is stopped: some node is flooding the network. */
  readonly maxEvents?: number;
  /**
   * Hand the host one item at a time, so that a host which stops answering (out of time, out
   * of memory) is known to have stopped at that item: the run ends in a fault naming it.
   */
  readonly stepwise?: boolean;
  /**
   * Called in a stepwise run before each item goes to the host, with the number the trace gives
   * its event (a tick that changes nothing shares the next one's): the replay under the debugger
   * pauses there.
   */
  readonly beforeItem?: (event: number, item: HostItem, during: string) => void;
}

/** Node code threw (a bug, a TODO, a guard) or broke a limit: the run stops there. */
export interface NodeFault {
  readonly node: NodeId;
  /** What the node was doing, e.g. "handling AppendEntries from N1". */
  readonly during: string;
  readonly name: string;
  readonly message: string;
  /** The TODO a stub method named, when the fault is an unwritten stub. */
  readonly todo?: string;
  readonly stack?: string;
  /** The event being handled, as numbered in the trace. */
  readonly event?: number;
}

export interface SentRecord {
  readonly t: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: Message;
  /** When its recipient took a copy of it in, if it did before the run ended. */
  receivedAt?: number;
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
  /** What each node handed its state machine, across its incarnations (an index falls back to 1 after a restart). */
  readonly applied: Readonly<Record<NodeId, readonly { index: number; command: string; t: number }[]>>;
  readonly final: readonly NodeSnapshot[];
  readonly logs: Readonly<Record<NodeId, readonly Entry[]>>;
  /** What nodes wrote with env.note or console.*, oldest first, cut to the last lines when long. */
  readonly output: readonly { readonly node: NodeId; readonly t: number; readonly text: string }[];
  /** Every (term, node) pair seen as leader, in the order first seen. */
  readonly leaders: readonly { readonly term: number; readonly node: NodeId; readonly t: number }[];
  readonly trace: readonly TraceEvent[];
  /** Chapter 6: every operation the clients invoked, in the order invoked; one never completed has no `ret`. */
  readonly history: readonly ClientOperation[];
  /** Every request the clients sent, in order, with the clients' own ids. */
  readonly requests: readonly ClientRequestRecord[];
  /** Each live node's state machine as it last reported it (chapter 6). */
  readonly states: Readonly<Record<NodeId, Readonly<Record<string, string>>>>;
  /** How many events a trace of this run holds (the same count whether or not it was recorded). */
  readonly traceEvents: number;
}

/** A node's log may not grow past this: a run whose node code appends without end stops, naming the node. */
export const LOG_LIMIT = 100_000;
/** Nor may one event make a node send more than this many messages. */
const SENDS_PER_EVENT = 10_000;
/** A recorded run stops taking snapshots past this many log entries in all: a trace stays loadable. */
const TRACE_ENTRY_BUDGET = 2_000_000;

interface Member {
  readonly id: NodeId;
  readonly storage: MemoryStorage;
  up: boolean;
  /** The node's public view as last reported; null while it has no running instance. */
  view: {
    role: Role;
    commitIndex: number;
    progress?: Readonly<Record<NodeId, Progress>>;
    nextElection?: number;
  } | null;
  /** The state machine as last reported (chapter 6); gone with a crash. */
  state?: Readonly<Record<string, string>>;
}

/** A chapter 6 client's part in the queue: its next invocation, its request on the way, an answer on the way back. */
type ClientEvent =
  | { readonly kind: "invoke"; readonly client: string }
  | { readonly kind: "request"; readonly client: string; readonly to: NodeId; readonly req: ClientRequest }
  | { readonly kind: "answer"; readonly client: string; readonly from: NodeId; readonly reply: ClientReply };

type Queued =
  | { readonly t: number; readonly phase: 0; readonly action: Action }
  | {
      readonly t: number;
      readonly phase: 1;
      readonly msgId: number;
      readonly from: NodeId;
      readonly to: NodeId;
      readonly msg: Message;
      readonly record: SentRecord;
      /** The message's number among those the run's nodes sent (its place in `sent`). */
      readonly sent: number;
    }
  | { readonly t: number; readonly phase: 2 }
  | { readonly t: number; readonly phase: 0 | 1; readonly client: ClientEvent };

/** One event of the run, with the host items it needs; the trusted side's part of it is done when it is built. */
interface Step {
  readonly kind: EventKind;
  readonly what: string;
  readonly extra: { node?: NodeId; msgId?: number; from?: NodeId; msg?: Message };
  /** Host items of this step, each with what its node was doing. */
  readonly calls: { readonly item: HostItem; readonly during: string }[];
  /** A tick is kept in the trace only where it changed something. */
  readonly tick?: boolean;
  /** The queued item this step came from, counted against the event budget. */
  readonly counted: boolean;
  /** The message a delivery hands over, marked received once its handling is taken in. */
  readonly received?: SentRecord;
}

/** Runs one scenario against one node implementation: a discrete-event simulation on a virtual clock. */
export function runScenario(options: RunOptions): RunResult {
  const host = options.host ?? (options.nodeClass ? new LocalHost(options.nodeClass) : undefined);
  if (!host) throw new Error("runScenario needs a host or a node class");
  return new Cluster(options, host).run();
}

/** One moment of a run: the steps it holds and their host items, and, for the first, the run to start. */
export interface Moment {
  readonly t: number;
  readonly items: readonly HostItem[];
  readonly steps: readonly unknown[];
  readonly start?: { readonly seed: number; readonly nodes: readonly NodeId[]; readonly clients?: readonly string[] };
}

/** A run driven from outside, moment by moment, so that one host can serve many runs in one round trip. */
export interface DrivenRun {
  pending(): Moment | null;
  take(m: Moment, results: readonly ItemResult[]): void;
  finish(): RunResult;
}

export function drivenRun(options: RunOptions): DrivenRun {
  return new Cluster(options, NO_HOST);
}

const NO_HOST: NodeHost = {
  startRun: () => {
    throw new Error("a driven run has no host of its own");
  },
  exec: () => {
    throw new Error("a driven run has no host of its own");
  },
  close: () => undefined,
};

class Stop {
  constructor(readonly outcome: "fault" | "violation" | "budget" | "done") {}
}

class Cluster {
  private readonly scenario: Scenario;
  private readonly members = new Map<NodeId, Member>();
  private readonly ids: readonly NodeId[];
  private readonly network: Network;
  private readonly queue = new EventQueue<Queued>();
  private readonly checker: InvariantChecker;
  private readonly maxEvents: number;
  private msgIds = 0;
  private now = 0;
  private events = 0;
  private traceEvents = 0;
  private traceEntries = 0;
  private readonly sent: SentRecord[] = [];
  private readonly replies: (ClientReply & { t: number; node: NodeId })[] = [];
  private readonly applied: Record<NodeId, { index: number; command: string; t: number }[]> = {};
  private readonly leaders: { term: number; node: NodeId; t: number }[] = [];
  private readonly trace: TraceEvent[] = [];
  private readonly output = new OutputLog();
  /** What each client write asked for, by request id: an acknowledgement is checked against it. */
  private readonly writes = new Map<string, string>();
  private readonly desks: ClientDesks;
  private readonly nodeViews: Mutable<NodeView>[];
  private readonly ticks = new TickCalls();
  private readonly valid: Validators;
  /** What the event under way has produced (one at a time: each event takes it before the next). */
  private readonly outputs = new Pending();
  private fault: NodeFault | undefined;
  private violation: RunResult["violation"];
  private started = false;
  private over = false;
  private outcome: RunResult["outcome"] = "ok";

  constructor(
    private readonly options: RunOptions,
    private readonly host: NodeHost,
  ) {
    this.scenario = options.scenario;
    this.valid = host.validates ? AS_GIVEN : VALIDATORS;
    this.ids = [...this.scenario.nodes];
    this.network = new Network(this.scenario, options.seed);
    this.checker = new InvariantChecker(new Set(options.invariants), this.ids.length);
    this.maxEvents = options.maxEvents ?? 200_000;
    this.desks = new ClientDesks(this.scenario.clients ?? [], this.scenario.before);
    this.nodeViews = this.ids.map((id) => ({
      id,
      role: "follower",
      term: 0,
      log: [],
      logVersion: 0,
      deletions: 0,
      progress: undefined,
      commitIndex: undefined,
    }));
    for (const id of this.ids) {
      const log = parseLog(this.scenario.logs?.[id] ?? "");
      const storage = new MemoryStorage({ log, currentTerm: this.scenario.terms?.[id] });
      this.members.set(id, { id, storage, up: true, view: null });
      this.applied[id] = [];
    }
  }

  /** Runs the whole scenario on this run's own host. */
  run(): RunResult {
    for (let m = this.pending(); m; m = this.pending()) {
      if (m.start) this.host.startRun(m.start.seed, m.start.nodes, m.start.clients);
      const results = this.options.stepwise ? null : m.items.length > 0 ? this.host.exec(m.t, m.items) : [];
      this.take(m, results);
    }
    return this.finish();
  }

  /**
   * The next moment's work for the host — every item due at one moment of logical time — or
   * null once the run is over. Whoever drives the run hands the items to a host and the
   * results to take().
   */
  pending(): Moment | null {
    if (this.over) return null;
    if (!this.started) {
      this.started = true;
      for (const a of this.scenario.schedule) this.queue.push({ t: a.at, phase: 0, action: a });
      this.queue.push({ t: 1, phase: 2 });
      for (const f of this.desks.firstInvocations()) {
        this.queue.push({ t: f.at, phase: 0, client: { kind: "invoke", client: f.client } });
      }
      const boot: Step = {
        kind: "start",
        what: "the cluster starts",
        extra: {},
        calls: this.ids.map((node) => ({ item: this.bootItem(node), during: "starting" })),
        counted: false,
      };
      const clients = this.desks.ids;
      return this.moment(0, [boot], {
        seed: this.options.seed,
        nodes: this.ids,
        ...(clients.length ? { clients } : {}),
      });
    }
    const steps = this.nextSteps();
    if (steps === null) {
      this.over = true;
      return null;
    }
    return this.moment(this.now, steps);
  }

  private moment(t: number, steps: readonly Step[], start?: Moment["start"]): Moment {
    const items: HostItem[] = [];
    for (const s of steps) for (const c of s.calls) items.push(c.item);
    return start ? { t, steps, items, start } : { t, steps, items };
  }

  /** Takes in a moment's results (null: run its items one at a time on the host, stepwise). */
  take(m: Moment, results: readonly ItemResult[] | null): void {
    try {
      this.execute(m.t, m.steps as Step[], results);
    } catch (err) {
      if (!(err instanceof Stop)) throw err;
      this.over = true;
      if (err.outcome !== "done") this.outcome = err.outcome;
    }
  }

  finish(): RunResult {
    return this.result(this.outcome);
  }

  /**
   * The events of the next moment of logical time. Nothing a node does at time t can reach
   * another node before t + 1, so all of them go to the host together.
   */
  private nextSteps(): Step[] | null {
    const first = this.queue.peek();
    if (!first || first.t > this.scenario.until) return null;
    this.now = first.t;
    const steps: Step[] = [];
    for (let next = this.queue.peek(); next && next.t === this.now; next = this.queue.peek()) {
      // Quiet means nothing in flight: that depends on what this moment's earlier events sent.
      if (next.phase === 2 && this.scenario.stopWhenQuiet && steps.length > 0) break;
      if (next.phase === 2 && this.scenario.stopWhenQuiet && this.isQuiet()) return null;
      this.queue.pop();
      steps.push(this.stepFor(next));
    }
    return steps;
  }

  private isQuiet(): boolean {
    return !this.queue.some((q) => q.phase !== 2);
  }

  private bootItem(node: NodeId): HostItem {
    return { op: "boot", node, storage: this.member(node).storage.state() };
  }

  // ---- building a moment's steps (the trusted side's own part of each event) ----

  private stepFor(item: Queued): Step {
    if ("client" in item) return this.clientStep(item.client);
    if (item.phase === 2) {
      this.queue.push({ t: item.t + 1, phase: 2 });
      const calls: Step["calls"] = [];
      for (const m of this.members.values()) if (m.up) calls.push(this.ticks.node(m.id));
      // A client's timers matter only while it waits on an operation.
      for (const client of this.desks.ids) if (this.desks.busy(client)) calls.push(this.ticks.client(client));
      return { kind: "tick", what: "", extra: {}, calls, tick: true, counted: true };
    }
    if (item.phase === 1) return this.deliveryStep(item);
    return this.actionStep(item.action);
  }

  private deliveryStep(queued: Extract<Queued, { msgId: number }>): Step {
    const { msgId, from, to, msg, record: received } = queued;
    // The host still keeps every message sent this many before the moment: it is named, not carried.
    const sent = this.sent.length - queued.sent <= SENT_KEPT ? queued.sent : undefined;
    const m = this.member(to);
    const extra = { node: to, msgId, from, msg };
    if (!m.up || !this.network.connected(from, to)) {
      const why = !m.up ? `${to} is down` : `${from} and ${to} are partitioned`;
      return { kind: "lost", what: `${msg.type} ${from}→${to} is lost: ${why}`, extra, calls: [], counted: true };
    }
    return {
      kind: "deliver",
      what: `${to} receives ${msg.type} from ${from}`,
      extra,
      calls: [{ item: call(to, { kind: "receive", from, msg, sent }), during: `handling ${msg.type} from ${from}` }],
      counted: true,
      received,
    };
  }

  private clientStep(e: ClientEvent): Step {
    if (e.kind === "invoke") return this.invokeStep(e.client);
    if (e.kind === "answer") {
      const what = `${e.client} hears from ${e.from}: ${e.reply.ok ? "ok" : "not leader"}`;
      const during = `handling ${e.from}'s answer`;
      return step("answer", what, [
        { item: clientCall(e.client, { kind: "answer", from: e.from, reply: e.reply }), during },
      ]);
    }
    const m = this.member(e.to);
    if (!m.up) return step("lost", `${e.client}'s request to ${e.to} is lost: ${e.to} is down`, [], e.to);
    const during = e.req.kind === "read" ? `handling client read of "${e.req.key}"` : `handling ${e.client}'s write`;
    return step(
      "request",
      describeRequest(e.client, e.to, e.req),
      [{ item: call(e.to, { kind: "request", req: e.req }), during }],
      e.to,
    );
  }

  /** The client's next operation starts now, if it has one. */
  private invokeStep(client: string): Step {
    const op = this.desks.begin(client, this.now);
    const what = op ? `${client} invokes ${describeOp(op)}` : `${client} has nothing to invoke`;
    const calls = op
      ? [{ item: clientCall(client, { kind: "invoke", op }), during: `invoking ${describeOp(op)}` }]
      : [];
    return { kind: "invoke", what, extra: {}, calls, counted: true };
  }

  private actionStep(a: Action): Step {
    const ifUp = (node: NodeId, input: Parameters<typeof call>[1], during: string): Step["calls"] =>
      this.member(node).up ? [{ item: call(node, input), during }] : [];
    if ("lead" in a) {
      if (!this.member(a.lead).up) return step("lead", `${a.lead} is down and cannot lead term ${a.term}`, [], a.lead);
      return step(
        "lead",
        `${a.lead} leads term ${a.term}`,
        ifUp(a.lead, { kind: "lead", term: a.term }, `becoming leader of term ${a.term}`),
        a.lead,
      );
    }
    if ("write" in a) {
      const id = a.id ?? `w${this.events}`;
      this.writes.set(id, a.command);
      const req = { kind: "write" as const, id, command: a.command };
      const during = `handling client write "${a.command}"`;
      return step(
        "write",
        `a client asks ${a.write} to write "${a.command}"`,
        ifUp(a.write, { kind: "request", req }, during),
        a.write,
      );
    }
    if ("read" in a) {
      const id = a.id ?? `r${this.events}`;
      const req = { kind: "read" as const, id, key: a.key };
      const during = `handling client read of "${a.key}"`;
      return step(
        "read",
        `a client asks ${a.read} to read "${a.key}"`,
        ifUp(a.read, { kind: "request", req }, during),
        a.read,
      );
    }
    if ("redeliver" in a) {
      const { from, to, type } = a.redeliver;
      const old = this.lastSent(from, to, type);
      if (!old || !this.member(to).up) {
        return step("lost", `no late copy of a ${type} ${from}→${to} arrives${old ? `: ${to} is down` : ""}`, [], to);
      }
      const extra = { node: to, msgId: ++this.msgIds, from, msg: old.msg };
      const during = `handling a late copy of ${type} from ${from}`;
      const calls = [{ item: call(to, { kind: "receive", from, msg: old.msg }), during }];
      return {
        kind: "deliver",
        what: `${to} receives a late copy of ${type} from ${from}, sent at t=${old.t}`,
        extra,
        calls,
        counted: true,
      };
    }
    if ("invoke" in a) {
      if (this.desks.enqueue(a.invoke, a.op)) return this.invokeStep(a.invoke);
      return step("invoke", `${a.invoke} will invoke ${describeOp(a.op)} once its operation under way completes`);
    }
    if ("crash" in a) {
      const m = this.member(a.crash);
      const wasUp = m.up;
      m.up = false;
      m.view = null;
      m.state = undefined;
      const calls = wasUp ? [{ item: { op: "crash" as const, node: a.crash }, during: "crashing" }] : [];
      return step("crash", `${a.crash} crashes`, calls, a.crash);
    }
    if ("restart" in a) {
      const m = this.member(a.restart);
      let calls: Step["calls"] = [];
      if (!m.up) {
        m.up = true;
        this.checker.observeRestart(m.id);
        calls = [{ item: this.bootItem(m.id), during: "starting" }];
      }
      return step("restart", `${a.restart} restarts from its storage`, calls, a.restart);
    }
    if ("partition" in a) {
      this.network.partition(a.partition);
      return step("partition", `the network splits: ${a.partition.map((g) => `{${g.join(" ")}}`).join(" | ")}`);
    }
    if ("heal" in a) {
      this.network.heal();
      return step("heal", "the network heals");
    }
    if ("network" in a) {
      this.network.setFaults(a.network);
      return step("network", describeFaults(a.network));
    }
    const msgId = ++this.msgIds;
    return {
      kind: "inject",
      what: `${a.to} receives ${a.inject.type} from ${a.from}`,
      extra: { node: a.to, msgId, from: a.from, msg: a.inject },
      calls: ifUp(a.to, { kind: "receive", from: a.from, msg: a.inject }, `handling ${a.inject.type} from ${a.from}`),
      counted: true,
    };
  }

  // ---- running a moment's steps on the host, then taking in what came back ----

  private execute(t: number, steps: readonly Step[], results: readonly ItemResult[] | null): void {
    let r = 0;
    for (const step of steps) {
      if (step.counted && ++this.events > this.maxEvents) throw new Stop("budget");
      const pending = this.outputs;
      let changed = false;
      let quiet = step.kind === "tick" || step.kind === "deliver";
      for (const c of step.calls) {
        const res: ItemResult | undefined = results === null ? this.execOne(t, c) : results[r++];
        if (!res) throw new Error("the host returned fewer results than it was given items");
        if (res === NO_RESULT) continue;
        quiet = false;
        const absorbed =
          c.item.op === "client"
            ? this.absorbClient(c.item.node, c.during, res, pending)
            : this.absorb(c.item.node, c.during, res, pending);
        if (absorbed) changed = true;
        if (step.tick && (changed || pending.any())) {
          this.keep(step.kind, `${c.item.node} ticks`, { node: c.item.node }, pending.take());
          changed = false;
        }
      }
      if (!step.tick) this.keep(step.kind, step.what, step.extra, pending.take());
      // Received only now that its handling is taken in: a run that stops earlier in this moment never saw it.
      const received = step.received;
      if (received && received.receivedAt === undefined) received.receivedAt = this.now;
      // A tick or a delivery whose every call did nothing leaves the cluster as the last check saw it.
      const v = quiet ? null : this.checker.check(this.views());
      if (v) {
        this.violation = { ...v, event: this.traceEvents - 1, t: this.now };
        throw new Stop("violation");
      }
      if (this.scenario.stopOnLeader && this.leaders.length > 0) throw new Stop("done");
    }
  }

  private execOne(t: number, c: Step["calls"][number]): ItemResult {
    this.options.beforeItem?.(this.traceEvents, c.item, c.during);
    try {
      return this.host.exec(t, [c.item])[0];
    } catch (err) {
      if (!(err instanceof HostStopped)) throw err;
      const name = err.reason === "budget" ? "BudgetError" : err.reason === "memory" ? "MemoryError" : "HostDied";
      return this.stopOnFault(c.item.node, c.during, { name, message: err.detail });
    }
  }

  /** Takes in one item's result (untrusted data); returns whether the node's state changed. Throws Stop on a fault. */
  private absorb(node: NodeId, during: string, res: ItemResult, pending: Pending): boolean {
    const m = this.member(node);
    this.keepPrinted(node, res, pending);
    const version = m.storage.version;
    const role = m.view?.role;
    const commitIndex = m.view?.commitIndex;
    const fail = (f: HostFault) => this.stopOnFault(node, during, f);
    if (res.fault) fail(res.fault);
    try {
      m.storage.applyWrites(res.storage ?? []);
      if (m.storage.log.lastIndex() > LOG_LIMIT) {
        fail({ name: "GrowthError", message: `its log grew past ${thousands(LOG_LIMIT)} entries` });
      }
      const sends = res.sent ?? [];
      if (sends.length > SENDS_PER_EVENT) {
        fail({ name: "GrowthError", message: `it sent ${thousands(sends.length)} messages in one event` });
      }
      for (const s of sends) this.send(m, String(s.to), this.valid.message(s.msg), s.votedFor ?? null, pending);
      for (const raw of res.replies ?? []) {
        const reply = this.valid.reply(raw);
        this.checker.observeReply(node, reply, this.writes.get(reply.id));
        this.replies.push({ ...reply, t: this.now, node });
        (pending.replies = grown(pending.replies)).push(reply);
        const back = this.desks.incoming(reply);
        if (back) {
          const answer: ClientEvent = { kind: "answer", client: back.client, from: node, reply: back.reply };
          this.queue.push({ t: this.now + 1, phase: 1, client: answer });
        }
      }
      if (m.up && res.state !== undefined) m.state = this.valid.state(res.state);
      for (const a of res.applied ?? []) {
        const entry = { index: Number(a.index), command: String(a.command) };
        this.applied[node].push({ index: entry.index, command: entry.command, t: this.now });
        (pending.applied = grown(pending.applied)).push({ node, index: entry.index, command: entry.command });
        const holders = () => this.holders(entry.index, m);
        this.checker.observeApply(node, entry.index, entry.command, m.storage.log.all(), holders);
      }
      if (m.up && res.role !== undefined) {
        if (res.role !== "follower" && res.role !== "candidate" && res.role !== "leader") {
          throw new ContractError(`role must be "follower", "candidate" or "leader", got ${JSON.stringify(res.role)}`);
        }
        const reported = res.progress === undefined ? undefined : this.valid.progress(res.progress);
        // The same numbers keep the same object: the invariants skip their state checks when nothing moved.
        const before = m.view?.progress;
        const progress = reported && before && sameProgress(reported, before) ? before : reported;
        m.view = {
          role: res.role,
          commitIndex: Number(res.commitIndex ?? 0),
          progress,
          nextElection: Number.isInteger(res.nextElection) ? res.nextElection : undefined,
        };
      }
    } catch (err) {
      if (err instanceof Stop) throw err;
      fail({ name: (err as Error).name, message: (err as Error).message });
    }
    if (m.view?.role === "leader" && !this.leaders.some((l) => l.node === node && l.term === m.storage.currentTerm)) {
      this.leaders.push({ term: m.storage.currentTerm, node, t: this.now });
    }
    return m.storage.version !== version || m.view?.role !== role || m.view?.commitIndex !== commitIndex;
  }

  /** The last message of `type` that `from` sent `to`, if any. */
  private lastSent(from: NodeId, to: NodeId, type: Message["type"]): SentRecord | undefined {
    for (let i = this.sent.length - 1; i >= 0; i--) {
      const r = this.sent[i];
      if (r.from === from && r.to === to && r.msg.type === type) return r;
    }
    return undefined;
  }

  /** What a node or a client printed (untrusted: perhaps not even a list). */
  private keepPrinted(who: string, res: ItemResult, pending: Pending): void {
    for (const line of Array.isArray(res.printed) ? res.printed : []) {
      const kept = this.output.keep(who, this.now, line);
      if (kept !== null) (pending.notes = grown(pending.notes)).push({ node: who, text: kept });
    }
  }

  /** Takes in a client's result (untrusted data): its requests go out, and a completion ends its operation. */
  private absorbClient(client: string, during: string, res: ItemResult, pending: Pending): boolean {
    this.keepPrinted(client, res, pending);
    const fail = (f: HostFault) => this.stopOnFault(client, during, f);
    if (res.fault) fail(res.fault);
    try {
      const requests = res.requests ?? [];
      if (requests.length > SENDS_PER_EVENT) {
        fail({ name: "GrowthError", message: `it sent ${thousands(requests.length)} requests in one event` });
      }
      for (const r of requests) {
        const to = String(r.to);
        if (!this.members.has(to)) throw new ContractError(`env.send to ${to}: there is no node ${to}`);
        const req = this.desks.outgoing(client, to, this.now, this.valid.request(r.req));
        // Acknowledged writes are judged by index where a node gives one; the history's check judges the rest.
        if (req.kind === "write") this.writes.set(req.id, req.command);
        this.queue.push({ t: this.now + 1, phase: 1, client: { kind: "request", client, to, req } });
      }
      for (const done of res.completed ?? []) {
        const value = done.value === undefined ? undefined : String(done.value);
        const next = this.desks.complete(client, this.now, value);
        (pending.notes = grown(pending.notes)).push({
          node: client,
          text: `completes its operation${value === undefined ? "" : ` with "${value}"`}`,
        });
        if (next !== null) this.queue.push({ t: next, phase: 0, client: { kind: "invoke", client } });
      }
    } catch (err) {
      if (err instanceof Stop) throw err;
      fail({ name: (err as Error).name, message: (err as Error).message });
    }
    return (res.completed ?? []).length > 0;
  }

  /** Who stores `m`'s entry at `index`, in words, for a message about applying it. */
  private holders(index: number, m: Member): string {
    const entry = m.storage.log.entry(index);
    if (!entry) return "";
    const n = [...this.members.values()].filter((o) => o.storage.log.term(index) === entry.term).length;
    return `stored on ${n} of ${this.ids.length} nodes, term ${entry.term}`;
  }

  private stopOnFault(node: NodeId, during: string, f: HostFault): never {
    this.fault = {
      node,
      during,
      name: oneLine(String(f.name), 80),
      message: oneLine(String(f.message), 2000),
      ...(f.todo === undefined ? {} : { todo: oneLine(String(f.todo), 200) }),
      ...(f.stack === undefined ? {} : { stack: String(f.stack) }),
      event: this.traceEvents,
    };
    throw new Stop("fault");
  }

  private send(m: Member, to: NodeId, msg: Message, votedFor: NodeId | null, pending: Pending): void {
    if (!this.members.has(to) || to === m.id) throw new ContractError(`env.send to ${to}: not a peer of ${m.id}`);
    this.checker.observeSend(m.id, to, msg, votedFor);
    const msgId = ++this.msgIds;
    const record: SentRecord = { t: this.now, from: m.id, to, msg };
    const sent = this.sent.push(record) - 1;
    const arrivals = this.network.arrivals(this.now, m.id, to, msg);
    for (const t of arrivals) this.queue.push({ t, phase: 1, msgId, from: m.id, to, msg, record, sent });
    (pending.sent = grown(pending.sent)).push({ id: msgId, from: m.id, to, msg, arrivals });
  }

  private member(id: NodeId): Member {
    const m = this.members.get(id);
    if (!m) throw new Error(`scenario ${this.scenario.id} names unknown node ${id}`);
    return m;
  }

  // ---- observation ----

  /** What the invariants see of each node, brought up to date in place: the checker keeps none of it between checks. */
  private views(): readonly NodeView[] {
    let i = 0;
    for (const m of this.members.values()) {
      const v = this.nodeViews[i++];
      const running = m.up && m.view !== null;
      v.role = running && m.view ? m.view.role : "follower";
      v.term = m.storage.currentTerm;
      v.log = m.storage.log.all();
      v.logVersion = m.storage.log.version;
      v.deletions = m.storage.log.deletions;
      v.progress = running && m.view?.role === "leader" ? m.view.progress : undefined;
      v.commitIndex = running && m.view ? m.view.commitIndex : undefined;
    }
    return this.nodeViews;
  }

  private snapshot(): NodeSnapshot[] {
    return [...this.members.values()].map((m) => {
      const progress = m.up && m.view?.role === "leader" ? m.view.progress : undefined;
      return {
        id: m.id,
        up: m.up,
        role: m.up && m.view ? m.view.role : "follower",
        term: m.storage.currentTerm,
        votedFor: m.storage.votedFor,
        commitIndex: m.up && m.view ? m.view.commitIndex : 0,
        log: m.storage.log.all().map((e) => [e.term, e.command] as const),
        ...(progress ? { progress } : {}),
        ...(m.up && m.view?.nextElection !== undefined ? { nextElection: m.view.nextElection } : {}),
      };
    });
  }

  /** Numbers the event (recorded or not, so failures and traces agree) and records it when asked. */
  private keep(kind: EventKind, what: string, extra: Step["extra"], p: PendingOutputs): void {
    const i = this.traceEvents++;
    if (!this.options.record || this.traceEntries > TRACE_ENTRY_BUDGET) return;
    const state = this.snapshot();
    this.traceEntries += state.reduce((n, s) => n + s.log.length, 0);
    this.trace.push({ i, t: this.now, kind, ...extra, what, ...p, state });
  }

  private result(outcome: RunResult["outcome"]): RunResult {
    const logs: Record<NodeId, readonly Entry[]> = {};
    for (const m of this.members.values()) logs[m.id] = m.storage.log.slice(1);
    return {
      seed: this.options.seed,
      outcome,
      fault: this.fault,
      violation: this.violation,
      events: this.events,
      time: this.now,
      sent: this.sent,
      replies: this.replies,
      applied: this.applied,
      final: this.snapshot(),
      logs,
      output: this.output.lines,
      leaders: this.leaders,
      trace: this.trace,
      history: this.desks.history,
      requests: this.desks.sent,
      states: Object.fromEntries(
        [...this.members.values()].flatMap((m) => (m.up && m.state ? [[m.id, m.state] as const] : [])),
      ),
      traceEvents: this.traceEvents,
    };
  }
}

function call(node: NodeId, input: Extract<HostItem, { op: "call" }>["input"]): HostItem {
  return { op: "call", node, input };
}

/** An event of the schedule or of a client, counted against the budget, about `node` when there is one. */
function step(kind: EventKind, what: string, calls: Step["calls"] = [], node?: NodeId): Step {
  return { kind, what, extra: node === undefined ? {} : { node }, calls, counted: true };
}

function clientCall(client: string, input: ClientInput): HostItem {
  return { op: "client", node: client, input };
}

/** How the simulator takes in what node code handed over: checked and copied, unless the host already did. */
interface Validators {
  readonly message: (raw: unknown) => Message;
  readonly reply: (raw: unknown) => ClientReply;
  readonly state: (raw: unknown) => Record<string, string>;
  readonly progress: (raw: unknown) => Record<NodeId, Progress>;
  readonly request: (raw: unknown) => ClientRequest;
}

const VALIDATORS: Validators = {
  message: validateMessage,
  reply: validateReply,
  state: validateState,
  progress: validateProgress,
  request: validateRequest,
};

/** A host in this process validated every value with the same functions as node code handed it over. */
const AS_GIVEN: Validators = {
  message: (raw) => raw as Message,
  reply: (raw) => raw as ClientReply,
  state: (raw) => raw as Record<string, string>,
  progress: (raw) => raw as Record<NodeId, Progress>,
  request: (raw) => raw as ClientRequest,
};

/** The host item of a tick, one per node and client, made once: a run ticks every node at every moment. */
class TickCalls {
  private readonly nodes = new Map<NodeId, Step["calls"][number]>();
  private readonly clients = new Map<string, Step["calls"][number]>();

  node(id: NodeId): Step["calls"][number] {
    return this.nodes.get(id) ?? TickCalls.kept(this.nodes, id, call(id, { kind: "tick" }));
  }

  client(id: string): Step["calls"][number] {
    return this.clients.get(id) ?? TickCalls.kept(this.clients, id, clientCall(id, { kind: "tick" }));
  }

  /** Made on a node's or client's first tick only: the lookup above is all a later tick costs. */
  private static kept(calls: Map<string, Step["calls"][number]>, id: string, item: HostItem): Step["calls"][number] {
    const c = Object.freeze({ item: Object.freeze(item), during: "handling a tick" });
    calls.set(id, c);
    return c;
  }
}

interface PendingOutputs {
  readonly sent: SentMessage[];
  readonly replies: ClientReply[];
  readonly applied: TraceEvent["applied"][number][];
  readonly notes: { node: NodeId; text: string }[];
}

/** What an event produced, until it is recorded. Each list is made on its first entry. */
class Pending implements PendingOutputs {
  sent = none<SentMessage>();
  replies = none<ClientReply>();
  applied = none<TraceEvent["applied"][number]>();
  notes = none<{ node: NodeId; text: string }>();

  any(): boolean {
    return this.sent.length > 0 || this.replies.length > 0 || this.applied.length > 0 || this.notes.length > 0;
  }

  take(): PendingOutputs {
    const p = { sent: this.sent, replies: this.replies, applied: this.applied, notes: this.notes };
    this.sent = none();
    this.replies = none();
    this.applied = none();
    this.notes = none();
    return p;
  }
}
