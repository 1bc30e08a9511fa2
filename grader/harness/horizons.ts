/**
 * The slowest leader the chapters allow, which scenario horizons are sized to rather than to
 * the reference, so that no correct leader runs out of time: it answers a refusal at once,
 * one step back, but otherwise sends only on its heartbeats, every few ticks, one entry per
 * AppendEntries (etcd caps a message's size the same way).
 */
export const SLOWEST_LEADER = { heartbeatTicks: 4, entriesPerMessage: 1 } as const;

/**
 * Ticks the slowest leader may need, once nothing disturbs it, to bring any follower to its
 * own log of `entries` entries on a network that delivers in at most `delay` ticks: a round
 * trip per step back, down to the base entry at worst, then per entry a wait for the next
 * heartbeat and a round trip.
 */
export function repairTicks(entries: number, delay = 1): number {
  const { heartbeatTicks, entriesPerMessage } = SLOWEST_LEADER;
  const roundTrip = 2 * delay;
  const batches = Math.ceil(entries / entriesPerMessage);
  return heartbeatTicks + entries * roundTrip + batches * (heartbeatTicks + roundTrip);
}
