import type { Entry, Message, MessageType, NodeId } from "../contract";
import type { RunResult, SentRecord } from "../sim/cluster";
import { COMMIT_INVARIANTS, type InvariantName } from "../sim/invariants";
import type { NodeSnapshot } from "../sim/trace";

/** A log in a failure message: the notation of scenarios, or words for a log holding nothing but the base entry. */
export function showLog(log: string): string {
  return log || "(only the base entry)";
}

/** Whether `log` is `of` or a beginning of it, entry for entry. */
export function isPrefix(log: readonly Entry[], of: readonly Entry[]): boolean {
  return log.every((e, i) => of[i] !== undefined && of[i].term === e.term && of[i].command === e.command);
}

/** A node as it stood at the end of the run. */
export function finalOf(run: RunResult, id: NodeId): NodeSnapshot {
  const node = run.final.find((n) => n.id === id);
  if (!node) throw new Error(`the run has no node ${id}`);
  return node;
}

/** A message one node sent another, with its place in run.sent and the time it was sent. */
export interface Sent<T extends MessageType> {
  readonly i: number;
  readonly t: number;
  readonly msg: Extract<Message, { type: T }>;
}

/** The messages of one type that `from` sent `to`, in the order they were sent. */
export function sentOf<T extends MessageType>(run: RunResult, type: T, from: NodeId, to: NodeId): Sent<T>[] {
  return run.sent.flatMap((s, i) =>
    s.from === from && s.to === to && s.msg.type === type
      ? [{ i, t: s.t, msg: s.msg as Extract<Message, { type: T }> }]
      : [],
  );
}

/** The AppendEntriesReplies `from` sent `to`, in order. */
export function repliesTo(run: RunResult, from: NodeId, to: NodeId): Sent<"AppendEntriesReply">[] {
  return sentOf(run, "AppendEntriesReply", from, to);
}

/** Whether the recipient took `sent` in before the run ended. */
export function wasReceived(sent: SentRecord): boolean {
  return sent.receivedAt !== undefined;
}

/** When the recipient took `sent` in, if it did before the run ended. */
export function receivedAt(sent: SentRecord): number | undefined {
  return sent.receivedAt;
}

/**
 * For rule tests whose injected messages no node sent: the invariants that judge a leader's
 * bookkeeping and commitment by what the logs really hold would judge the injection instead.
 */
export function withoutCommitRecord(invariants: readonly InvariantName[]): InvariantName[] {
  return invariants.filter((i) => i !== "leader-progress" && !COMMIT_INVARIANTS.includes(i));
}

/** What a node's latest incarnation applied, oldest first (a restart starts again at index 1). */
export function appliedByIncarnation(run: RunResult, node: NodeId): RunResult["applied"][NodeId] {
  const all = run.applied[node] ?? [];
  let start = 0;
  all.forEach((a, i) => {
    if (a.index === 1) start = i;
  });
  return all.slice(start);
}
