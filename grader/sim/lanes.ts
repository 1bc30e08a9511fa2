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

/**
 * A host that runs the moments of many independent runs in one round trip. A round trip is
 * sent, then received: at most one is outstanding, so neither side ever blocks writing while
 * the other is writing too.
 */
export interface LaneHost {
  sendLanes(work: readonly LaneWork[]): void;
  receiveLanes(): ItemResult[][];
}

type Driven = ReturnType<typeof drivenRun>;
type Moment = NonNullable<ReturnType<Driven["pending"]>>;

/** Runs that share round trips: each has a lane on the host, handed to the next run when it ends. */
class LaneGroup {
  private readonly active: { index: number; lane: number; run: Driven }[] = [];
  private moments: { slot: LaneGroup["active"][number]; m: Moment }[] = [];
  work: LaneWork[] = [];

  constructor(
    private readonly width: number,
    private readonly queue: RunQueue,
  ) {}

  /** Gathers the next moment of each of its runs, starting queued runs in free lanes; false when it has none left. */
  prepare(): boolean {
    this.work = [];
    this.moments = [];
    const todo = [...this.active, ...this.fill()];
    for (const slot of todo) {
      let m = slot.run.pending();
      // Moments the simulator handles alone (a partition, a lost message) need no host.
      while (m && m.items.length === 0 && !m.start) {
        slot.run.take(m, []);
        m = slot.run.pending();
      }
      if (!m) {
        this.queue.finish(slot, slot.run.finish());
        this.active.splice(this.active.indexOf(slot), 1);
        todo.push(...this.fill());
        continue;
      }
      this.work.push({ lane: slot.lane, t: m.t, items: m.items, ...(m.start ? { start: m.start } : {}) });
      this.moments.push({ slot, m });
    }
    return this.work.length > 0;
  }

  /** Starts queued runs while the group has room; returns them. */
  private fill(): LaneGroup["active"] {
    const started: LaneGroup["active"] = [];
    while (this.active.length < this.width) {
      const slot = this.queue.start();
      if (!slot) break;
      this.active.push(slot);
      started.push(slot);
    }
    return started;
  }

  apply(answers: readonly ItemResult[][]): void {
    this.moments.forEach(({ slot, m }, i) => slot.run.take(m, answers[i]));
  }
}

/** The runs not yet started, the lanes free for them, and the results of those that ended. */
class RunQueue {
  private next = 0;
  readonly results: RunResult[];

  constructor(
    private readonly runs: readonly Omit<RunOptions, "host">[],
    private readonly freeLanes: number[],
  ) {
    this.results = new Array<RunResult>(runs.length);
  }

  start(): { index: number; lane: number; run: Driven } | null {
    if (this.next >= this.runs.length) return null;
    const lane = this.freeLanes.pop() as number;
    const index = this.next++;
    return { index, lane, run: drivenRun(this.runs[index]) };
  }

  finish(slot: { index: number; lane: number }, result: RunResult): void {
    this.results[slot.index] = result;
    this.freeLanes.push(slot.lane);
  }
}

/**
 * Runs many independent scenarios side by side, one round trip per moment for a group of
 * `width` of them: a round trip costs far more in waiting than in work. Two groups take turns,
 * so the simulator works on one group's answers while the host computes the other's moments.
 * Runs share nothing (each has its lane on the host and its own generators), so every result
 * is the one the run would have had alone.
 */
export function runLanes(host: LaneHost, runs: readonly Omit<RunOptions, "host">[], width = 8): RunResult[] {
  // A finished run's lane goes to the next run, whose start replaces it on the host: the host holds 2 × width runs at most.
  const queue = new RunQueue(
    runs,
    Array.from({ length: 2 * width }, (_, i) => 2 * width - 1 - i),
  );
  const ready = [new LaneGroup(width, queue), new LaneGroup(width, queue)].filter((g) => g.prepare());
  let flying = ready.shift();
  if (flying) host.sendLanes(flying.work);
  while (flying) {
    const answers = host.receiveLanes();
    const done = flying;
    flying = ready.shift();
    if (flying) host.sendLanes(flying.work);
    done.apply(answers);
    if (!done.prepare()) continue;
    if (flying) ready.push(done);
    else host.sendLanes((flying = done).work);
  }
  return queue.results;
}
