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
  readonly current?: boolean;
  readonly down?: boolean;
}

export interface LogTableSpec {
  readonly caption: string;
  readonly columns?: readonly string[];
  readonly nodes: readonly LogRow[];
}

export function renderLogTable(spec: LogTableSpec): string;
/** Whether any row has an entry at or below its commitIndex. */
export function hasCommitted(nodes: readonly LogRow[]): boolean;
export function escapeHtml(value: unknown): string;
