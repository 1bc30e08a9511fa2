import type { ClientReply, Entry, Message, NodeId, Progress, Role } from "../contract";
import { CommitWatch } from "./commit-watch";
import { PrefixCache } from "./prefix-cache";

export type InvariantName =
  | "election-safety"
  | "leader-append-only"
  | "log-matching"
  | "leader-progress"
  | "match-monotonic"
  | "monotonic-terms"
  | "one-vote-per-term"
  | "state-machine-safety"
  | "leader-completeness"
  | "acknowledged-writes"
  | "commit-monotonic";

/** The invariants that need the grader's own record of what is committed (chapter 5 on). */
export const COMMIT_INVARIANTS: readonly InvariantName[] = [
  "state-machine-safety",
  "leader-completeness",
  "acknowledged-writes",
  "commit-monotonic",
];

/** What the checker sees of a node: its durable log and its public view. */
export interface NodeView {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly log: readonly Entry[];
  readonly logVersion: number;
  readonly deletions: number;
  /** A leader's nextIndex / matchIndex per follower, when its class reports them. */
  readonly progress?: Readonly<Record<NodeId, Progress>>;
  /** What the node says it has committed; absent while it is down. */
  readonly commitIndex?: number;
}

export interface Violation {
  readonly invariant: InvariantName;
  readonly message: string;
}

interface Before {
  readonly role: Role;
  readonly term: number;
  readonly deletions: number;
  readonly logVersion: number;
  readonly progress: NodeView["progress"];
}

const show = (e: Entry): string => `"${e.command}" of term ${e.term}`;

/**
 * Checks the Raft paper's safety properties after every event. It remembers what it needs
 * across events (who led which term, each leader's deletions), so each check costs one pass
 * over the logs that changed.
 */
export class InvariantChecker {
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** Each node's state as of the last check: what the state checks compare against, and how they know nothing moved. */
  private readonly before = new Map<NodeId, Before>();
  private readonly votes = new Map<string, { readonly to: NodeId; readonly restarts: number }>();
  private readonly restarts = new Map<NodeId, number>();
  private voteViolation: Violation | null = null;
  /** The highest matchIndex each leader has reported for each peer in its current term. */
  private readonly matchSeen = new Map<NodeId, { term: number; readonly seen: Map<NodeId, number> }>();
  /** Log prefixes already found equal, so the per-event checks compare only what is new. */
  private readonly prefixes = new PrefixCache();
  private readonly commits: CommitWatch | null;

  constructor(
    private readonly enabled: ReadonlySet<InvariantName>,
    size = 0,
  ) {
    this.commits = COMMIT_INVARIANTS.some((i) => enabled.has(i)) ? new CommitWatch(size) : null;
  }

  /** A restart between two grants is the likeliest cause of a double vote, so the message says so. */
  observeRestart(node: NodeId): void {
    this.restarts.set(node, (this.restarts.get(node) ?? 0) + 1);
    this.commits?.restart(node);
  }

  /**
   * A node handed `command` at `index` to its state machine; `log` is its log then, `holders`
   * says who stores that entry (asked only for a message about a violation).
   */
  observeApply(node: NodeId, index: number, command: string, log: readonly Entry[], holders?: () => string): void {
    this.commits?.apply(node, index, command, log, holders);
  }

  /** A node answered a client; `command` is what the client asked to write, when it was a write. */
  observeReply(node: NodeId, reply: ClientReply, command: string | undefined): void {
    this.commits?.acknowledge(node, reply, command);
  }

  /**
   * Watches votes on the wire rather than in storage, so a vote kept only in memory (and
   * forgotten by a restart) is still seen when it is granted twice. `stored` is the sender's
   * storage.votedFor as it sends: a grant that storage does not record points at a vote kept
   * in a field.
   */
  observeSend(from: NodeId, to: NodeId, msg: Message, stored?: NodeId | null): void {
    if (!this.enabled.has("one-vote-per-term") || msg.type !== "RequestVoteReply" || !msg.voteGranted) return;
    const key = `${from}@${msg.term}`;
    const restarts = this.restarts.get(from) ?? 0;
    const earlier = this.votes.get(key);
    if (earlier === undefined) this.votes.set(key, { to, restarts });
    else if (earlier.to !== to) {
      const forgot =
        earlier.restarts !== restarts && stored !== undefined && stored !== to
          ? `; ${from} restarted in between and forgot its vote, which its storage never recorded (storage.votedFor is ${JSON.stringify(stored)}): votedFor must be kept in storage (this.storage.votedFor), which survives a restart, not in a field of the node`
          : "";
      this.voteViolation ??= {
        invariant: "one-vote-per-term",
        message: `one vote per term: ${from} granted its vote in term ${msg.term} to ${earlier.to} and then to ${to}${forgot}`,
      };
    }
  }

  check(nodes: readonly NodeView[]): Violation | null {
    if (this.voteViolation) return this.voteViolation;
    // Most events (a tick, a heartbeat a follower already agrees with) change no log, role, term
    // or progress: every state check would then find what it found last time, nothing.
    const moved = nodes.some((n) => this.moved(n));
    const violation = (moved && this.stateViolation(nodes)) || this.commitViolation(nodes, moved) || null;
    if (moved) for (const n of nodes) this.remember(n);
    return violation;
  }

  private moved(n: NodeView): boolean {
    const b = this.before.get(n.id);
    return !b || b.logVersion !== n.logVersion || b.role !== n.role || b.term !== n.term || b.progress !== n.progress;
  }

