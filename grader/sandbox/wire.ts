import {
  itemResult,
  NO_RESULT,
  type HostItem,
  type ItemResult,
  type NodeInput,
  type ResultView,
} from "../sim/host-protocol";
import { NONE } from "../sim/lists";
import type { LaneWork } from "../sim/lanes";

/**
 * The compact form items and results take between the simulator and the learner's process.
 * Most items are ticks that change nothing a simulator sees, so a result is 0 when nothing
 * happened, and otherwise carries only what did: the fields that are not empty, and the node's
 * view (role, commitIndex, progress) only when it changed since the last result for that node
 * (which the host core decides, in either process).
 */
export type WireItem =
  | readonly ["t", string]
  | readonly ["r", string, string, unknown]
  | readonly ["d", string, string, number]
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
  // The learner's side keeps what its nodes sent: a message it still holds goes by its number.
  if (input.kind === "receive") {
    return input.sent === undefined
      ? ["r", item.node, input.from, input.msg]
      : ["d", item.node, input.from, input.sent];
  }
  if (input.kind === "deliver") return ["d", item.node, input.from, input.sent];
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
    case "d":
      return call({ kind: "deliver", from: w[2], sent: w[3] });
    case "q":
      return call({ kind: "request", req: w[2] as never });
    case "l":
      return call({ kind: "lead", term: w[2] });
  }
}

/** The learner's side: the compact result (the host core already left out a view that did not change). */
export function encodeResult(r: ItemResult): unknown {
  if (r === NO_RESULT) return 0;
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
  if (r.role !== undefined) {
    const view: Record<string, unknown> = { role: r.role, commitIndex: r.commitIndex };
    if (r.progress) view.progress = r.progress;
    if (r.nextElection !== undefined) view.nextElection = r.nextElection;
    out.v = view;
  }
  return Object.keys(out).length === 0 ? 0 : out;
}

/** The simulator's side: the full result, its view only when it changed (still untrusted: the simulator validates every field). */
export function decodeResult(wire: unknown): ItemResult {
  if (wire === 0) return NO_RESULT;
  const w = wire as Record<string, unknown>;
  if (typeof w !== "object" || w === null) throw new Error("a result must be 0 or an object");
  const list = (v: unknown) => (v === undefined ? NONE : v) as never;
  const lists = {
    sent: list(w.s),
    replies: list(w.r),
    applied: list(w.a),
    printed: list(w.p),
    storage: list(w.w),
    requests: w.q as never,
    completed: w.d as never,
  };
  return itemResult(lists, (w.v ?? null) as ResultView | null, w.m as never, w.f as never);
}
