import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { chapterInfo } from "../chapters/registry";
import { bundleImplementation } from "../sandbox/bundle";
import { ProcessHost } from "../sandbox/process-host";
import { thousands } from "../sim/errors";
import type { NodeHost } from "../sim/host-protocol";
import { LocalHost } from "../sim/local-host";
import { chaos } from "../chapters/ch2/scenarios";
import { registerContractAlias } from "../runtime/alias";
import { runScenario } from "../sim/cluster";
import type { NodeClass } from "../contract";
import { benchLincheck } from "../lincheck/bench";

/** Measures what the workbook promises about speed; prints figures, asserts nothing. */
const ROOT = path.resolve(__dirname, "../..");
/** Gradings timed per figure (`--rounds N`, default 3); the median is reported. */
const ROUNDS = Math.max(1, Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeGrade(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules/ts-node/dist/bin.js"), "--swc", path.join(ROOT, "grader/cli/grade.ts"), ...args],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`grade ${args.join(" ")} exited ${r.status}:\n${r.stdout}${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

interface Throughput {
  readonly events: number;
  readonly ms: number;
  /** Moments of logical time handed to the host, one round trip each behind the boundary. */
  readonly trips: number;
}

/** Chapter 2's chaos runs, on `host`: in this process, or behind the trust boundary. */
function throughput(host: NodeHost): Throughput {
  const info = chapterInfo(2);
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
  host.close();
  return { events, ms: Number(process.hrtime.bigint() - start) / 1e6, trips };
}

function referenceClass(): NodeClass {
  registerContractAlias();
  const info = chapterInfo(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the reference is loaded by path
  return (require(path.join(ROOT, "solutions", info.file)) as Record<string, NodeClass>)[info.className];
}

function sandboxedHost(): NodeHost {
  const info = chapterInfo(2);
  const guard = "__benchLoopGuard";
  const bundle = bundleImplementation(path.join(ROOT, "solutions"), "solutions", guard);
  return new ProcessHost(
    bundle,
    { entry: `impl/${info.file.replace(/\.ts$/, "")}`, className: info.className, guard },
    600_000,
  );
}

for (const f of benchLincheck()) console.log(`${f.name}: ${f.ms.toFixed(1)} ms (median of 3)`);

const perSecond = (t: Throughput) => Math.round(t.events / (t.ms / 1000));
const local = throughput(new LocalHost(referenceClass()));
const boundary = throughput(sandboxedHost());
console.log(
  `simulator, in process: ${thousands(local.events)} events in ${local.ms.toFixed(0)} ms (${thousands(perSecond(local))} events/s, invariants on)`,
);
console.log(
  `simulator, behind the trust boundary: ${boundary.ms.toFixed(0)} ms (${thousands(perSecond(boundary))} events/s); ${thousands(boundary.trips)} round trips, ${(((boundary.ms - local.ms) * 1000) / boundary.events).toFixed(1)} µs more per event, ${(((boundary.ms - local.ms) * 1000) / boundary.trips).toFixed(1)} µs per round trip`,
);
console.log(
  `grade chapters 1–2 of the reference: ${timeGrade(["--impl", "solutions", "--chapter", "1", "--chapter", "2"]).toFixed(0)} ms wall (median of ${ROUNDS})`,
);
console.log(
  `grade every chapter of the reference: ${timeGrade(["--impl", "solutions"]).toFixed(0)} ms wall (median of ${ROUNDS})`,
);
