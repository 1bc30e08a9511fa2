import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chapterInfo } from "../chapters/registry";
import { chaos } from "../chapters/ch2/scenarios";
import type { KvOp } from "../contract";
import { SEARCH as CH2_SEARCH } from "../chapters/ch2/scenarios";
import { SEARCH as CH3_SEARCH } from "../chapters/ch3/scenarios";
import { SEARCH as CH5_SEARCH } from "../chapters/ch5/scenarios";
import { trustedClasses, trustedHost } from "../harness/chapter-classes";
import { searchTrusted } from "../harness/explore";
import { hostInit } from "../harness/hosts";
import { benchLincheck } from "../lincheck/bench";
import { bundleImplementation } from "../sandbox/bundle";
import { ProcessHost } from "../sandbox/process-host";
import { RELIABLE, type Scenario } from "../scenarios/types";
import { runScenario, type RunResult } from "../sim/cluster";
import type { InvariantName } from "../sim/invariants";
import { thousands } from "../sim/errors";
import type { NodeHost } from "../sim/host-protocol";
import type { ClusterFigures } from "../real/bench-cluster";

/**
 * Measures what the workbook promises about speed (issue 13); prints figures, asserts nothing.
 * `--json` prints one JSON object of the keyed figures and nothing else on stdout; progress
 * goes to stderr. BENCHMARKS.md keeps the latest figures beside the targets.
 */
const ROOT = path.resolve(__dirname, "../..");
const REFERENCE = path.join(ROOT, "solutions");
/** Each timed figure is the median of this many rounds (`--rounds N`, default 3). */
const ROUNDS = Math.max(1, Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 3);
const AS_JSON = process.argv.includes("--json");
const TS_NODE = path.join(ROOT, "node_modules/ts-node/dist/bin.js");
/** Simulated time per tick: the chapters' 10–20-tick election timeout against the Raft paper's 150–300 ms. */
const TICK_MS = 15;
/** Ticks of the steady-load run: long enough that starting up is a small share of it. */
const STEADY_TICKS = 10_000;
/** Untimed rounds of the steady-load run before the timed ones. */
const WARM_UP_ROUNDS = 2;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function progress(what: string): void {
  process.stderr.write(`bench: ${what}…\n`);
}

/** Wall milliseconds of a command, median of ROUNDS; a failing command is an error, not a figure. */
function timeCommand(args: readonly string[]): number {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}:\n${r.stdout}${r.stderr}`);
    times.push(ms(start));
  }
  return median(times);
}

/**
 * The cluster runs a full grade of the reference makes, per chapter suite. The CLI reports
 * none, so the same suites are run once more under jest with count-runs.ts as a setup file,
 * which counts every run started at the trust boundary. Seeds are fixed: the count is the
 * timed grade's.
 */
function gradeRuns(): Map<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "raft-bench-"));
  const file = path.join(dir, "runs.txt");
  const config = {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the grader's jest config is plain JS
    ...require(path.join(ROOT, "grader/jest.grade.config.js")),
    setupFilesAfterEnv: [path.join(__dirname, "count-runs.ts")],
  };
  const r = spawnSync(
    process.execPath,
    [require.resolve("jest/bin/jest"), "--config", JSON.stringify(config), "--silent", "--maxWorkers=2"],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: {
        ...process.env,
        RAFT_IMPL: path.join(ROOT, "solutions"),
        RAFT_IMPL_ARG: "solutions",
        RAFT_COUNT_RUNS_FILE: file,
      },
    },
  );
  // A failed test stops making runs: its count would be short.
  if (r.status !== 0) throw new Error(`counting the grade's runs: jest exited ${r.status}:\n${r.stderr}`);
  const counts = fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(" "))
    .map(([suite, n]) => [/ch\d+/.exec(suite)?.[0] ?? suite, Number(n)] as const);
  fs.rmSync(dir, { recursive: true, force: true });
  return new Map(counts.sort(([a], [b]) => a.localeCompare(b)));
}

interface Throughput {
  readonly events: number;
  readonly ms: number;
  /** Moments of logical time handed to the host, one round trip each behind the boundary. */
  readonly trips: number;
}

/** Chapter 2's chaos runs with its invariants on, on a host made by `makeHost`: median round of ROUNDS. */
function chaosThroughput(makeHost: () => NodeHost): Throughput {
  const info = chapterInfo(2);
  const rounds: Throughput[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const host = makeHost();
    let trips = 0;
    const counted: NodeHost = {
      startRun: (seed, nodes) => host.startRun(seed, nodes),
      exec: (t, items) => {
        trips++;
        return host.exec(t, items);
      },
      close: () => host.close(),
    };
    let events = 0;
    const start = process.hrtime.bigint();
    for (let seed = 1; seed <= 2000; seed++)
      events += runScenario({ scenario: chaos(seed), host: counted, seed, invariants: info.invariants }).events;
    rounds.push({ events, ms: ms(start), trips });
    host.close();
  }
  return [...rounds].sort((a, b) => a.ms - b.ms)[Math.floor(rounds.length / 2)];
}

