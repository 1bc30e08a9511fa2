import type { Entry, Message, MessageType, NodeId } from "../contract";
import { RELIABLE, type Scenario } from "../scenarios/types";
import type { RunResult, SentRecord } from "../sim/cluster";
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

/**
 * When a message sent at `sent.t` is due, where the scenario alone says so: the network in
 * force then delivers after one fixed delay and no scripted rule is aimed at the message.
 * Undefined otherwise, and when the network changes on the tick it was sent, since the order
 * within a tick is not known here.
 */
function dueTime(scenario: Scenario, sent: SentRecord): number | undefined {
  const changes = scenario.schedule.flatMap((a) => ("network" in a && a.at <= sent.t ? [a] : []));
  if (changes.some((a) => a.at === sent.t)) return undefined;
  const latest = changes.reduce<(typeof changes)[number] | undefined>((l, a) => (l && l.at > a.at ? l : a), undefined);
  const [min, max] = (latest?.network ?? scenario.network ?? RELIABLE).delay;
  const aimed = (scenario.rules ?? []).some(
    (r) => (!r.from || r.from === sent.from) && (!r.to || r.to === sent.to) && (!r.type || r.type === sent.msg.type),
  );
  return min === max && !aimed ? sent.t + min : undefined;
}

/**
 * Whether the run shows that its recipient took `sent` in: the simulator delivered it, and
 * the run got through the tick it arrived on. A run that stops on a new leader or on a broken
 * rule ends partway through its last tick, and what the rest of that tick delivered left no
 * trace in the run (a reply it caused is not in run.sent); a message counts there only when
 * it is known to have arrived earlier.
 */
export function wasReceived(run: RunResult, scenario: Scenario, sent: SentRecord): boolean {
  if (!sent.delivered) return false;
  const endedMidTick = run.outcome !== "ok" || (scenario.stopOnLeader === true && run.leaders.length > 0);
  if (!endedMidTick) return true;
  const due = dueTime(scenario, sent);
  return due !== undefined && due < run.time;
}

/** When the recipient took `sent` in, if the run shows it did and the scenario's network says when. */
export function receivedAt(run: RunResult, scenario: Scenario, sent: SentRecord): number | undefined {
  return wasReceived(run, scenario, sent) ? dueTime(scenario, sent) : undefined;
}
