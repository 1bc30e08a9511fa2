import type { ClientReply, Entry, Message, NodeId } from "./types";

/**
 * A node's log, kept in durable storage. Index 0 always holds the base entry of term 0, so
 * `lastIndex()` is 0 for a log with no real entries and every real entry has an index ≥ 1.
 */
export interface Log {
  /** Index of the last entry (0 when only the base entry is there). */
  lastIndex(): number;
  /** Term of the last entry (0 when only the base entry is there). */
  lastTerm(): number;
  /** Term of the entry at `index`, or `undefined` when the log has no entry there. */
  term(index: number): number | undefined;
  /** A copy of the entry at `index`, or `undefined` when the log has no entry there. */
  entry(index: number): Entry | undefined;
  /** Copies of the entries with `from <= index < to` (`to` defaults to the end of the log). */
  slice(from: number, to?: number): Entry[];
  /** Appends entries at the end; returns the new last index. */
  append(...entries: Entry[]): number;
  /** Deletes the entry at `index` and every entry after it. The base entry cannot be deleted. */
  truncateFrom(index: number): void;
}

/** State that survives a crash. Writing a field makes it durable at once. */
export interface Storage {
  currentTerm: number;
  votedFor: NodeId | null;
  readonly log: Log;
}

/**
 * Everything a node may use from the outside world. Time and randomness come only from here, so
 * a run is a pure function of (scenario, seed) and can be replayed exactly.
 */
export interface Env {
  readonly id: NodeId;
  /** Every other node of the cluster, in a fixed order. */
  readonly peers: readonly NodeId[];
  readonly storage: Storage;
  /** Logical time in ticks. */
  now(): number;
  /** A seeded random number in [0, 1). */
  random(): number;
  /** Hands a message to the network; it is copied, so later changes to it have no effect. */
  send(to: NodeId, msg: Message): void;
  /** Answers a client request. */
  reply(reply: ClientReply): void;
  /**
   * Hands a committed entry's command to the state machine: every index from 1 on, each once per
   * incarnation of the node, in index order, no-ops (NO_OP, "") included. After a restart the
   * state machine is empty and the node applies again from index 1.
   */
  apply(index: number, command: string): void;
  /** A debugging note, kept in the run's trace beside the event that was being handled. */
  note(text: string): void;
}