function sandboxedHost(): NodeHost {
  const guard = "__benchLoopGuard";
  const bundle = bundleImplementation(REFERENCE, "solutions", guard);
  // As a grading loads it: one evaluation, frozen, for every node when the bundle is state-free.
  return new ProcessHost(bundle, { ...hostInit(chapterInfo(2), guard), shared: bundle.stateFree }, 600_000);
}

/**
 * Simulated time per wall second: chapter 6's reference on five nodes and a reliable network,
 * electing its own leader, while a client writes without pause (each put follows the last one's
 * completion by a tick), in process. Graded runs check chapter 6's invariants after every event;
 * `invariants` may leave them out, to show what they cost.
 */
function steadySpeedup(invariants: readonly InvariantName[]): { speedup: number; events: number; writes: number } {
  const info = chapterInfo(6);
  const ops = Array.from({ length: STEADY_TICKS }, (_, i): KvOp => ({ op: "put", key: `k${i % 8}`, value: `${i}` }));
  const scenario: Scenario = {
    id: "bench-steady-load",
    title: "Five nodes, a reliable network, a client writing without pause",
    nodes: ["N1", "N2", "N3", "N4", "N5"],
    network: RELIABLE,
    schedule: [],
    clients: [{ id: "c1", ops }],
    until: STEADY_TICKS,
  };
  const times: number[] = [];
  let run: RunResult | undefined;
  // The first rounds warm the JIT up and are not timed: a grading runs thousands of runs in one
  // process, and the second run of this one was still a third slower than the later ones.
  for (let round = 1 - WARM_UP_ROUNDS; round <= ROUNDS; round++) {
    const start = process.hrtime.bigint();
    run = runScenario({
      scenario,
      host: trustedHost(REFERENCE, info),
      seed: 1,
      invariants,
      maxEvents: Infinity,
    });
    if (round > 0) times.push(ms(start));
  }
  if (!run || run.outcome !== "ok") throw new Error(`the steady-load run ended in ${run?.outcome}`);
  const writes = run.history.filter((h) => h.ret !== undefined).length;
  return { speedup: (STEADY_TICKS * TICK_MS) / median(times), events: run.events, writes };
}

interface Figure {
  /** The figure's key in --json output; figures without one are printed in the table only. */
  readonly key?: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly digits?: number;
}

const figures: Figure[] = [];

progress("simulator, chapter 2 chaos runs");
const local = chaosThroughput(() => trustedHost(REFERENCE, chapterInfo(2)));
const boundary = chaosThroughput(sandboxedHost);
const perSecond = (t: Throughput) => Math.round(t.events / (t.ms / 1000));
figures.push(
  {
    key: "sim_events_per_s",
    name: "simulator in process, ch2 chaos, invariants on",
    value: perSecond(local),
    unit: "events/s",
  },
  { name: "simulator behind the trust boundary, same runs", value: perSecond(boundary), unit: "events/s" },
  { name: "  round trips", value: boundary.trips, unit: "trips" },
  {
    name: "  boundary cost per round trip",
    value: ((boundary.ms - local.ms) * 1000) / boundary.trips,
    unit: "µs",
    digits: 1,
  },
);

progress(`simulator, 5 nodes under a steady client for ${thousands(STEADY_TICKS)} ticks`);
const steady = steadySpeedup(chapterInfo(6).invariants);
const unchecked = steadySpeedup([]);
figures.push(
  {
    key: "sim_speedup",
    name: `simulator, 5 nodes, steady client, tick = ${TICK_MS} ms`,
    value: steady.speedup,
    unit: "× real time",
  },
  { name: "  the same run, invariants off", value: unchecked.speedup, unit: "× real time" },
  { name: `  its events in ${thousands(STEADY_TICKS)} ticks`, value: steady.events, unit: "events" },
  { name: "  its writes completed", value: steady.writes, unit: "writes" },
);

