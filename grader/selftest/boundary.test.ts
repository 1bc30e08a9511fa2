import * as path from "node:path";
import { chaos as commitChaos } from "../chapters/ch5/scenarios";
import { linChaos } from "../chapters/ch6/scenarios";
import { chapterInfo } from "../chapters/registry";
import { trustedHost } from "../harness/chapter-classes";
import { hostInit } from "../harness/hosts";
import type { KvOp } from "../contract";
import type { Scenario } from "../scenarios/types";
import { bundleImplementation } from "../sandbox/bundle";
import { ProcessHost } from "../sandbox/process-host";
import { runScenario, type RunOptions, type RunResult } from "../sim/cluster";
import { SENT_KEPT } from "../sim/host-protocol";
import { runLanes } from "../sim/lanes";

/**
 * The trust boundary changes where node code runs, never what a run is: the same seed gives the
 * same events, messages, replies, snapshots and trace in this process, behind the boundary one
 * item at a time, one moment at a time, and side by side with other runs on lanes.
 */
const REFERENCE = path.resolve(__dirname, "../../solutions");
const GUARD = "__selftestBoundaryLoopGuard";

/** The learner's process for the reference; `shared`, it evaluates the (state-free) modules once for every node. */
function learnerProcess(chapter: number, shared = false): ProcessHost {
  const bundle = bundleImplementation(REFERENCE, "solutions", GUARD);
  return new ProcessHost(bundle, { ...hostInit(chapterInfo(chapter), GUARD), shared }, 60_000);
}

/** Where two runs part, field by field, in a few words; none when they are the same. */
function differences(how: string, runs: readonly RunResult[], local: readonly RunResult[]): string[] {
  return runs.flatMap((run, i) => {
    const fields = new Set([...Object.keys(run), ...Object.keys(local[i])]);
    return [...fields].flatMap((field) => {
      const a = JSON.stringify((run as unknown as Record<string, unknown>)[field]) ?? "undefined";
      const b = JSON.stringify((local[i] as unknown as Record<string, unknown>)[field]) ?? "undefined";
      if (a === b) return [];
      let at = 0;
      while (a[at] === b[at]) at++;
      const near = (text: string) => text.slice(Math.max(0, at - 80), at + 80);
      return [`${how}, seed ${run.seed}, ${field}: ${near(a)}\n  in process: ${near(b)}`];
    });
  });
}

describe.each([
  { chapter: 5, scenario: commitChaos, seeds: [1, 2, 3, 4, 5, 6] },
  { chapter: 6, scenario: linChaos, seeds: [1, 2, 3, 4] },
])("chapter $chapter's chaos runs", ({ chapter, scenario, seeds }) => {
  const options = (seed: number): Omit<RunOptions, "host"> => ({
    scenario: (scenario as (seed: number) => Scenario)(seed),
    seed,
    invariants: chapterInfo(chapter).invariants,
    record: true,
  });

  test("are the same in process, behind the boundary item by item, moment by moment, and on lanes, with modules of each node's own or shared", () => {
    const local = seeds.map((seed) =>
      runScenario({ ...options(seed), host: trustedHost(REFERENCE, chapterInfo(chapter)) }),
    );
    expect(local.every((r) => r.outcome === "ok")).toBe(true);
    const host = learnerProcess(chapter);
    const shared = learnerProcess(chapter, true);
    try {
      const stepwise = seeds.map((seed) => runScenario({ ...options(seed), host, stepwise: true }));
      const moments = seeds.map((seed) => runScenario({ ...options(seed), host }));
      const lanes = runLanes(host, seeds.map(options));
      expect([
        ...differences("item by item", stepwise, local),
        ...differences("moment by moment", moments, local),
        ...differences("on lanes", lanes, local),
        ...differences("on lanes, modules shared", runLanes(shared, seeds.map(options)), local),
      ]).toEqual([]);
    } finally {
      host.close();
      shared.close();
    }
  });
});

/** A delivery names a message the learner's side still keeps, and carries any older one whole. */
describe("a long run with late deliveries", () => {
  const ops = Array.from({ length: 4000 }, (_, i): KvOp => ({ op: "put", key: `k${i % 5}`, value: `${i}` }));
  const scenario: Scenario = {
    id: "selftest-late-deliveries",
    title: "Five nodes, a client writing without pause, and a network that holds some messages back for long",
    nodes: ["N1", "N2", "N3", "N4", "N5"],
    network: { delay: [1, 1], drop: 0, duplicate: 0 },
    schedule: [{ at: 200, network: { delay: [1, 2500], drop: 0.05, duplicate: 0.2 } }],
    clients: [{ id: "c1", ops }],
    until: 4000,
  };
  const options: Omit<RunOptions, "host"> = { scenario, seed: 3, invariants: chapterInfo(6).invariants, record: false };

  test("is the same in process and behind the boundary, and delivers both ways", () => {
    const local = runScenario({ ...options, host: trustedHost(REFERENCE, chapterInfo(6)) });
    // How many messages had been sent before each delivered one arrived: past SENT_KEPT, it goes whole.
    const sentAt = local.sent.map((s) => s.t);
    const before = (t: number) => sentAt.filter((s) => s < t).length;
    const ages = local.sent.flatMap((s, i) => (s.receivedAt === undefined ? [] : [before(s.receivedAt) - i]));
    expect(ages.some((age) => age > SENT_KEPT)).toBe(true);
    expect(ages.some((age) => age <= SENT_KEPT)).toBe(true);
    const host = learnerProcess(6);
    try {
      const stepwise = runScenario({ ...options, host, stepwise: true });
      const moments = runScenario({ ...options, host });
      const [lanes] = runLanes(host, [options]);
      expect([
        ...differences("item by item", [stepwise], [local]),
        ...differences("moment by moment", [moments], [local]),
        ...differences("on lanes", [lanes], [local]),
      ]).toEqual([]);
    } finally {
      host.close();
    }
  });
});
