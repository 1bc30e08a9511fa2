import type { ClientReply, ClientRequest, Entry, Message, NodeId, Progress } from "../contract";
import { ContractError } from "./errors";
import { isCommand } from "./storage";

type FieldKind = "int" | "string" | "bool" | "entries" | "optional-int";

const SHAPES: Record<Message["type"], Record<string, FieldKind>> = {
  AppendEntries: {
    term: "int",
    leaderId: "string",
    prevLogIndex: "int",
    prevLogTerm: "int",
    entries: "entries",
    leaderCommit: "int",
    round: "optional-int",
  },
  AppendEntriesReply: {
    term: "int",
    success: "bool",
    prevLogIndex: "int",
    entryCount: "int",
    conflictTerm: "optional-int",
    conflictIndex: "optional-int",
    round: "optional-int",
  },
  RequestVote: { term: "int", candidateId: "string", lastLogIndex: "int", lastLogTerm: "int" },
  RequestVoteReply: { term: "int", voteGranted: "bool" },
};

/** Each type's fields as a list, made once: a message is checked on every send. */
const FIELDS = Object.fromEntries(
  Object.entries(SHAPES).map(([type, shape]) => [type, Object.entries(shape)]),
) as Record<Message["type"], [string, FieldKind][]>;

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isOptionalCount = (v: unknown): boolean => v === undefined || isCount(v);
const isNodeId = (v: unknown): v is string => isCommand(v) && v.length <= 100;

function fits(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case "int":
      return isCount(v);
    case "optional-int":
      return isOptionalCount(v);
    case "string":
      return isNodeId(v);
    case "bool":
      return typeof v === "boolean";
    case "entries":
      return (
        Array.isArray(v) &&
        v.every((e) => typeof e === "object" && e !== null && isCount(e.term) && isCommand(e.command))
      );
  }
}

const WANT: Record<FieldKind, string> = {
  int: "an integer ≥ 0",
  "optional-int": "an integer ≥ 0 or absent",
  string: "a node id (printable text)",
  bool: "true or false",
  entries: "an array of { term, command } entries, each command printable text",
};

/**
 * Checks a message at the network boundary, so a malformed one is reported where it was sent
 * rather than as a puzzling crash in the node that receives it. Returns it with only the
 * fields of its type, in a fixed order (so traces are byte-identical across runs).
 */
export function validateMessage(raw: unknown): Message {
  return (typeof raw === "object" && raw !== null && wellFormed(raw as Record<string, unknown>)) || refuse(raw);
}

const entryList = (v: unknown): v is Entry[] => fits("entries", v);
const copyEntries = (entries: readonly Entry[]): Entry[] => entries.map((e) => ({ term: e.term, command: e.command }));

/**
 * The clean copy of a well-formed message, or null. Each type's fields are read once, in the
 * order of SHAPES, by name: this runs for every message sent, on both sides of the boundary.
 */
function wellFormed(msg: Record<string, unknown>): Message | null {
  switch (msg.type) {
    case "AppendEntries": {
      const { term, leaderId, prevLogIndex, prevLogTerm, entries, leaderCommit, round } = msg;
      if (!isCount(term) || !isNodeId(leaderId) || !isCount(prevLogIndex) || !isCount(prevLogTerm)) return null;
      if (!entryList(entries) || !isCount(leaderCommit) || !isOptionalCount(round)) return null;
      const copy = copyEntries(entries);
      return round === undefined
        ? { type: msg.type, term, leaderId, prevLogIndex, prevLogTerm, entries: copy, leaderCommit }
        : {
            type: msg.type,
            term,
            leaderId,
            prevLogIndex,
            prevLogTerm,
            entries: copy,
            leaderCommit,
            round: round as number,
          };
    }
    case "AppendEntriesReply": {
      const { term, success, prevLogIndex, entryCount, conflictTerm, conflictIndex, round } = msg;
      if (!isCount(term) || typeof success !== "boolean" || !isCount(prevLogIndex) || !isCount(entryCount)) return null;
      if (!isOptionalCount(conflictTerm) || !isOptionalCount(conflictIndex) || !isOptionalCount(round)) return null;
      const clean: Record<string, unknown> = { type: msg.type, term, success, prevLogIndex, entryCount };
      if (conflictTerm !== undefined) clean.conflictTerm = conflictTerm;
      if (conflictIndex !== undefined) clean.conflictIndex = conflictIndex;
      if (round !== undefined) clean.round = round;
      return clean as unknown as Message;
    }
    case "RequestVote": {
      const { term, candidateId, lastLogIndex, lastLogTerm } = msg;
      if (!isCount(term) || !isNodeId(candidateId) || !isCount(lastLogIndex) || !isCount(lastLogTerm)) return null;
      return { type: msg.type, term, candidateId, lastLogIndex, lastLogTerm };
    }
    case "RequestVoteReply": {
      const { term, voteGranted } = msg;
      if (!isCount(term) || typeof voteGranted !== "boolean") return null;
      return { type: msg.type, term, voteGranted };
    }
    default:
      return null;
  }
}

