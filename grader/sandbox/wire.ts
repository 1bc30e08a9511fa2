import type { HostItem, ItemResult, NodeInput } from "../sim/host-protocol";

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
  | readonly ["c", string];

export function encodeItem(item: HostItem): WireItem {
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

type View = Pick<ItemResult, "role" | "commitIndex" | "progress">;

const viewOf = (r: ItemResult): View =>
  r.role === undefined
    ? {}
    : { role: r.role, commitIndex: r.commitIndex, ...(r.progress ? { progress: r.progress } : {}) };

/** One side's memory of the views last sent: the encoder and the decoder each keep one. */
export class Views {
  private readonly last = new Map<string, string>();
  private readonly views = new Map<string, View>();

  clear(): void {
    this.last.clear();
    this.views.clear();
  }

  /** The learner's side: the compact result. */
  encode(node: string, r: ItemResult): unknown {
    const view = viewOf(r);
    const text = JSON.stringify(view);
    const changed = this.last.get(node) !== text;
    this.last.set(node, text);
    const out: Record<string, unknown> = {};
    if (r.fault) out.f = r.fault;
    if (r.sent.length) out.s = r.sent;
    if (r.replies.length) out.r = r.replies;
    if (r.applied.length) out.a = r.applied;
    if (r.printed.length) out.p = r.printed;
    if (r.storage.length) out.w = r.storage;
    if (changed) out.v = view;
    return Object.keys(out).length === 0 ? 0 : out;
  }

  /** The simulator's side: the full result (still untrusted: the simulator validates every field). */
  decode(node: string, wire: unknown): ItemResult {
    const w = (wire === 0 ? {} : wire) as Record<string, unknown>;
    if (typeof w !== "object" || w === null) throw new Error("a result must be 0 or an object");
    if ("v" in w) this.views.set(node, (w.v ?? {}) as View);
    const list = (v: unknown) => (v === undefined ? [] : v) as never;
    return {
      ...(w.f === undefined ? {} : { fault: w.f as never }),
      sent: list(w.s),
      replies: list(w.r),
      applied: list(w.a),
      printed: list(w.p),
      storage: list(w.w),
      ...this.views.get(node),
    };
  }
}
