import * as path from "node:path";
import { chapterInfo } from "../chapters/registry";
import type { KvClientClass, KvOp, NodeClass } from "../contract";
import { registerContractAlias } from "../runtime/alias";
import { RELIABLE, type Scenario } from "../scenarios/types";
import { runScenario } from "../sim/cluster";
import { LocalHost } from "../sim/local-host";
const ROOT = path.resolve(__dirname, "../..");
function reference<T>(chapter: number, className: string): T {
  registerContractAlias();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(ROOT, "solutions", chapterInfo(chapter).file)) as Record<string, T>)[className];
}
const info = chapterInfo(6);
const T = 10000;
const ops = Array.from({ length: T }, (_, i): KvOp => ({ op: "put", key: `k${i % 8}`, value: `${i}` }));
const scenario: Scenario = { id: "b", title: "b", nodes: ["N1", "N2", "N3", "N4", "N5"], network: RELIABLE, schedule: [], clients: [{ id: "c1", ops }], until: T };
const nodeClass = reference<NodeClass>(6, info.className);
const clientClass = reference<KvClientClass>(6, info.clientClassName ?? "KvClient");
for (let r = 0; r < Number(process.env.ROUNDS ?? 5); r++) {
  const s = process.hrtime.bigint();
  const run = runScenario({ scenario, host: new LocalHost(nodeClass, clientClass), seed: 1, invariants: process.env.NOINV ? [] : info.invariants, maxEvents: Infinity });
  const ms = Number(process.hrtime.bigint() - s) / 1e6;
  console.log(`${ms.toFixed(0)} ms, ${run.events} events, ${((T * 15) / ms).toFixed(0)}x`);
}
