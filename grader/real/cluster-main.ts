import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_TICK_MS, implFolder, nodeCount, parseFlags, runCommand, storageKind, UsageError } from "./args";
import { Cluster, clusterStatus } from "./cluster";
import { clearCurrent, CURRENT_FILE, readCurrent, writeCurrent } from "./current";

const USAGE =
  "usage: npm run cluster -- [--impl DIR] [--nodes 3|5] [--data DIR] [--seed N] [--tick-ms N] | npm run cluster -- status";

/** What a data folder says of the cluster that made it, so that it is resumed with as many nodes. */
const META_FILE = "cluster.json";

/** A folder given with --data is resumed (or made); without one, a fresh folder is made. */
function dataFolder(arg: string | undefined, nodes: number): string {
  const dir = arg === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), "raft-data-")) : path.resolve(arg);
  fs.mkdirSync(dir, { recursive: true });
  const meta = path.join(dir, META_FILE);
  if (fs.existsSync(meta)) {
    const had = (JSON.parse(fs.readFileSync(meta, "utf8")) as { nodes: number }).nodes;
    if (had !== nodes)
      throw new UsageError(`--data ${arg}: it holds a cluster of ${had} nodes; start it with --nodes ${had}`);
  } else fs.writeFileSync(meta, JSON.stringify({ nodes }));
  return dir;
}

async function printStatus(): Promise<number> {
  const current = readCurrent();
  if (current === null)
    throw new UsageError(`no cluster running (${CURRENT_FILE} does not exist; start one with npm run cluster)`);
  const answers = await clusterStatus(current.ports);
  const rows = [["node", "port", "role", "term", "last index", "commit index", "last applied"]];
  for (const [id, port] of Object.entries(current.ports)) {
    const s = answers.find((a) => a.id === id);
    rows.push(
      s
        ? [id, String(port), s.role, String(s.term), String(s.lastIndex), String(s.commitIndex), String(s.lastApplied)]
        : [id, String(port), "no answer", "", "", "", ""],
    );
  }
  const width = (i: number) => Math.max(...rows.map((r) => r[i].length));
  for (const r of rows)
    process.stdout.write(
      `${r
        .map((c, i) => c.padEnd(width(i)))
        .join("  ")
        .trimEnd()}\n`,
    );
  if (answers.length === 0) {
    process.stderr.write(
      `no node answered on ${Object.values(current.ports)
        .map((p) => `127.0.0.1:${p}`)
        .join(", ")}\n`,
    );
    return 2;
  }
  return 0;
}

runCommand(async (argv) => {
  const { flags, words } = parseFlags(argv, {
    impl: "string",
    nodes: "number",
    data: "string",
    seed: "number",
    "tick-ms": "number",
    storage: "string",
  });
  if (words[0] === "status" && words.length === 1) return printStatus();
  if (words.length > 0) throw new UsageError(`unknown command ${words.join(" ")}; ${USAGE}`);
  const nodes = nodeCount(flags.nodes);
  const dataDir = dataFolder(flags.data, nodes);
  const cluster = await Cluster.start({
    ...implFolder(flags.impl),
    nodes,
    dataDir,
    seed: flags.seed ?? crypto.randomInt(2 ** 31),
    tickMs: flags["tick-ms"] || DEFAULT_TICK_MS,
    storage: storageKind(flags.storage),
    log: (line) => process.stdout.write(`${line}\n`),
  }).catch((err: Error) => {
    throw new UsageError(`the cluster did not start: ${err.message}`);
  });
  writeCurrent({ pid: process.pid, dataDir, ports: cluster.ports });
  process.stdout.write(
    "running: npm run kv -- put K V | get K | append K V; npm run cluster -- status; Ctrl-C stops every node\n",
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.stdout.write("stopping the nodes\n");
  await cluster.stop();
  clearCurrent(process.pid);
  return 0;
});
