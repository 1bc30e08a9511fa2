import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { KvOp, NodeId } from "../contract";
import { checkKv } from "../lincheck/check";
import { parseKv } from "../lincheck/parse-kv";
import { Prng } from "../sim/prng";
import { RealKvClient, Unavailable } from "./client";
import { Cluster } from "./cluster";
import { HistoryRecorder } from "./history";
import { describeLostWrite, findLostWrite } from "./lost-write";
import type { StorageKind } from "./zoo-storage";

/** What the nemesis may do; a run picks among those it is given. */
export const FAULTS = ["kill", "partition", "crash-all"] as const;
export type Fault = (typeof FAULTS)[number];

export interface ChaosOptions {
  readonly implRoot: string;
  readonly implArg: string;
  readonly nodes: number;
  readonly clients: number;
  readonly seconds: number;
  readonly seed: number;
  readonly tickMs: number;
  readonly storage: StorageKind;
  /** Whether a crash may also be a power loss: the crashed nodes' files cut back to what they had fsync'd. */
  readonly powerLoss: boolean;
  readonly faults: readonly Fault[];
  readonly historyFile: string;
  readonly log: (line: string) => void;
}

export interface ChaosReport {
  readonly ops: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly kills: number;
  readonly restarts: number;
  readonly powerLosses: number;
  readonly partitions: number;
  readonly verdict: "linearizable" | "not-linearizable" | "unknown";
  /** For a history that is not linearizable: the operations that cannot be ordered, and why. */
  readonly explanation?: string;
  readonly historyFile: string;
}

const KEYS = ["a", "b", "c", "d"];
/** A client waits this long for one node, and this long for one operation, before it gives the operation up. */
const RETRY_MS = 300;
const GIVE_UP_MS = 3_000;
const CHECK_BUDGET_MS = 30_000;
/** The checker's explanation of a long history can run to hundreds of lines: the report shows its start. */
const EXPLANATION_LINES = 25;

function firstLines(text: string, n: number): string {
  const lines = text.split("\n");
  return lines.length > n ? [...lines.slice(0, n), `… (npm run lincheck -- FILE prints all of it)`].join("\n") : text;
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Concurrent clients doing random operations on a few keys until `until`, into one history. */
export class Workload {
  readonly latencies: number[] = [];
  private nextProcess = 0;
  private ackWaiters: (() => void)[] = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly history: HistoryRecorder,
    private readonly random: Prng,
  ) {}

  /**
   * One client: an operation given up on has an unknown outcome, so the client goes on as a new
   * process of the history (with a new client id), as Jepsen's clients do.
   */
  async client(until: number): Promise<void> {
    let n = 0;
    while (Date.now() < until) {
      const process = this.nextProcess++;
      const client = new RealKvClient(`c${process}`, this.cluster.ports, { retryMs: RETRY_MS, giveUpMs: GIVE_UP_MS });
      try {
        while (Date.now() < until) {
          const key = KEYS[this.random.int(0, KEYS.length - 1)];
          const dice = this.random.next();
          const value = `[${process}.${++n}]`;
          const op: KvOp =
            dice < 0.4 ? { op: "get", key } : dice < 0.6 ? { op: "put", key, value } : { op: "append", key, value };
          if (!(await this.perform(client, process, op))) break;
        }
      } finally {
        client.close();
      }
    }
  }

  /** Whether the operation completed. */
  async perform(client: RealKvClient, process: number, op: KvOp): Promise<boolean> {
    this.history.invoke(process, op);
    const start = performance.now();
    try {
      const read = await client.invoke(op);
      this.history.ok(process, op, read);
      this.latencies.push(performance.now() - start);
      if (op.op !== "get") for (const wake of this.ackWaiters.splice(0)) wake();
      return true;
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      return false;
    }
  }

  /** Resolves when the next write is acknowledged, or after `ms` without one. */
  writeAcknowledged(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.ackWaiters.push(resolve);
      setTimeout(resolve, ms).unref();
    });
  }

  /** Every key read once more, after the faults: a write lost by a crash shows in these reads. */
  async finalReads(): Promise<void> {
    const process = this.nextProcess++;
    const client = new RealKvClient(`c${process}`, this.cluster.ports, { retryMs: RETRY_MS, giveUpMs: 4 * GIVE_UP_MS });
    try {
      for (const key of KEYS) if (!(await this.perform(client, process, { op: "get", key }))) break;
    } finally {
      client.close();
    }
  }
}

