import { drivenRun, type RunOptions, type RunResult } from "./cluster";
import type { HostItem, ItemResult } from "./host-protocol";

/** One run's moment, for a host that serves many runs at once. */
export interface LaneWork {
  readonly lane: number;
  readonly t: number;
  readonly items: readonly HostItem[];
  /** The run to start on this lane first (its first moment). */
  readonly start?: { readonly seed: number; readonly nodes: readonly string[]; readonly clients?: readonly string[] };
}

/** A host that runs the moments of many independent runs in one round trip. */
export interface LaneHost {
  execLanes(work: readonly LaneWork[]): ItemResult[][];
}

/**
 * Runs many independent scenarios side by side, `width` at a time, one round trip per moment
 * for all of them: a round trip costs far more in waiting than in work. Runs share nothing
 * (each has its lane on the host and its own generators), so every result is the one the run
 * would have had alone.
 */
export function runLanes(host: LaneHost, runs: readonly Omit<RunOptions, "host">[], width = 32): RunResult[] {
  const results: RunResult[] = new Array<RunResult>(runs.length);
  const active: { index: number; lane: number; run: ReturnType<typeof drivenRun> }[] = [];
  // A finished run's lane goes to the next run, whose start replaces it on the host: the host holds `width` runs at most.
  const freeLanes = Array.from({ length: width }, (_, i) => width - 1 - i);
  let next = 0;
  while (next < runs.length || active.length > 0) {
    while (active.length < width && next < runs.length) {
      const lane = freeLanes.pop() as number;
      active.push({ index: next, lane, run: drivenRun(runs[next++]) });
    }
    const work: LaneWork[] = [];
    const moments: {
      slot: (typeof active)[number];
      m: NonNullable<ReturnType<ReturnType<typeof drivenRun>["pending"]>>;
    }[] = [];
    for (const slot of [...active]) {
      let m = slot.run.pending();
      // Moments the simulator handles alone (a partition, a lost message) need no host.
      while (m && m.items.length === 0 && !m.start) {
        slot.run.take(m, []);
        m = slot.run.pending();
      }
      if (!m) {
        results[slot.index] = slot.run.finish();
        active.splice(active.indexOf(slot), 1);
        freeLanes.push(slot.lane);
        continue;
      }
      work.push({ lane: slot.lane, t: m.t, items: m.items, ...(m.start ? { start: m.start } : {}) });
      moments.push({ slot, m });
    }
    if (work.length === 0) continue;
    const answers = host.execLanes(work);
    moments.forEach(({ slot, m }, i) => slot.run.take(m, answers[i]));
  }
  return results;
}