  private remember(n: NodeView): void {
    this.before.set(n.id, {
      role: n.role,
      term: n.term,
      deletions: n.deletions,
      logVersion: n.logVersion,
      progress: n.progress,
    });
  }

  private stateViolation(nodes: readonly NodeView[]): Violation | null {
    const changed = nodes.filter((n) => this.before.get(n.id)?.logVersion !== n.logVersion);
    return (
      (this.enabled.has("monotonic-terms") && this.monotonicTerms(nodes)) ||
      (this.enabled.has("election-safety") && this.electionSafety(nodes)) ||
      (this.enabled.has("leader-append-only") && this.leaderAppendOnly(nodes)) ||
      (this.enabled.has("log-matching") && this.logMatching(nodes, changed)) ||
      (this.enabled.has("leader-progress") && leaderProgress(nodes, this.prefixes)) ||
      (this.enabled.has("match-monotonic") && this.matchMonotonic(nodes)) ||
      null
    );
  }

  private commitViolation(nodes: readonly NodeView[], moved: boolean): Violation | null {
    if (!this.commits) return null;
    // What the logs commit changes only when a log, role or term does.
    if (moved) this.commits.advance(nodes);
    const v = this.commits.check(nodes);
    return v && this.enabled.has(v.invariant) ? v : null;
  }

  private monotonicTerms(nodes: readonly NodeView[]): Violation | null {
    for (const n of nodes) {
      const was = this.before.get(n.id);
      if (was && n.term < was.term) {
        return {
          invariant: "monotonic-terms",
          message: `${n.id}'s currentTerm went back from ${was.term} to ${n.term}; a node's term never decreases`,
        };
      }
    }
    return null;
  }

  /**
   * Figure 2: matchIndex is initialized to 0 and increases monotonically. A late or duplicated
   * success must not lower it, even when the next reply would raise it again before any end
   * state shows the damage.
   */
  private matchMonotonic(nodes: readonly NodeView[]): Violation | null {
    for (const n of nodes) {
      if (n.role !== "leader" || !n.progress) continue;
      let mine = this.matchSeen.get(n.id);
      if (!mine || mine.term !== n.term) this.matchSeen.set(n.id, (mine = { term: n.term, seen: new Map() }));
      const seen = mine.seen;
      for (const peer in n.progress) {
        const p = n.progress[peer];
        const was = seen.get(peer) ?? 0;
        if (p.matchIndex < was) {
          return {
            invariant: "match-monotonic",
            message: `leader ${n.id}'s matchIndex for ${peer} went back from ${was} to ${p.matchIndex} in term ${n.term}: within a term, matchIndex only grows (a late or duplicated success must not lower it)`,
          };
        }
        seen.set(peer, p.matchIndex);
      }
    }
    return null;
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
        const v = logMatchingPair(a, b, this.prefixes);
        if (v) return v;
      }
    }
    return null;
  }
}

/** Article 002's two claims for one pair of logs: the same (index, term) means the same entry and the same history before it. */
function logMatchingPair(a: NodeView, b: NodeView, prefixes: PrefixCache): Violation | null {
  let top = Math.min(a.log.length, b.log.length) - 1;
  while (top > 0 && a.log[top].term !== b.log[top].term) top--;
  const known = prefixes.equalUpTo(a, b);
  for (let i = top; i > known; i--) {
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
  prefixes.confirm(a, b, top);
  return null;
}

/**
 * The newest leader's bookkeeping must be true: nextIndex stays within [1, lastIndex + 1], and
 * a follower really holds the leader's entries up to its matchIndex. (Only the newest leader:
 * an older one may not have heard yet that a newer leader rewrote the logs.)
 */
function leaderProgress(nodes: readonly NodeView[], prefixes: PrefixCache): Violation | null {
  const leaders = nodes.filter((n) => n.role === "leader" && n.progress);
  if (leaders.length === 0) return null;
  const leader = leaders.reduce((a, b) => (b.term > a.term ? b : a));
  const last = leader.log.length - 1;
  const progress = leader.progress ?? {};
  for (const peer in progress) {
    const p = progress[peer];
    const follower = nodes.find((n) => n.id === peer);
    if (!follower) continue;
    if (!Number.isInteger(p.nextIndex) || p.nextIndex < 1 || p.nextIndex > last + 1) {
      return {
        invariant: "leader-progress",
        message: `leader ${leader.id}'s nextIndex for ${peer} is ${p.nextIndex}; it must stay between 1 (just after the base entry) and ${last + 1} (just after the leader's last entry)`,
      };
    }
    if (follower.term > leader.term) continue;
    const held = follower.log.length - 1;
    const m = p.matchIndex;
    const wrong = m > held || !Number.isInteger(m) ? -1 : prefixes.firstDifference(leader, follower, m);
    if (!Number.isInteger(m) || m < 0 || m > last || wrong !== -1 || m > held) {
      const fact =
        m > held
          ? `${peer} holds only ${held} entries`
          : wrong >= 0
            ? `${peer}'s entry ${wrong} differs from the leader's`
            : `the leader holds only ${last}`;
      return {
        invariant: "leader-progress",
        message: `leader ${leader.id}'s matchIndex for ${peer} is ${m}, but ${fact}: matchIndex must only count entries the follower has confirmed (prevLogIndex + the entries of a successful reply of this term)`,
      };
    }
  }
  return null;
}
