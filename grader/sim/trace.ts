import type { ClientReply, Message, NodeId, Progress, Role } from "../contract";
import type { Scenario } from "../scenarios/types";
import type { ClientOperation } from "./clients";

export const TRACE_FORMAT = "raft-workbook-trace";
export const TRACE_VERSION = 1;

/** One node as it stood after an event. Logs include the base entry at index 0. */
export interface NodeSnapshot {
  readonly id: NodeId;
  readonly up: boolean;
  readonly role: Role;
  readonly term: number;
  readonly votedFor: NodeId | null;
  readonly commitIndex: number;
  readonly log: readonly (readonly [number, string])[];
  /** A leader's nextIndex / matchIndex per follower (chapter 3 on). */
  readonly progress?: Readonly<Record<NodeId, Progress>>;
  /** When a node that is not leading will stand for election unless it hears from a leader or grants a vote first (chapter 4 on, when its nextElection() says). */
  readonly nextElection?: number;
}

export interface SentMessage {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly msg: Message;
  /** Arrival times of each copy the network will deliver; empty when it drops the message. */
  readonly arrivals: readonly number[];
}

export type EventKind =
  | "start"
  | "deliver"
  | "lost"
  | "tick"
  | "lead"
  | "write"
  | "read"
  | "crash"
  | "restart"
  | "partition"
  | "heal"
  | "network"
  | "inject"
  | "invoke"
  | "request"
  | "answer";

export interface TraceEvent {
  readonly i: number;
  readonly t: number;
  readonly kind: EventKind;
  /** The node the event happened to, when there is one. */
  readonly node?: NodeId;
  /** For deliver / lost / inject: the message and its id. */
  readonly msgId?: number;
  readonly from?: NodeId;
  readonly msg?: Message;
  /** A short human description, e.g. "N5 leads term 3". */
  readonly what: string;
  readonly sent: readonly SentMessage[];
  readonly replies: readonly ClientReply[];
  readonly applied: readonly { readonly node: NodeId; readonly index: number; readonly command: string }[];
  readonly notes: readonly { readonly node: NodeId; readonly text: string }[];
  readonly state: readonly NodeSnapshot[];
}

export interface TraceFailure {
  readonly kind: "fault" | "violation" | "budget" | "expectation";
  readonly message: string;
  readonly event?: number;
}

/** A recorded run: everything the study site's player needs to replay it step by step. */
export interface Trace {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly test: string;
  readonly chapter: number;
  readonly seed: number;
  readonly scenario: Scenario;
  readonly failure: TraceFailure | null;
  readonly events: readonly TraceEvent[];
  /** Chapter 6: every operation the clients invoked (one never completed has no `ret`), in the order invoked. */
  readonly history?: readonly ClientOperation[];
  /** Chapter 6: the linearizability checker's verdict on `history`; `marked` are the places in it of the operations it names. */
  readonly linearizability?: {
    readonly verdict: "linearizable" | "not-linearizable" | "unknown";
    readonly explanation?: string;
    readonly marked: readonly number[];
  };
}
