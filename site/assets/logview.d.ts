/** Types of logview.js, which the builder shares with the browser's player. */
export interface LogRow {
  readonly id: string;
  /** Entries from index 1 on (the base entry left out), as [term, command]. */
  readonly entries: readonly (readonly [number, string])[];
  /** Entries up to this index are marked committed; null when the figure has no commit point. */
  readonly commitIndex: number | null;
  /** The commitIndex one step earlier (the player): entries above it are marked as committed just now. */
  readonly commitIndexBefore?: number;
  /** A word shown beside the node's id, such as "leader" or "down". */
  readonly label?: string;
  readonly values?: readonly string[];
  /** The player: which values and which entries (from this index on) the step changed. */
  readonly changedValues?: readonly boolean[];
  readonly changedFrom?: number;
  /** The player: labels under the cell of an index, such as a leader's "next" and "match". */
  readonly marks?: Readonly<Record<number, readonly string[]>>;
  /** The player: the node's values as short lines beside its id, shown where the columns do not fit. */
  readonly summary?: readonly string[];
  readonly current?: boolean;
  readonly sender?: boolean;
  readonly down?: boolean;
}

/** Nodes that can reach each other while the network is partitioned. */
export interface LogGroup {
  readonly label: string;
  readonly ids: readonly string[];
}

export interface LogTableSpec {
  readonly caption: string;
  readonly columns?: readonly string[];
  /** Keep a line for marks under every cell, so rows keep their height as marks come and go. */
  readonly marks?: boolean;
  readonly groups?: readonly LogGroup[];
  readonly nodes: readonly LogRow[];
}

export function renderLogTable(spec: LogTableSpec): string;
/** Whether any row has an entry at or below its commitIndex. */
export function hasCommitted(nodes: readonly LogRow[]): boolean;
export function escapeHtml(value: unknown): string;
