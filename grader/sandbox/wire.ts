import { NO_RESULT, type HostItem, type ItemResult, type NodeInput } from "../sim/host-protocol";
import type { LaneWork } from "../sim/lanes";
import { sameProgress } from "../sim/messages";

/**
 * The compact form items and results take between the simulator and the learner's process.
 * Most items are ticks that change nothing a simulator sees, so a result is 0 when nothing
 * happened, and otherwise carries only what did: the fields that are not empty, and the node's
 * view (role, commitIndex, progress) only when it changed since the last result for that node.
 */
export type WireItem =
  | readonly ["t", string]
  | readonly ["r", string, string, unknown]
  | readonly ["q", string, unknown]
  | readonly ["l", string, number]
  | readonly ["b", string, unknown]
  | readonly ["c", string]
  | readonly ["k", string, unknown];

/** A round trip of many runs' moments as the host reads it (its "lanes" request). */
export function encodeLanes(work: readonly LaneWork[]) {
  return work.map((w) => ({
    lane: w.lane,
    t: w.t,
    items: w.items.map(encodeItem),
    ...(w.start ? { start: w.start } : {}),
  }));
}

export function encodeItem(item: HostItem): WireItem {
  if (item.op === "client") return ["k", item.node, item.input];
  if (item.op === "boot") return ["b", item.node, item.storage];
  if (item.op === "crash") return ["c", item.node];
  const input = item.input;
  if (input.kind === "tick") return ["t", item.node];
  if (input.kind === "receive") return ["r", item.node, input.from, input.msg];
  if (input.kind === "request") return ["q", item.node, input.req];
  return ["l", item.node, input.term];
}

export function decodeItem(w: WireItem): HostItem {
  const call = (input: NodeInput): HostItem => ({ op: "call", node: w[1], input });
  switch (w[0]) {
    case "b":
      return { op: "boot", node: w[1], storage: w[2] as Extract<HostItem, { op: "boot" }>["storage"] };
    case "c":
      return { op: "crash", node: w[1] };
    case "k":
      return { op: "client", node: w[1], input: w[2] as never };
    case "t":
      return call({ kind: "tick" });
    case "r":
      return call({ kind: "receive", from: w[2], msg: w[3] as never });
    case "q":
      return call({ kind: "request", req: w[2] as never });
    case "l":
      return call({ kind: "lead", term: w[2] });
  }
}

type View = Pick<ItemResult, "role" | "commitIndex" | "progress" | "nextElection">;

const viewOf = (r: ItemResult): View =>
  r.role === undefined
    ? {}
    : {
        role: r.role,
        commitIndex: r.commitIndex,
        ...(r.progress ? { progress: r.progress } : {}),
        ...(r.nextElection === undefined ? {} : { nextElection: r.nextElection }),
      };

/** Whether two reported views are the same, compared field by field (this runs for every item). */
function sameView(a: ItemResult, b: View | undefined): boolean {
  if (!b || a.role !== b.role || a.commitIndex !== b.commitIndex || a.nextElection !== b.nextElection) return false;
  const p = a.progress;
  const q = b.progress;
  if (p === undefined || q === undefined) return p === q;
  return sameProgress(p, q);
}

/**
 * The learner's side's memory of the views last sent. A result carries a view only when it
 * changed; decoded, it then has none, and the simulator keeps the view it has.
 */
export class Views {
  private readonly views = new Map<string, View>();

  clear(): void {
    this.views.clear();
  }

  /** A node was booted or crashed: its next view is sent whatever it is. */
  forget(node: string): void {
    this.views.delete(node);
  }

  /** The learner's side: the compact result. */
  encode(node: string, r: ItemResult): unknown {
    const changed = !sameView(r, this.views.get(node));
    const view = changed ? viewOf(r) : undefined;
    if (view) this.views.set(node, view);
    const out: Record<string, unknown> = {};
    if (r.fault) out.f = r.fault;
    if (r.sent.length) out.s = r.sent;
    if (r.replies.length) out.r = r.replies;
    if (r.applied.length) out.a = r.applied;
    if (r.printed.length) out.p = r.printed;
    if (r.storage.length) out.w = r.storage;
    if (r.state) out.m = r.state;
    if (r.requests?.length) out.q = r.requests;
    if (r.completed?.length) out.d = r.completed;
    if (view) out.v = view;
    return Object.keys(out).length === 0 ? 0 : out;
  }
}

/** The simulator's side: the full result, its view only when it changed (still untrusted: the simulator validates every field). */
export function decodeResult(wire: unknown): ItemResult {
  if (wire === 0) return NO_RESULT;
  const w = wire as Record<string, unknown>;
  if (typeof w !== "object" || w === null) throw new Error("a result must be 0 or an object");
  const list = (v: unknown) => (v === undefined ? [] : v) as never;
  return {
    ...(w.f === undefined ? {} : { fault: w.f as never }),
    sent: list(w.s),
    replies: list(w.r),
    applied: list(w.a),
    printed: list(w.p),
    storage: list(w.w),
    ...(w.m === undefined ? {} : { state: w.m as never }),
    ...(w.q === undefined ? {} : { requests: w.q as never }),
    ...(w.d === undefined ? {} : { completed: w.d as never }),
    ...(w.v as View | undefined),
  };
}
