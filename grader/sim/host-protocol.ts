import { NONE } from "./lists";
import type { ClientReply, ClientRequest, Entry, KvOp, Message, NodeId, Progress, Role } from "../contract";

/**
 * What the simulator (the trusted side) asks of the place where node code runs, and what it
 * gets back. Everything here is plain data: it crosses a process boundary when grading, and
 * whatever comes back is treated as untrusted.
 */

/** A node's durable state, as the simulator hands it to a (re)started node. */
export interface StorageState {
  readonly currentTerm: number;
  readonly votedFor: NodeId | null;
  /** Entries after the base entry. */
  readonly log: readonly Entry[];
}

/**
 * A host keeps at least this many of the messages its run's nodes sent before the moment under
 * way, so that delivering one of them can name it by its number instead of carrying it.
 */
export const SENT_KEPT = 4096;

/** One input to one node. */
export type NodeInput =
  | { readonly kind: "tick" }
  /** `sent` numbers the message among those the run's nodes sent, when the host still keeps it. */
  | { readonly kind: "receive"; readonly from: NodeId; readonly msg: Message; readonly sent?: number }
  /** The same delivery as it crosses the boundary: the host's own copy of message number `sent`. */
  | { readonly kind: "deliver"; readonly from: NodeId; readonly sent: number }
  | { readonly kind: "request"; readonly req: ClientRequest }
  | { readonly kind: "lead"; readonly term: number };

/** One input to one client (chapter 6). */
export type ClientInput =
  | { readonly kind: "tick" }
  | { readonly kind: "invoke"; readonly op: KvOp }
  | { readonly kind: "answer"; readonly from: NodeId; readonly reply: ClientReply };

export type HostItem =
  /** Build a fresh node instance, from freshly evaluated modules, over this storage. */
  | { readonly op: "boot"; readonly node: NodeId; readonly storage: StorageState }
  | { readonly op: "crash"; readonly node: NodeId }
  | { readonly op: "call"; readonly node: NodeId; readonly input: NodeInput }
  /** A client is built on its first input, and lives for the whole run. */
  | { readonly op: "client"; readonly node: string; readonly input: ClientInput };

/** A write to durable storage, in the order the node made it. */
export type StorageOp =
  | readonly ["term", number]
  | readonly ["vote", NodeId | null]
  | readonly ["truncate", number]
  | readonly ["append", readonly Entry[]];

export interface HostFault {
  readonly name: string;
  readonly message: string;
  readonly todo?: string;
  readonly stack?: string;
}

/** What one item did. */
export interface ItemResult {
  readonly fault?: HostFault;
  /** Messages handed to env.send, with the sender's votedFor at that moment. */
  readonly sent: readonly { readonly to: NodeId; readonly msg: Message; readonly votedFor: NodeId | null }[];
  readonly replies: readonly ClientReply[];
  readonly applied: readonly { readonly index: number; readonly command: string }[];
  readonly printed: readonly string[];
  readonly storage: readonly StorageOp[];
  /** The node's public view after the item (absent when it has no instance). */
  readonly role?: Role;
  readonly commitIndex?: number;
  readonly progress?: Readonly<Record<NodeId, Progress>>;
  /** When a node that is not leading will stand for election, if it says (nextElection()). */
  readonly nextElection?: number;
  /** The node's state machine, when it applied entries in this item and has state(). */
  readonly state?: Readonly<Record<string, string>>;
  /** A client's requests to nodes. */
  readonly requests?: readonly { readonly to: NodeId; readonly req: ClientRequest }[];
  /** A client's completions of its operation: what a get read (absent for writes). */
  readonly completed?: readonly { readonly value?: string }[];
}

type ResultLists = Pick<ItemResult, "sent" | "replies" | "applied" | "printed" | "storage"> &
  Partial<Pick<ItemResult, "requests" | "completed">>;
/** A node's public view as a result reports it. */
export type ResultView = Pick<ItemResult, "role" | "commitIndex" | "progress" | "nextElection">;

/**
 * A result with every field present, in one order (those absent are undefined), built without
 * spreading objects: the simulator reads thousands of results per run, and results of one shape
 * keep that fast.
 */
export function itemResult(
  lists: ResultLists,
  view: ResultView | null | undefined,
  state?: ItemResult["state"],
  fault?: HostFault,
): ItemResult {
  return {
    fault,
    sent: lists.sent,
    replies: lists.replies,
    applied: lists.applied,
    printed: lists.printed,
    storage: lists.storage,
    role: view?.role,
    commitIndex: view?.commitIndex,
    progress: view?.progress,
    nextElection: view?.nextElection,
    state,
    requests: lists.requests,
    completed: lists.completed,
  };
}

/**
 * The result of an item that did nothing the simulator sees (no output, no write, no new view):
 * most ticks. Hosts that can tell hand back this one object, so the simulator skips it by identity.
 */
export const NO_RESULT: ItemResult = Object.freeze(
  itemResult({ sent: NONE, replies: NONE, applied: NONE, printed: NONE, storage: NONE }, null),
);

/** Where node code runs: in this process (trusted reference code) or behind the trust boundary. */
export interface NodeHost {
  /** Starts a run: every node's environment and random stream are new. */
  startRun(seed: number, nodes: readonly NodeId[], clients?: readonly string[]): void;
  /** Runs the items in order at logical time `t`; one result per item. */
  exec(t: number, items: readonly HostItem[]): ItemResult[];
  close(): void;
  /**
   * The results are made in the simulator's own process by a HostCore, which checked and copied
   * every message, reply, progress report, state and request as node code handed it over: the
   * simulator need not check them again. Never true of a host beyond the trust boundary.
   */
  readonly validates?: boolean;
}

/** The place node code runs stopped answering: its time budget ran out, it ran out of memory, or it died. */
export class HostStopped extends Error {
  constructor(
    readonly reason: "budget" | "memory" | "died" | "refused",
    readonly detail: string,
  ) {
    super(detail);
    this.name = "HostStopped";
  }
}
