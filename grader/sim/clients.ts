import type { ClientReply, ClientRequest, KvOp, NodeId } from "../contract";
import type { ClientPlan } from "../scenarios/types";
import { ContractError } from "./errors";

/** One operation as its client saw it: invoked at `call`, completed at `ret` with `value` (a get's), or never. */
export interface ClientOperation {
  readonly client: string;
  readonly op: KvOp;
  readonly call: number;
  ret?: number;
  value?: string;
}

/** A request a client sent (with the client's own id for it). */
export interface ClientRequestRecord {
  readonly t: number;
  readonly client: string;
  readonly to: NodeId;
  readonly req: ClientRequest;
}

interface Desk {
  readonly plan: ClientPlan;
  /** Operations still to invoke, in order. */
  readonly queue: KvOp[];
  /** The operation under way. */
  current: ClientOperation | null;
  /** An invocation is already scheduled. */
  due: boolean;
}

/**
 * The simulator's bookkeeping of chapter 6's clients: what each has still to do, the history of
 * what it did, and which client a node's answer is for. A request's id is prefixed with its
 * client's, so two clients' ids never meet at a node, and an answer finds its way back.
 */
export class ClientDesks {
  private readonly desks = new Map<string, Desk>();
  private readonly requests = new Map<string, { client: string; id: string }>();
  readonly history: ClientOperation[] = [];
  /** Every request a client sent, in order. */
  readonly sent: ClientRequestRecord[] = [];

  constructor(plans: readonly ClientPlan[], before: readonly ClientOperation[] = []) {
    this.history.push(...before.map((h) => ({ ...h })));
    for (const plan of plans) this.desks.set(plan.id, { plan, queue: [...plan.ops], current: null, due: false });
  }

  get ids(): string[] {
    return [...this.desks.keys()];
  }

  /** Clients whose first operation is due, with its time. */
  firstInvocations(): { client: string; at: number }[] {
    return [...this.desks.values()]
      .filter((d) => d.queue.length > 0)
      .map((d) => {
        d.due = true;
        return { client: d.plan.id, at: d.plan.start ?? 1 };
      });
  }

  /** Adds an operation to a client's queue; returns whether it can be invoked now. */
  enqueue(client: string, op: KvOp): boolean {
    const d = this.desk(client);
    d.queue.push(op);
    if (d.current || d.due) return false;
    d.due = true;
    return true;
  }

  /** The client's next operation, now invoked at `t`, or null when it has none. */
  begin(client: string, t: number): KvOp | null {
    const d = this.desk(client);
    d.due = false;
    const op = d.queue.shift();
    if (op === undefined || d.current) return null;
    d.current = { client, op, call: t };
    this.history.push(d.current);
    return op;
  }

  busy(client: string): boolean {
    return this.desk(client).current !== null;
  }

  /** The client said its operation is over; returns when its next one is due, if it has one. */
  complete(client: string, t: number, value: string | undefined): number | null {
    const d = this.desk(client);
    const cur = d.current;
    if (!cur) throw new ContractError("env.complete: no operation is under way (complete each invoked operation once)");
    if (cur.op.op === "get" && value === undefined) {
      throw new ContractError(`env.complete: a get must complete with the value it read (get "${cur.op.key}")`);
    }
    cur.ret = t;
    if (cur.op.op === "get") cur.value = value;
    d.current = null;
    if (d.queue.length === 0) return null;
    d.due = true;
    return t + (d.plan.gap ?? 1);
  }

  /** The request as the node sees it: its id prefixed with the client's. */
  outgoing(client: string, to: NodeId, t: number, req: ClientRequest): ClientRequest {
    const id = `${client}/${req.id}`;
    this.requests.set(id, { client, id: req.id });
    this.sent.push({ t, client, to, req });
    return { ...req, id };
  }

  /** Which client a node's answer is for, and the answer as that client knows it; null for an id no client sent. */
  incoming(reply: ClientReply): { client: string; reply: ClientReply } | null {
    const r = this.requests.get(reply.id);
    return r ? { client: r.client, reply: { ...reply, id: r.id } } : null;
  }

  private desk(client: string): Desk {
    const d = this.desks.get(client);
    if (!d) throw new Error(`the scenario has no client ${client}`);
    return d;
  }
}

/** An operation in words: get("k"), put("k", "v"), append("k", "v"). */
export function describeOp(op: KvOp): string {
  return op.op === "get" ? `get("${op.key}")` : `${op.op}("${op.key}", "${op.value}")`;
}

/** The node a client's request went to, as a step says it. */
export function describeRequest(client: string, to: NodeId, req: ClientRequest): string {
  return req.kind === "read" ? `${to} receives ${client}'s get "${req.key}"` : `${to} receives ${client}'s write`;
}
