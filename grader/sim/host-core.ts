import type { ClientEnv, ClientReply, ClientRequest, Env, KvClientLike, Message, NodeId, RaftNode } from "../contract";
import { ContractError } from "./errors";
import {
  itemResult,
  NO_RESULT,
  SENT_KEPT,
  type ClientInput,
  type HostFault,
  type HostItem,
  type ItemResult,
  type NodeInput,
  type ResultView,
  type StorageState,
} from "./host-protocol";
import {
  copyMessage,
  sameProgress,
  validateMessage,
  validateProgress,
  validateReply,
  validateRequest,
  validateState,
} from "./messages";
import { grown, none } from "./lists";
import { Prng } from "./prng";
import { MemoryStorage } from "./storage";

/** Builds a node over an environment; each call must give a node that shares nothing with earlier ones. */
export type NodeFactory = (env: Env) => RaftNode;
/** Builds a client (chapter 6); absent for chapters without clients. */
export type ClientFactory = (env: ClientEnv) => KvClientLike;

/** How node code is watched while it runs: a fresh budget per call, and faults it cannot swallow. */
export interface CallGuard {
  /**
   * Runs `fn` (node code) with what it prints going to `printed`; returns the error it threw or
   * the fault a guard recorded, even when the code caught it.
   */
  run(fn: () => void, printed: string[]): unknown;
}

type View = ResultView;

interface Member {
  readonly id: NodeId;
  readonly random: Prng;
  node: RaftNode | null;
  storage: MemoryStorage | null;
  /** The view last reported; null once the instance is new or gone, so that the next result reports it whole. */
  shown: View | null;
}

type Lists = Pick<ItemResult, "sent" | "replies" | "applied" | "storage" | "printed"> &
  Required<Pick<ItemResult, "requests" | "completed">>;
type Entry<K extends keyof Lists> = Lists[K][number];

/** What one item's node code did. Each list is made on its first entry. */
class Outputs {
  sent = none<Entry<"sent">>();
  replies = none<Entry<"replies">>();
  applied = none<Entry<"applied">>();
  storage = none<Entry<"storage">>();
  printed = none<Entry<"printed">>();
  requests = none<Entry<"requests">>();
  completed = none<Entry<"completed">>();

  /** Nothing went out, was written, applied or printed. */
  empty(): boolean {
    return (
      this.sent.length === 0 &&
      this.replies.length === 0 &&
      this.applied.length === 0 &&
      this.storage.length === 0 &&
      this.printed.length === 0 &&
      this.requests.length === 0 &&
      this.completed.length === 0
    );
  }
}

interface ClientMember {
  readonly id: string;
  readonly random: Prng;
  client: KvClientLike | null;
}

/**
 * Runs a host's items against node instances: the same code behind the trust boundary (in the
 * learner's process) and in front of it (trusted code in the simulator's process). It keeps
 * each node's storage (the node reads it synchronously) and reports every write, so the
 * simulator's own copy stays the authority.
 */
export class HostCore {
  private members = new Map<NodeId, Member>();
  private clients = new Map<string, ClientMember>();
  private out = new Outputs();
  /** The run's messages as sent, from number `sentBefore` on. */
  private sent: Message[] = [];
  private sentBefore = 0;
  private moment = 0;
  /** What node code prints or notes during one call, in order, until the item takes it. */
  private readonly printing: string[] = [];

  constructor(
    private readonly factory: NodeFactory,
    private readonly guard: CallGuard,
    private readonly clientFactory?: ClientFactory,
    private readonly clock: { now: number } = { now: 0 },
  ) {}

  startRun(seed: number, nodes: readonly NodeId[], clients: readonly string[] = []): void {
    this.members = new Map(
      nodes.map((id) => [id, { id, random: Prng.fork(seed, `node:${id}`), node: null, storage: null, shown: null }]),
    );
    this.clients = new Map(clients.map((id) => [id, { id, random: Prng.fork(seed, `client:${id}`), client: null }]));
    this.sent = [];
    this.sentBefore = 0;
    this.moment = 0;
  }

  exec(t: number, items: readonly HostItem[]): ItemResult[] {
    if (t !== this.moment) this.forgetOldSends();
    this.moment = t;
    this.clock.now = t;
    return items.map((item) => this.one(item));
  }

  /** At a new moment, keeps the last SENT_KEPT messages sent (and more, until there are twice as many). */
  private forgetOldSends(): void {
    const drop = this.sent.length - SENT_KEPT;
    if (drop < SENT_KEPT) return;
    this.sent.splice(0, drop);
    this.sentBefore += drop;
  }

