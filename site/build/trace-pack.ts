import { isDeepStrictEqual } from "node:util";
import type { AppendEntries } from "../../grader/contract";
import type { NodeSnapshot, SentMessage, Trace, TraceEvent } from "../../grader/sim/trace";
import { unpackTrace, PACKED } from "../assets/trace";

/*
 * A trace as the site ships it: each event keeps only what changed since the one before
 * (the nodes whose state moved, the fields that moved, the entries a log gained past what it
 * kept) and leaves out what the event's own record already says (a delivered message is the
 * one its id names; a heartbeat's entries are the sender's log from prevLogIndex + 1) or what
 * follows from the events before (the next message delivered is most often the one sent after
 * the last one handled, a message's delay the same as the one sent before it). The
 * browser's trace.js rebuilds the full trace, and the build checks that it rebuilds exactly
 * the recorded one, so no step is lost. Field names are those trace.js reads.
 */

type Json = unknown;
type Entry = readonly [number, string];

/** The log gained `entries` after keeping its first `keep`: [keep, ...entries]. */
function logDelta(before: readonly Entry[], after: readonly Entry[]): Json[] | undefined {
  let keep = 0;
  while (keep < before.length && keep < after.length && isDeepStrictEqual(before[keep], after[keep])) keep++;
  if (keep === before.length && keep === after.length) return undefined;
  return [keep, ...after.slice(keep)];
}

/** Only the followers whose nextIndex or matchIndex moved, as [next, match]; 0 for one no longer listed. */
function progressDelta(before: NodeSnapshot["progress"], after: NodeSnapshot["progress"]): Json {
  if (!after) return before ? 0 : undefined;
  const out: Record<string, Json> = {};
  for (const peer of Object.keys(after)) {
    const a = after[peer];
    const b = before?.[peer];
    if (!b || b.nextIndex !== a.nextIndex || b.matchIndex !== a.matchIndex) out[peer] = [a.nextIndex, a.matchIndex];
  }
  for (const peer of Object.keys(before ?? {})) if (!(peer in after)) out[peer] = 0;
  return Object.keys(out).length ? out : undefined;
}

/** One node's changed fields, or undefined when it did not change. */
function nodeDelta(before: NodeSnapshot | undefined, after: NodeSnapshot): Record<string, Json> | undefined {
  const d: Record<string, Json> = {};
  if (before?.id !== after.id) d.i = after.id;
  if (before?.up !== after.up) d.u = after.up ? 1 : 0;
  if (before?.role !== after.role) d.r = after.role;
  if (before?.term !== after.term) d.e = after.term;
  if (before?.votedFor !== after.votedFor) d.v = after.votedFor;
  if (before?.commitIndex !== after.commitIndex) d.c = after.commitIndex;
  const log = logDelta(before?.log ?? [], after.log);
  if (log) d.l = log;
  const progress = progressDelta(before?.progress, after.progress);
  if (progress !== undefined) d.p = progress;
  if (after.nextElection !== before?.nextElection) d.x = after.nextElection ?? null;
  return Object.keys(d).length ? d : undefined;
}

/** { node's place: its changes } for the nodes that changed. */
function stateDelta(before: readonly NodeSnapshot[] | undefined, after: readonly NodeSnapshot[]): Record<number, Json> {
  const out: Record<number, Json> = {};
  after.forEach((s, k) => {
    const d = nodeDelta(before?.[k], s);
    if (d) out[k] = d;
  });
  return out;
}

/**
 * Messages as [shape, ...values], a shape being a type and its keys, stored once; 0 for a
 * message the same as the one before it from the same sender to the same receiver (a
 * heartbeat, mostly). A message whose first key is not its type is kept as it is.
 */
class Messages {
  readonly shapes: string[][] = [];
  private readonly last = new Map<string, object>();

  pack(s: SentMessage, sender: NodeSnapshot | undefined): Json {
    const link = `${s.from} ${s.to}`;
    const repeated = isDeepStrictEqual(this.last.get(link), s.msg);
    this.last.set(link, s.msg);
    if (repeated) return 0;
    const keys = Object.keys(s.msg);
    if (keys[0] !== "type") return s.msg;
    const shape = [s.msg.type, ...keys.slice(1)];
    let at = this.shapes.findIndex((known) => isDeepStrictEqual(known, shape));
    if (at < 0) at = this.shapes.push(shape) - 1;
    const values = Object.values(s.msg).slice(1) as Json[];
    const m = s.msg;
    if (m.type === "AppendEntries" && fromLog(m, sender)) values[keys.indexOf("entries") - 1] = m.entries.length;
    return [at, ...values];
  }
}

