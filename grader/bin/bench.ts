import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { chaos } from "../chapters/ch2/scenarios";
import { registerContractAlias } from "../runtime/alias";
import { runScenario } from "../sim/cluster";
import type { NodeClass } from "../contract";

/** Measures what the workbook promises about speed; prints figures, asserts nothing. */
const ROOT = path.resolve(__dirname, "../..");
const ROUNDS = 3;

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

function simulatorThroughput(): { events: number; ms: number } {
  registerContractAlias();
  const info = CHAPTERS.find((c) => c.number === 2)!;
  const nodeClass = (require(path.join(ROOT, "solutions", info.file)) as Record<string, NodeClass>)[info.className];
  let events = 0;
  const start = process.hrtime.bigint();
  for (let seed = 1; seed <= 2000; seed++)
    events += runScenario({ scenario: chaos(seed), nodeClass, seed, invariants: info.invariants }).events;
  return { events, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

const sim = simulatorThroughput();
console.log(
  `simulator: ${sim.events.toLocaleString("en-US")} events in ${sim.ms.toFixed(0)} ms (${Math.round(sim.events / (sim.ms / 1000)).toLocaleString("en-US")} events/s, invariants on)`,
);
console.log(
  `grade chapters 1–2 of the reference: ${timeGrade(["--impl", "solutions", "--chapter", "1", "--chapter", "2"]).toFixed(0)} ms wall (median of ${ROUNDS})`,
);
console.log(
  `grade every chapter of the reference: ${timeGrade(["--impl", "solutions"]).toFixed(0)} ms wall (median of ${ROUNDS})`,
);
