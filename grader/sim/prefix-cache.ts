import type { Entry, NodeId } from "../contract";

/** What the cache needs of a node: its log and how often entries were deleted from it. */
export interface LogHolder {
  readonly id: NodeId;
  readonly log: readonly Entry[];
  readonly deletions: number;
}

interface Known {
  deletionsA: number;
  deletionsB: number;
  equal: number;
}

export const sameEntry = (x: Entry, y: Entry): boolean => x.term === y.term && x.command === y.command;

/**
 * Remembers, for each pair of nodes, how long a prefix of their logs is known to be equal. A
 * log only grows at its end until an entry is deleted, so a prefix checked once stays equal
 * until one of the two logs counts a deletion: checks that run after every event then cost the
 * new entries only, not the whole log again.
 */
export class PrefixCache {
  private readonly known = new Map<NodeId, Map<NodeId, Known>>();

  /** The length of the prefix already known to be equal for (a, b); 0 after a deletion in either. */
  equalUpTo(a: LogHolder, b: LogHolder): number {
    return this.record(a, b).equal;
  }

  /** Indexes 1..upTo were found equal in both logs. */
  confirm(a: LogHolder, b: LogHolder, upTo: number): void {
    const k = this.record(a, b);
    if (upTo > k.equal) k.equal = upTo;
  }

  /**
   * The first index among 1..upTo (and inside both logs) where the logs differ, or -1 when they
   * agree; only the part not yet known to be equal is compared.
   */
  firstDifference(a: LogHolder, b: LogHolder, upTo: number): number {
    const end = Math.min(upTo, a.log.length - 1, b.log.length - 1);
    for (let i = this.equalUpTo(a, b) + 1; i <= end; i++) {
      if (!sameEntry(a.log[i], b.log[i])) return i;
    }
    this.confirm(a, b, end);
    return -1;
  }

  private record(a: LogHolder, b: LogHolder): Known {
    const [x, y] = a.id < b.id ? [a, b] : [b, a];
    let row = this.known.get(x.id);
    if (!row) this.known.set(x.id, (row = new Map()));
    let k = row.get(y.id);
    if (!k) row.set(y.id, (k = { deletionsA: x.deletions, deletionsB: y.deletions, equal: 0 }));
    else if (k.deletionsA !== x.deletions || k.deletionsB !== y.deletions) {
      k.deletionsA = x.deletions;
      k.deletionsB = y.deletions;
      k.equal = 0;
    }
    return k;
  }
}