progress("exhaustive search of chapters 2, 3 and 5, in process");
for (const [chapter, space] of [
  [2, CH2_SEARCH],
  [3, CH3_SEARCH],
  [5, CH5_SEARCH],
] as const) {
  const info = chapterInfo(chapter);
  const start = process.hrtime.bigint();
  const report = searchTrusted(space, trustedClasses(REFERENCE, info).nodeClass, info.invariants);
  figures.push(
    {
      key: `search_ch${chapter}_states`,
      name: `exhaustive search, chapter ${chapter}, to depth ${space.depth}`,
      value: report.states,
      unit: "distinct states",
    },
    { name: "  schedules run", value: report.runs, unit: "runs" },
    { name: "  wall time", value: ms(start) / 1000, unit: "s", digits: 2 },
  );
}

for (const nodes of [3, 5]) {
  progress(`real cluster of ${nodes} reference nodes on loopback, 5 clients for 10 s`);
  const r = spawnSync(
    process.execPath,
    [TS_NODE, "--swc", path.join(ROOT, "grader/real/bench-cluster.ts"), "--nodes", `${nodes}`],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`the real cluster's bench exited ${r.status}:\n${r.stderr}`);
  const c = JSON.parse(r.stdout) as ClusterFigures;
  figures.push(
    {
      key: `cluster${nodes}_ops_per_s`,
      name: `real cluster, ${nodes} nodes, 5 clients`,
      value: c.opsPerSecond,
      unit: "ops/s",
    },
    { key: `cluster${nodes}_p50_ms`, name: "  latency p50", value: c.p50Ms, unit: "ms", digits: 1 },
    { key: `cluster${nodes}_p99_ms`, name: "  latency p99", value: c.p99Ms, unit: "ms", digits: 1 },
    {
      key: `cluster${nodes}_node_rss_mb`,
      name: "  resident memory per node (its process and its sandbox), largest",
      value: Math.max(...c.nodeRssMb),
      unit: "MB",
    },
  );
}

progress("linearizability checker");
const lincheck = benchLincheck();
function lincheckS(prefix: string): number {
  const figure = lincheck.find((f) => f.name.startsWith(prefix));
  if (!figure) throw new Error(`benchLincheck() has no figure named ${prefix}…`);
  return figure.ms / 1000;
}
figures.push(
  {
    key: "lincheck_jepsen_s",
    name: "lincheck, all of jepsen/",
    value: lincheckS("lincheck: all of jepsen/"),
    unit: "s",
    digits: 3,
  },
  {
    key: "lincheck_c50_ok_s",
    name: "lincheck, kv/c50-ok.txt",
    value: lincheckS("lincheck: kv/c50-ok.txt"),
    unit: "s",
    digits: 3,
  },
);

progress(`full grade of the reference, ${ROUNDS} round(s)`);
const gradeMs = timeCommand([TS_NODE, "--swc", path.join(ROOT, "grader/cli/grade.ts"), "--impl", "solutions"]);
progress("counting the grade's runs");
const runs = gradeRuns();
figures.push(
  {
    key: "grade_all_s",
    name: "grade all six chapters of the reference",
    value: gradeMs / 1000,
    unit: "s wall",
    digits: 1,
  },
  {
    key: "grade_all_runs",
    name: "  cluster runs in that grade",
    value: [...runs.values()].reduce((a, b) => a + b, 0),
    unit: "runs",
  },
  ...[...runs].map(([chapter, n]) => ({ name: `    ${chapter}`, value: n, unit: "runs" })),
);

progress(`study site build, ${ROUNDS} round(s)`);
// Built into a scratch folder, so that site/dist, which others may be serving, is left alone.
const siteOut = fs.mkdtempSync(path.join(os.tmpdir(), "raft-bench-site-"));
const siteMs = timeCommand([TS_NODE, "--swc", path.join(ROOT, "site/build/main.ts"), "--out", siteOut]);
fs.rmSync(siteOut, { recursive: true, force: true });
figures.push({ key: "site_build_s", name: "npm run site", value: siteMs / 1000, unit: "s wall", digits: 1 });

if (AS_JSON) {
  const keyed = figures.filter((f) => f.key !== undefined).map((f) => [f.key, Number(f.value.toFixed(f.digits ?? 0))]);
  process.stdout.write(`${JSON.stringify(Object.fromEntries(keyed))}\n`);
} else {
  const shown = [
    ["figure", "value", "unit"],
    ...figures.map((f) => [f.name, f.digits ? f.value.toFixed(f.digits) : thousands(Math.round(f.value)), f.unit]),
  ];
  const width = (i: number) => Math.max(...shown.map((row) => row[i].length));
  for (const [name, value, unit] of shown)
    process.stdout.write(`${name.padEnd(width(0))}  ${value.padStart(width(1))}  ${unit}\n`);
  process.stdout.write(`(timed figures: median of ${ROUNDS}; lincheck: median of 3)\n`);
}
