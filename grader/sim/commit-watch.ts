import type { ClientReply, Entry, NodeId } from "../contract";
import type { NodeView, Violation } from "./invariants";

/** A committed entry, and the term of the leader that made it committed. */
interface Committed {
  readonly entry: Entry;
  readonly term: number;
}

const show = (e: Entry): string =>
  e.command === "" ? `the no-op of term ${e.term}` : `"${e.command}" of term ${e.term}`;

/**
 * What commitment means, watched from outside every node: the grader's own record of which
 * entries are committed (an entry of term T at index i is committed once the leader of T holds
 * it and a majority of logs hold an entry of term T at i; every entry before it is committed
 * with it, §5.4.2), checked against what nodes apply and acknowledge.
 */
export class CommitWatch {
  private readonly committed: Committed[] = [];
  private readonly appliedAt = new Map<number, { node: NodeId; command: string }>();
  private readonly lastApplied = new Map<NodeId, number>();
  private readonly commitSeen = new Map<NodeId, number>();
  /**
   * How many committed entries each leader was already found to hold, in its term and at its
   * count of deletions: entries only append until a deletion, so they need no second look.
   */
  private readonly completeUpTo = new Map<NodeId, { term: number; deletions: number; upTo: number }>();
  private problem: Violation | null = null;

  constructor(private readonly size: number) {}

  get committedIndex(): number {
    return this.committed.length;
  }

  /** A node restarted: its state machine and commitIndex start again from nothing. */
  restart(node: NodeId): void {
    this.lastApplied.delete(node);
    this.commitSeen.delete(node);
  }

  /** Before each check: what the logs now commit. */
  advance(nodes: readonly NodeView[]): void {
    for (const leader of nodes) {
      if (leader.role !== "leader") continue;
      for (let i = leader.log.length - 1; i > this.committed.length; i--) {
        if (leader.log[i].term !== leader.term) break;
        const holders = nodes.filter((n) => n.log[i]?.term === leader.term).length;
        if (holders * 2 <= this.size) continue;
        for (let j = this.committed.length + 1; j <= i; j++)
          this.committed.push({ entry: leader.log[j], term: leader.term });
        break;
      }
    }
  }

  apply(node: NodeId, index: number, command: string, log: readonly Entry[], holders?: () => string): void {
    if (this.problem) return;
    const last = this.lastApplied.get(node) ?? 0;
    const say = (message: string) => (this.problem = { invariant: "state-machine-safety", message });
    if (index !== last + 1) {
      say(
        index <= last
          ? `${node} applied index ${index} again (it had applied up to ${last}): each index is applied exactly once, in order`
          : `${node} applied index ${index} right after ${last}: committed entries are applied in index order, none skipped`,
      );
      return;
    }
    this.lastApplied.set(node, index);
    const mine = log[index];
    if (!mine || mine.command !== command) {
      say(
        `${node} applied "${command}" at index ${index}, but its log holds ${mine ? show(mine) : "nothing"} there: apply the command of your own entry`,
      );
      return;
    }
    const c = this.committed[index - 1];
    if (!c) {
      const older = mine.term;
      const known = holders?.();
      const onMajority = known !== undefined ? ` (${known})` : "";
      say(
        `${node} applied ${show(mine)} at index ${index} before it was committed${onMajority}: ` +
          "apply only entries up to commitIndex, and a leader moves commitIndex to N only when a majority holds N and the entry at N is of its current term — " +
          `an entry of an older term (here ${older}) is committed only by a later entry of the current term (Raft paper, Figure 8)`,
      );
      return;
    }
    const other = this.appliedAt.get(index);
    if (other && other.command !== command) {
      say(
        `State Machine Safety: ${other.node} applied "${other.command}" at index ${index} and ${node} applied "${command}"`,
      );
      return;
    }
    this.appliedAt.set(index, { node, command });
  }

  /** A client heard "ok" for its write of `command`. */
  acknowledge(node: NodeId, reply: ClientReply, command: string | undefined): void {
    if (this.problem || !reply.ok || command === undefined) return;
    const index = reply.index;
    const c = index === undefined ? undefined : this.committed[index - 1];
    if (index === undefined || !c || c.entry.command !== command) {
      this.problem = {
        invariant: "acknowledged-writes",
        message: `${node} told a client its write "${command}" succeeded${index === undefined ? "" : ` at index ${index}`} before it was committed: acknowledge a write only once its entry is committed and applied`,
      };
    }
  }

  check(nodes: readonly NodeView[]): Violation | null {
    if (this.problem) return this.problem;
    for (const n of nodes) {
      const ci = n.commitIndex;
      if (ci === undefined) continue;
      const was = this.commitSeen.get(n.id) ?? 0;
      if (ci < was)
        return {
          invariant: "commit-monotonic",
          message: `${n.id}'s commitIndex went back from ${was} to ${ci}: it never decreases`,
        };
      this.commitSeen.set(n.id, ci);
      if (n.role !== "leader") continue;
      const v = this.leaderCompleteness(n);
      if (v) return v;
    }
    return null;
  }

  private leaderCompleteness(n: NodeView): Violation | null {
    let done = this.completeUpTo.get(n.id);
    if (!done || done.term !== n.term || done.deletions !== n.deletions)
      this.completeUpTo.set(n.id, (done = { term: n.term, deletions: n.deletions, upTo: 0 }));
    for (let i = done.upTo + 1; i <= this.committed.length; i++) {
      const c = this.committed[i - 1];
      if (n.term < c.term) break;
      const held = n.log[i];
      if (!held || held.term !== c.entry.term || held.command !== c.entry.command) {
        return {
          invariant: "leader-completeness",
          message: `Leader Completeness: ${n.id} leads term ${n.term} without the committed entry ${show(c.entry)} at index ${i} (it holds ${held ? show(held) : "nothing"} there)`,
        };
      }
      done.upTo = i;
    }
    return null;
  }
}