  /**
   * The input as node code is handed it: its own copy of the message or request, whichever
   * process this is, so that a node that changes what it received changes neither the
   * simulator's record nor a duplicate still on its way. A delivery that names a message gets
   * a copy of the host's own.
   */
  private handedOver(input: NodeInput): Exclude<NodeInput, { kind: "deliver" }> {
    if (input.kind === "receive") return { kind: "receive", from: input.from, msg: copyMessage(input.msg) };
    if (input.kind === "request") return { kind: "request", req: { ...input.req } };
    if (input.kind !== "deliver") return input;
    const msg = this.sent[input.sent - this.sentBefore];
    if (msg === undefined) throw new Error(`the host no longer keeps message ${input.sent}`);
    return { kind: "receive", from: input.from, msg: copyMessage(msg) };
  }

  /**
   * Runs one item. The result carries the node's view only when it differs from the one last
   * reported (the simulator keeps the view it has), and an item that did nothing the simulator
   * sees (most ticks) gives NO_RESULT.
   */
  private one(item: HostItem): ItemResult {
    if (item.op === "client") return this.clientItem(item.node, item.input);
    const m = this.members.get(item.node);
    if (!m) throw new Error(`the host has no node ${item.node}`);
    const out = (this.out = new Outputs());
    let view: View | null = null;
    let state: ItemResult["state"];
    // The call and the reading of the node's view run under one guard: one budget, one fault slot.
    const read = (node: RaftNode): void => {
      view = this.viewAfter(m, node);
      const machine = out.applied.length > 0 && typeof node.state === "function" ? node.state() : undefined;
      if (machine !== undefined) state = validateState(machine);
    };
    let fault: unknown = null;
    if (item.op === "crash" || item.op === "boot") m.shown = null;
    if (item.op === "crash") {
      m.node = null;
      m.storage = null;
    } else if (item.op === "boot") {
      m.storage = this.storageFrom(item.storage);
      const env = this.envFor(m, m.storage);
      m.node = null;
      fault = this.guarded(() => {
        const node = this.factory(env);
        m.node = node;
        read(node);
      });
    } else if (m.node) {
      const node = m.node;
      const input = this.handedOver(item.input);
      fault = this.guarded(() => {
        call(node, input);
        read(node);
      });
    }
    if (fault !== null) {
      m.shown = null;
      return itemResult(out, null, undefined, toFault(fault));
    }
    const changed = view as View | null;
    if (changed) m.shown = changed;
    if (!changed && state === undefined && out.empty()) return NO_RESULT;
    return itemResult(out, changed, state);
  }

  /** The node's view after an item, or null when it is the one last reported (made only when it changed). */
  private viewAfter(m: Member, node: RaftNode): View | null {
    const role = node.role;
    const commitIndex = node.commitIndex;
    const raw = role === "leader" && typeof node.progress === "function" ? node.progress() : undefined;
    // A leader's timer does not run; only the trace reads the time, so a value that is not one is left out.
    const next = role !== "leader" && typeof node.nextElection === "function" ? node.nextElection() : undefined;
    const nextElection = Number.isInteger(next) ? next : undefined;
    const shown = m.shown;
    const same = shown?.progress !== undefined && raw !== undefined && sameProgress(raw, shown.progress);
    const progress = same ? shown.progress : raw === undefined ? undefined : validateProgress(raw);
    if (
      shown !== null &&
      shown.role === role &&
      shown.commitIndex === commitIndex &&
      shown.nextElection === nextElection &&
      shown.progress === progress
    ) {
      return null;
    }
    return { role, commitIndex, progress, nextElection };
  }

  /** Runs node code under the guard; what it prints goes to this item's outputs. */
  private guarded(fn: () => void): unknown {
    const fault = this.guard.run(fn, this.printing);
    if (this.printing.length > 0) this.out.printed = this.printing.splice(0);
    return fault;
  }

  private clientItem(id: string, input: ClientInput): ItemResult {
    const c = this.clients.get(id);
    if (!c || !this.clientFactory) throw new Error(`the host has no client ${id}`);
    const factory = this.clientFactory;
    const out = (this.out = new Outputs());
    // Like a node's inputs, a client's operation and answer are its own copies.
    const fault = this.guarded(() => {
      c.client ??= factory(this.clientEnv(c));
      const client = c.client;
      let returned: unknown;
      if (input.kind === "tick") returned = client.tick();
      else if (input.kind === "invoke") returned = client.invoke({ ...input.op });
      else returned = client.receive(input.from, { ...input.reply });
      refusePromise(returned);
    });
    if (fault === null && out.empty()) return NO_RESULT;
    return itemResult(out, null, undefined, fault === null ? undefined : toFault(fault));
  }

