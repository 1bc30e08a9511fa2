import type { Entry, NodeId, Role } from "../contract";

export type InvariantName = "election-safety" | "leader-append-only" | "log-matching";

/** What the checker sees of a node: its durable log and its public view. */
export interface NodeView {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly log: readonly Entry[];
  readonly logVersion: number;
  readonly deletions: number;
}

export interface Violation {
  readonly invariant: InvariantName;
  readonly message: string;
}

const show = (e: Entry): string => `"${e.command}" of term ${e.term}`;

/**
 * Checks the Raft paper's safety properties after every event. It remembers what it needs
 * across events (who led which term, each leader's deletions), so each check costs one pass
 * over the logs that changed.
 */
export class InvariantChecker {
  private readonly leaderOfTerm = new Map<number, NodeId>();
  private readonly before = new Map<NodeId, { role: Role; term: number; deletions: number; logVersion: number }>();

  constructor(private readonly enabled: ReadonlySet<InvariantName>) {}

  check(nodes: readonly NodeView[]): Violation | null {
    const changed = nodes.filter((n) => this.before.get(n.id)?.logVersion !== n.logVersion);
    const violation =
      (this.enabled.has("election-safety") && this.electionSafety(nodes)) ||
      (this.enabled.has("leader-append-only") && this.leaderAppendOnly(nodes)) ||
      (this.enabled.has("log-matching") && this.logMatching(nodes, changed)) ||
      null;
    for (const n of nodes) {
      this.before.set(n.id, { role: n.role, term: n.term, deletions: n.deletions, logVersion: n.logVersion });
    }
    return violation;
  }

  private electionSafety(nodes: readonly NodeView[]): Violation | null {
    for (const n of nodes) {
      if (n.role !== "leader") continue;
      const other = this.leaderOfTerm.get(n.term);
      if (other === undefined) this.leaderOfTerm.set(n.term, n.id);
      else if (other !== n.id) {
        return {
          invariant: "election-safety",
          message: `Election Safety: ${other} and ${n.id} were both leader of term ${n.term}; a term has at most one leader`,
        };
      }
    }
    return null;
  }

  private leaderAppendOnly(nodes: readonly NodeView[]): Violation | null {
    for (const n of nodes) {
      const was = this.before.get(n.id);
      if (!was || was.role !== "leader" || n.role !== "leader" || was.term !== n.term) continue;
      if (n.deletions > was.deletions) {
        return {
          invariant: "leader-append-only",
          message: `Leader Append-Only: ${n.id} deleted entries from its own log while it was leader of term ${n.term}; a leader only ever appends`,
        };
      }
    }
    return null;
  }

  private logMatching(nodes: readonly NodeView[], changed: readonly NodeView[]): Violation | null {
    for (const a of changed) {
      for (const b of nodes) {
        if (a.id === b.id) continue;
        const v = logMatchingPair(a, b);
        if (v) return v;
      }
    }
    return null;
  }
}

/** Article 002's two claims for one pair of logs: the same (index, term) means the same entry and the same history before it. */
function logMatchingPair(a: NodeView, b: NodeView): Violation | null {
  let top = Math.min(a.log.length, b.log.length) - 1;
  while (top > 0 && a.log[top].term !== b.log[top].term) top--;
  for (let i = top; i > 0; i--) {
    const x = a.log[i];
    const y = b.log[i];
    if (x.term !== y.term || x.command !== y.command) {
      const where =
        i === top
          ? `both hold an entry of term ${x.term} at index ${i} but they differ: ${a.id} has ${show(x)}, ${b.id} has ${show(y)}`
          : `both hold an entry of term ${a.log[top].term} at index ${top}, yet at index ${i} ${a.id} has ${show(x)} and ${b.id} has ${show(y)}`;
      return { invariant: "log-matching", message: `Log Matching: ${a.id} and ${b.id} ${where}` };
    }
  }
  return null;
}