/** What the nemesis did. */
interface Tally {
  kills: number;
  restarts: number;
  powerLosses: number;
  partitions: number;
}

/** Faults one after another until `until`: crashes (kill -9, perhaps a power loss) and restarts, partitions of a pair. */
async function nemesis(
  cluster: Cluster,
  workload: Workload,
  o: ChaosOptions,
  random: Prng,
  until: number,
  tally: Tally,
): Promise<void> {
  const pick = <T>(xs: readonly T[]): T => xs[random.int(0, xs.length - 1)];
  await sleep(1_000);
  while (Date.now() < until) {
    const fault = pick(o.faults);
    if (fault === "partition") {
      const a = pick(cluster.ids);
      const b = pick(cluster.ids.filter((id) => id !== a));
      o.log(`nemesis: partition ${a} | ${b}`);
      tally.partitions++;
      await cluster.partition([a, b]);
      await sleep(random.int(500, 1_500));
      await cluster.partition(null);
    } else {
      const majority = Math.floor(o.nodes / 2) + 1;
      const victims: NodeId[] =
        fault === "crash-all"
          ? [...cluster.ids]
          : [...cluster.ids].sort(() => random.next() - 0.5).slice(0, random.next() < 0.3 ? majority : 1);
      const power = o.powerLoss && (fault === "crash-all" || random.next() < 0.5);
      // The whole cluster goes down just after a write was acknowledged: the moment a storage
      // that acknowledges what is not yet on disk is caught losing it.
      if (fault === "crash-all") await workload.writeAcknowledged(1_000);
      o.log(`nemesis: ${power ? "power loss of" : "kill -9"} ${victims.join(" ")}`);
      await Promise.all(victims.map((id) => cluster.kill(id, power)));
      tally.kills += victims.length;
      if (power) tally.powerLosses += victims.length;
      await sleep(random.int(200, 800));
      await Promise.all(victims.map((id) => cluster.restart(id)));
      tally.restarts += victims.length;
    }
    await sleep(random.int(300, 1_000));
  }
}

/** Runs a cluster under concurrent clients and faults, then checks the history it recorded for linearizability. */
export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "raft-chaos-"));
  const cluster = await Cluster.start({ ...o, dataDir });
  const history = new HistoryRecorder();
  const random = new Prng(o.seed, "chaos");
  const tally: Tally = { kills: 0, restarts: 0, powerLosses: 0, partitions: 0 };
  const workload = new Workload(cluster, history, random);
  const start = performance.now();
  try {
    const until = Date.now() + o.seconds * 1_000;
    await Promise.all([
      nemesis(cluster, workload, o, random, until, tally),
      ...Array.from({ length: o.clients }, () => workload.client(until)),
    ]);
    await workload.finalReads();
  } finally {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - start) / 1000;
  fs.mkdirSync(path.dirname(path.resolve(o.historyFile)), { recursive: true });
  fs.writeFileSync(o.historyFile, history.text());
  const ops = parseKv(history.text(), o.historyFile);
  const verdict = checkKv(ops, { budgetMs: CHECK_BUDGET_MS });
  const lost = verdict.verdict === "not-linearizable" ? findLostWrite(ops) : null;
  const sorted = [...workload.latencies].sort((a, b) => a - b);
  return {
    ops: sorted.length,
    opsPerSecond: sorted.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    ...tally,
    verdict: verdict.verdict,
    ...(verdict.verdict === "not-linearizable"
      ? { explanation: lost ? describeLostWrite(lost) : firstLines(verdict.explanation, EXPLANATION_LINES) }
      : {}),
    historyFile: o.historyFile,
  };
}
