import type { KvOp, Message, MessageType, NodeId } from "../contract";

/** Random faults applied to every message the network carries. */
export interface NetworkFaults {
  /** Delivery delay in ticks, drawn uniformly from [min, max]; equal bounds keep order. */
  readonly delay: readonly [number, number];
  readonly drop: number;
  readonly duplicate: number;
}

/** A scripted fault aimed at particular messages, as the articles' figures tell them. */
export interface MessageRule {
  readonly from?: NodeId;
  readonly to?: NodeId;
  readonly type?: MessageType;
  /** Only the nth message (1-based) matching from/to/type; every match when absent. */
  readonly nth?: number;
  readonly action: "drop" | { readonly delayBy: number };
}

/**
 * One step of a scenario's schedule, applied at logical time `at`. A step marked `keep` is one
 * a check's words rest on (a write whose answer the check awaits): shrinking a failed run never
 * leaves it out.
 */
export type Action = { readonly at: number; readonly keep?: true } & (
  | { readonly lead: NodeId; readonly term: number }
  | { readonly write: NodeId; readonly command: string; readonly id?: string }
  | { readonly read: NodeId; readonly key: string; readonly id?: string }
  | { readonly crash: NodeId }
  | { readonly restart: NodeId }
  | { readonly partition: readonly (readonly NodeId[])[] }
  | { readonly heal: true }
  | { readonly network: NetworkFaults }
  | { readonly inject: Message; readonly from: NodeId; readonly to: NodeId }
  /**
   * A late copy of the last message of `type` that `from` sent `to` before now: the network
   * held it back, and it arrives now, across any partition (a duplicate delivered late).
   */
  | {
      readonly redeliver: { readonly from: NodeId; readonly to: NodeId; readonly type: MessageType };
    }
  /** Chapter 6: the client starts this operation as soon as it has finished the ones before it. */
  | { readonly invoke: string; readonly op: KvOp }
);

/**
 * A client of chapter 6: it runs the chapter's client class, and invokes its operations one
 * after another. Its requests and the answers to them take one tick each way; they are lost
 * only when the node is down (a client is never partitioned from the cluster).
 */
export interface ClientPlan {
  readonly id: string;
  readonly ops: readonly KvOp[];
  /** When the first operation is invoked (default 1). */
  readonly start?: number;
  /** Ticks between one operation's completion and the next one's invocation (default 1). */
  readonly gap?: number;
}

/**
 * A cluster story as plain data: who is in it, what each node's storage holds at the start
 * (logs in the notation of `notation.ts`), what happens when, and what the logs should look
 * like at the end. The grader runs it; the study site draws it.
 */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** The example it comes from, e.g. "002-fig1"; becomes the test's `source:` tag. */
  readonly source?: string;
  readonly nodes: readonly NodeId[];
  readonly logs?: Readonly<Record<NodeId, string>>;
  /** currentTerm at the start, when it differs from the last log term. */
  readonly terms?: Readonly<Record<NodeId, number>>;
  readonly network?: NetworkFaults;
  readonly rules?: readonly MessageRule[];
  readonly schedule: readonly Action[];
  readonly clients?: readonly ClientPlan[];
  /**
   * Client operations that completed before the run, whose writes the starting logs hold: they
   * open the run's history, so that its check knows what was written before.
   */
  readonly before?: readonly {
    readonly client: string;
    readonly op: KvOp;
    readonly call: number;
    readonly ret: number;
    readonly value?: string;
  }[];
  /** The run stops at this time at the latest. */
  readonly until: number;
  /** Stop early once no message is in flight and nothing is scheduled (for chapters without timers). */
  readonly stopWhenQuiet?: boolean;
  /** Stop right after the event in which some node first becomes leader (stories that end with an election). */
  readonly stopOnLeader?: boolean;
  /** The logs every node should end with, in the same notation; drawn beside the start. */
  readonly expectLogs?: Readonly<Record<NodeId, string>>;
}

export const RELIABLE: NetworkFaults = { delay: [1, 1], drop: 0, duplicate: 0 };
