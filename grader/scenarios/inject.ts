import type { AppendEntries, Entry } from "../contract";

/** An AppendEntries from leader L in `term`, as a test injects it into a follower. */
export function append(
  term: number,
  prevLogIndex: number,
  prevLogTerm: number,
  entries: readonly Entry[],
): AppendEntries {
  return { type: "AppendEntries", term, leaderId: "L", prevLogIndex, prevLogTerm, entries, leaderCommit: 0 };
}