  private clientEnv(c: ClientMember): ClientEnv {
    const nodes = Object.freeze([...this.members.keys()]);
    const clock = this.clock;
    return Object.freeze({
      id: c.id,
      nodes,
      now: () => clock.now,
      random: () => c.random.next(),
      send: (to: NodeId, req: ClientRequest) => {
        if (!nodes.includes(to)) {
          throw new ContractError(`env.send(${JSON.stringify(to) ?? String(to)}, …): nodes are ${nodes.join(", ")}`);
        }
        (this.out.requests = grown(this.out.requests)).push({ to, req: validateRequest(req) });
      },
      complete: (value?: string) => {
        if (value !== undefined && typeof value !== "string") {
          throw new ContractError(`env.complete(value): value must be a string or absent, got ${typeof value}`);
        }
        (this.out.completed = grown(this.out.completed)).push(value === undefined ? {} : { value });
      },
      note: (text: string) => {
        this.printing.push(String(text));
      },
    });
  }

  private storageFrom(state: StorageState): MemoryStorage {
    const storage = new MemoryStorage({ currentTerm: state.currentTerm, votedFor: state.votedFor, log: state.log });
    storage.onWrite = (op) => (this.out.storage = grown(this.out.storage)).push(op);
    return storage;
  }

  private envFor(m: Member, storage: MemoryStorage): Env {
    const peers = Object.freeze([...this.members.keys()].filter((id) => id !== m.id));
    const clock = this.clock;
    return Object.freeze({
      id: m.id,
      peers,
      storage: storage.facade(),
      now: () => clock.now,
      random: () => m.random.next(),
      send: (to: NodeId, msg: Message) => {
        if (!peers.includes(to)) {
          throw new ContractError(
            `env.send(${JSON.stringify(to) ?? String(to)}, …): ${to === m.id ? "a node does not send messages to itself" : `there is no node ${JSON.stringify(to) ?? String(to)}; peers are ${peers.join(", ")}`}`,
          );
        }
        const clean = validateMessage(msg);
        (this.out.sent = grown(this.out.sent)).push({ to, msg: clean, votedFor: storage.votedFor });
        this.sent.push(clean);
      },
      reply: (reply: ClientReply) => {
        (this.out.replies = grown(this.out.replies)).push(validateReply(reply));
      },
      apply: (index: number, command: string) => {
        if (!Number.isInteger(index) || typeof command !== "string") {
          throw new ContractError(
            `env.apply(index, command) needs an integer and a string, got ${typeof index}, ${typeof command}`,
          );
        }
        (this.out.applied = grown(this.out.applied)).push({ index, command });
      },
      note: (text: string) => {
        this.printing.push(String(text));
      },
    });
  }
}

function call(node: RaftNode, input: Exclude<NodeInput, { kind: "deliver" }>): void {
  let returned: unknown;
  switch (input.kind) {
    case "tick":
      returned = node.tick();
      break;
    case "receive":
      returned = node.receive(input.from, input.msg);
      break;
    case "request":
      returned = node.request(input.req);
      break;
    case "lead":
      returned = node.lead(input.term);
      break;
  }
  refusePromise(returned);
}

function refusePromise(returned: unknown): void {
  // An async handler would finish after the simulator moved on: a run would stop being a function of its seed.
  if (returned !== undefined && returned !== null && typeof (returned as { then?: unknown }).then === "function") {
    throw new ContractError(
      "a handler returned a Promise: node code is synchronous (no async handlers, no await); each call must finish its work before it returns",
    );
  }
}

/** Describes what node code threw; the value may be anything (a Proxy, a throwing getter), so nothing here may throw. */
function toFault(err: unknown): HostFault {
  try {
    return describeThrown(err);
  } catch {
    return { name: "thrown value", message: "threw a value that cannot be described" };
  }
}

function describeThrown(err: unknown): HostFault {
  if (err instanceof Error || (typeof err === "object" && err !== null && "message" in err)) {
    const e = err as Error & { todo?: unknown };
    const name = typeof e.name === "string" ? e.name : "Error";
    const todo = name === "TodoError" && typeof e.todo === "string" ? e.todo : undefined;
    return { name, message: String(e.message), todo, stack: typeof e.stack === "string" ? e.stack : undefined };
  }
  let text: string;
  try {
    text = String(err);
  } catch {
    text = Object.prototype.toString.call(err);
  }
  return { name: "thrown value", message: `threw a non-Error value: ${text}` };
}
