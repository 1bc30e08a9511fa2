import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Prng } from "../sim/prng";
import { percentile, Workload } from "./chaos";
import { Cluster } from "./cluster";
import { HistoryRecorder } from "./history";
import { descendants, residentBytes } from "./processes";

export interface ClusterFigures {
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Resident memory of each node: its process and the sandbox process that hosts its code, in MB. */
  readonly nodeRssMb: number[];
}

/** The reference on loopback under `clients` clients and no faults, for `seconds`. */
export async function benchCluster(
  implRoot: string,
  nodes: number,
  clients: number,
  seconds: number,
): Promise<ClusterFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "raft-bench-cluster-"));
  const cluster = await Cluster.start({
    implRoot,
    implArg: "solutions",
    nodes,
    dataDir,
    seed: 1,
    tickMs: 15,
    storage: "durable",
    log: () => {},
  });
  const workload = new Workload(cluster, new HistoryRecorder(), new Prng(1, "bench"));
  let nodeRssMb: number[] = [];
  try {
    const start = performance.now();
    const until = Date.now() + seconds * 1_000;
    // Memory is read halfway, once the nodes hold a log of some length.
    const sample = new Promise<void>((resolve) =>
      setTimeout(
        () => {
          nodeRssMb = cluster
            .pids()
            .map((pid) => [pid, ...descendants(pid)].reduce((sum, p) => sum + residentBytes(p), 0) / 2 ** 20);
          resolve();
        },
        (seconds * 1_000) / 2,
      ),
    );
    await Promise.all([sample, ...Array.from({ length: clients }, () => workload.client(until))]);
    const elapsed = (performance.now() - start) / 1_000;
    const sorted = [...workload.latencies].sort((a, b) => a - b);
    return {
      opsPerSecond: sorted.length / elapsed,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      nodeRssMb,
    };
  } finally {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Run as a script (by npm run bench, which is synchronous): one cluster's figures as JSON on stdout. */
if (require.main === module) {
  const nodes = Number(process.argv[process.argv.indexOf("--nodes") + 1]) || 3;
  benchCluster(path.resolve(__dirname, "../../solutions"), nodes, 5, 10).then(
    (figures) => {
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
