import * as crypto from "node:crypto";
import * as path from "node:path";
import { DEFAULT_TICK_MS, implFolder, nodeCount, parseFlags, runCommand, storageKind, UsageError } from "./args";
import { FAULTS, runChaos, type ChaosReport } from "./chaos";

function print(r: ChaosReport): void {
  const rows: [string, string][] = [
    ["operations completed", `${r.ops} (${r.opsPerSecond.toFixed(1)} ops/s)`],
    ["latency p50 / p99", `${r.p50Ms.toFixed(1)} ms / ${r.p99Ms.toFixed(1)} ms`],
    [
      "kills / restarts",
      `${r.kills} / ${r.restarts}${r.powerLosses ? ` (${r.powerLosses} of them power losses)` : ""}`,
    ],
    ["partitions", String(r.partitions)],
    ["history", r.historyFile],
    ["verdict", r.verdict === "not-linearizable" ? "not linearizable" : r.verdict],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
  if (r.explanation) process.stdout.write(`\n${r.explanation}\n`);
}

runCommand(async (argv) => {
  const { flags, words } = parseFlags(argv, {
    seconds: "number",
    clients: "number",
    nodes: "number",
    seed: "number",
    impl: "string",
    "tick-ms": "number",
    storage: "string",
    "power-loss": "flag",
    history: "string",
  });
  if (words.length > 0)
    throw new UsageError(
      `unexpected ${words.join(" ")}; usage: npm run cluster:chaos -- [--seconds 30] [--clients 5] [--nodes 5] [--power-loss]`,
    );
  const seed = flags.seed ?? crypto.randomInt(2 ** 31);
  const clients = flags.clients ?? 5;
  if (clients < 1) throw new UsageError("--clients: at least one client");
  const report = await runChaos({
    ...implFolder(flags.impl),
    nodes: nodeCount(flags.nodes ?? 5),
    clients,
    seconds: flags.seconds ?? 30,
    seed,
    tickMs: flags["tick-ms"] || DEFAULT_TICK_MS,
    storage: storageKind(flags.storage),
    powerLoss: flags["power-loss"] === true,
    faults: FAULTS,
    historyFile: flags.history ?? path.join("traces", `chaos-${seed}.txt`),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  print(report);
  return report.verdict === "linearizable" ? 0 : 1;
});