/** Says what is wrong with a message that is not well formed: its type, or its first wrong field. */
function refuse(raw: unknown): never {
  const msg = raw as Record<string, unknown>;
  const type = typeof msg === "object" && msg !== null ? msg.type : undefined;
  const fields = typeof type === "string" && Object.hasOwn(FIELDS, type) ? FIELDS[type as Message["type"]] : undefined;
  if (!fields) {
    throw new ContractError(
      `env.send: a message needs a "type" of ${Object.keys(SHAPES).join(", ")}; got ${JSON.stringify(type)}`,
    );
  }
  const wrong = fields.find(([field, kind]) => !fits(kind, msg[field]));
  // Only a message whose fields are getters giving another value each time gets here without one.
  if (!wrong) throw new ContractError(`env.send: a ${type}'s fields changed while it was checked; send plain data`);
  const [field, kind] = wrong;
  const v = msg[field];
  throw new ContractError(`env.send: ${type}.${field} must be ${WANT[kind]}, got ${JSON.stringify(v) ?? "undefined"}`);
}

/** A deep copy of a validated message (its only nested data is the entries array). */
export function copyMessage(msg: Message): Message {
  return msg.type === "AppendEntries"
    ? { ...msg, entries: msg.entries.map((e) => ({ term: e.term, command: e.command })) }
    : { ...msg };
}

/** A record being built field by field before it is handed on as read-only. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Checks a client reply a node handed to env.reply, and copies it field by field. */
export function validateReply(raw: unknown): ClientReply {
  const r = raw as Record<string, unknown>;
  if (typeof r !== "object" || r === null || typeof r.id !== "string" || typeof r.ok !== "boolean") {
    throw new ContractError(
      'env.reply: a reply is { id: the request\'s id, ok: true, index?, value? } or { id, ok: false, reason: "not-leader", leaderHint? }',
    );
  }
  if (r.ok) {
    if ((r.index !== undefined && !isCount(r.index)) || (r.value !== undefined && typeof r.value !== "string")) {
      throw new ContractError("env.reply: index must be an integer ≥ 0 and value a string, when present");
    }
    const ok: Mutable<ClientReply & { ok: true }> = { id: r.id, ok: true };
    if (r.index !== undefined) ok.index = r.index as number;
    if (r.value !== undefined) ok.value = r.value as string;
    return ok;
  }
  if (r.reason !== "not-leader" || (r.leaderHint !== undefined && typeof r.leaderHint !== "string")) {
    throw new ContractError(
      'env.reply: a refusal says reason: "not-leader", with an optional leaderHint naming a node',
    );
  }
  const refused: Mutable<ClientReply & { ok: false }> = { id: r.id, ok: false, reason: "not-leader" };
  if (r.leaderHint !== undefined) refused.leaderHint = r.leaderHint as string;
  return refused;
}

/** Checks what a leader's progress() returned, and copies it. */
export function validateProgress(raw: unknown): Record<NodeId, Progress> {
  if (typeof raw !== "object" || raw === null)
    throw new ContractError("progress() must return { [peer]: { nextIndex, matchIndex } }");
  const out: Record<NodeId, Progress> = {};
  for (const [peer, p] of Object.entries(raw as Record<string, unknown>)) {
    const { nextIndex, matchIndex } = (p ?? {}) as Record<string, unknown>;
    if (!Number.isInteger(nextIndex) || !Number.isInteger(matchIndex)) {
      throw new ContractError(`progress()["${peer}"] must be { nextIndex: integer, matchIndex: integer }`);
    }
    out[peer] = { nextIndex: nextIndex as number, matchIndex: matchIndex as number };
  }
  return out;
}

/**
 * Whether a progress report, checked or not, holds the same numbers for the same peers as a
 * checked one (this runs for every item, so it copies nothing): then the checked one may stand
 * for it.
 */
export function sameProgress(raw: unknown, q: Readonly<Record<NodeId, Progress>>): boolean {
  if (typeof raw !== "object" || raw === null) return false;
  const keys = Object.keys(raw);
  if (keys.length !== Object.keys(q).length) return false;
  for (const k of keys) {
    const p = (raw as Record<string, unknown>)[k] as Record<string, unknown> | null | undefined;
    if (!Object.hasOwn(q, k) || typeof p !== "object" || p === null) return false;
    if (p.nextIndex !== q[k].nextIndex || p.matchIndex !== q[k].matchIndex) return false;
  }
  return true;
}

/** Checks a request a client handed to env.send, and copies it field by field. */
export function validateRequest(raw: unknown): ClientRequest {
  const r = raw as Record<string, unknown>;
  const text = (v: unknown, max: number) => isCommand(v) && (v as string).length <= max;
  if (typeof r === "object" && r !== null && text(r.id, 200)) {
    if (r.kind === "write" && text(r.command, 10_000))
      return { kind: "write", id: r.id as string, command: r.command as string };
    if (r.kind === "read" && text(r.key, 1_000)) return { kind: "read", id: r.id as string, key: r.key as string };
  }
  throw new ContractError(
    'env.send: a client request is { kind: "write", id, command } or { kind: "read", id, key }, each a printable string',
  );
}

/** Checks what a node's state() returned: keys and values are strings. */
export function validateState(raw: unknown): Record<string, string> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ContractError("state() must return an object of string keys and string values");
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== "string") throw new ContractError(`state()["${k}"] must be a string, got ${typeof v}`);
    out[k] = v;
  }
  return out;
}
