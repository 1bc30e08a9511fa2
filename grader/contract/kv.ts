import type { ClientReply, ClientRequest, NodeId } from "./types";

/**
 * Chapter 6's vocabulary: the operations of a key-value store, how a write travels in a log
 * entry, and what a client may use of the outside world.
 */

/** One operation a client invokes. A key never written reads as "". */
export type KvOp =
  | { readonly op: "get"; readonly key: string }
  | { readonly op: "put"; readonly key: string; readonly value: string }
  | { readonly op: "append"; readonly key: string; readonly value: string };

/**
 * A write as it is stored in a log entry: the operation, and who asked for it with which
 * sequence number, so that the state machine applies a retried write once.
 */
export interface KvCommand {
  readonly op: "put" | "append";
  readonly key: string;
  readonly value: string;
  readonly client: string;
  readonly seq: number;
}

/** The entry command for a write (JSON, fields in a fixed order, so equal writes are equal strings). */
export function encodeCommand(c: KvCommand): string {
  return JSON.stringify({ op: c.op, key: c.key, value: c.value, client: c.client, seq: c.seq });
}

/** The write an entry command holds, or null for a no-op or anything that is not a write. */
export function decodeCommand(command: string): KvCommand | null {
  if (command === "" || command[0] !== "{") return null;
  let c: unknown;
  try {
    c = JSON.parse(command);
  } catch {
    return null;
  }
  if (typeof c !== "object" || c === null) return null;
  const { op, key, value, client, seq } = c as Record<string, unknown>;
  if ((op !== "put" && op !== "append") || typeof key !== "string" || typeof value !== "string") return null;
  if (typeof client !== "string" || !Number.isInteger(seq)) return null;
  return { op, key, value, client, seq: seq as number };
}

/** Everything a client may use from the outside world: like a node's Env, time and randomness come only from here. */
export interface ClientEnv {
  /** The client's own id, e.g. "c1"; it goes into every write it sends. */
  readonly id: string;
  /** Every node of the cluster, in a fixed order. */
  readonly nodes: readonly NodeId[];
  now(): number;
  random(): number;
  /** Sends a request to a node; its answer comes back through KvClientLike.receive, unless it or the request is lost. */
  send(to: NodeId, req: ClientRequest): void;
  /** The operation being invoked is over: `value` is what a get read (absent for put and append). */
  complete(value?: string): void;
  note(text: string): void;
}

/** What the simulator needs of a client. One operation at a time: invoke is called again only after complete. */
export interface KvClientLike {
  invoke(op: KvOp): void;
  /** A node answered one of this client's requests (perhaps an old one, perhaps twice). */
  receive(from: NodeId, reply: ClientReply): void;
  /** One tick of logical time passed (only while an operation is under way). */
  tick(): void;
}

export type KvClientClass = new (env: ClientEnv) => KvClientLike;