/** Whether an AppendEntries carries the sender's log from prevLogIndex + 1, as it stood after the event. */
function fromLog(m: AppendEntries, sender: NodeSnapshot | undefined): boolean {
  if (!sender || !Array.isArray(m.entries) || typeof m.prevLogIndex !== "number") return false;
  const from = m.prevLogIndex + 1;
  return m.entries.every((e, k) => {
    const l = sender.log[from + k];
    return (
      l !== undefined && Object.keys(e).length === 2 && l[0] === e.term && l[1] === e.command && e.command !== undefined
    );
  });
}

function snapshotOf(e: TraceEvent, id: string | undefined): NodeSnapshot | undefined {
  return e.state.find((s) => s.id === id);
}

/** What a deliver or tick event's `what` says when nothing more is to be said. */
function usualWhat(e: TraceEvent): string | undefined {
  if (e.kind === "deliver" && e.msg) return `${e.node} receives ${e.msg.type} from ${e.from}`;
  if (e.kind === "tick") return `${e.node} ticks`;
  return undefined;
}

/** A delivered or lost message's own record says where it went, what it was and from whom. */
function sameAsSent(e: TraceEvent, known: SentMessage | undefined): boolean {
  return !!known && known.from === e.from && known.to === e.node && isDeepStrictEqual(known.msg, e.msg);
}

/** An applied entry as [node, index] when its command is the one at that index of the node's log. */
function packApplied(a: TraceEvent["applied"][number], e: TraceEvent): Json {
  const entry = snapshotOf(e, a.node)?.log[a.index];
  return entry && entry[1] === a.command && Object.keys(a).length === 3 ? [a.node, a.index] : a;
}

class Packer {
  readonly messages = new Messages();
  private readonly sent = new Map<number, SentMessage>();
  private lastId = 0;
  private lastDelay: number[] = [];
  private lastHandled = 0;

  event(e: TraceEvent, k: number, before: TraceEvent | undefined): Json {
    const p: Record<string, Json> = {};
    if (e.i !== k) p.i = e.i;
    if (e.t !== (before?.t ?? 0)) p.t = e.t;
    if (e.kind !== "deliver") p.k = e.kind;
    // A delivery of the message after the last one handled leaves its id out; one without an id says so.
    if (e.kind === "deliver" && e.msgId !== this.lastHandled + 1) p.m = e.msgId ?? null;
    else if (e.kind !== "deliver" && e.msgId !== undefined) p.m = e.msgId;
    if (e.msgId !== undefined) this.lastHandled = e.msgId;
    if (!sameAsSent(e, e.msgId === undefined ? undefined : this.sent.get(e.msgId))) {
      if (e.node !== undefined) p.n = e.node;
      if (e.from !== undefined) p.f = e.from;
      if (e.msg !== undefined) p.g = e.msg;
    }
    if (e.what !== usualWhat(e)) p.w = e.what;
    if (e.sent.length) p.s = e.sent.map((s) => this.packSent(s, e));
    if (e.replies.length) p.r = e.replies;
    if (e.applied.length) p.a = e.applied.map((a) => packApplied(a, e));
    if (e.notes.length) p.o = e.notes;
    const d = stateDelta(before?.state, e.state);
    if (Object.keys(d).length) p.d = d;
    return p;
  }

  /**
   * A sent message as [to, message, arrivals after the event's time, id, from]: the receiver
   * by its place in the state when it is a node; the arrivals only when they differ from the
   * message sent before; the id only when it does not follow the one sent before; the sender
   * only when it is not the event's node. A 0, or nothing at the end, stands for what is left out.
   */
  private packSent(s: SentMessage, e: TraceEvent): Json[] {
    const place = e.state.findIndex((n) => n.id === s.to);
    const delay = s.arrivals.map((a) => a - e.t);
    const out: Json[] = [
      place >= 0 ? place : s.to,
      this.messages.pack(s, snapshotOf(e, s.from)),
      isDeepStrictEqual(delay, this.lastDelay) ? 0 : delay,
      s.id === this.lastId + 1 ? 0 : s.id,
    ];
    if (s.from !== e.node) out.push(s.from);
    while (out.length > 1 && out[out.length - 1] === 0) out.pop();
    this.lastId = s.id;
    this.lastDelay = delay;
    this.sent.set(s.id, s);
    return out;
  }
}

/** The trace the site ships: the same run, in the packed form trace.js reads back. */
export function packTrace(trace: Trace): Json {
  const packer = new Packer();
  const events = trace.events.map((e, k) => packer.event(e, k, trace.events[k - 1]));
  const packed = { ...trace, packed: PACKED, shapes: packer.messages.shapes, events };
  const back = unpackTrace(JSON.parse(JSON.stringify(packed)));
  if (!isDeepStrictEqual(back, JSON.parse(JSON.stringify(trace))))
    throw new Error(`the packed trace of ${trace.test} does not unpack to the recorded one`);
  return packed;
}
