import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { NodeId } from "../contract";
import { powerLoss } from "./file-storage";
import { ask, EXIT_CORRUPT, LOOPBACK, type FromNode, type NodeConfig } from "./protocol";
import { descendants, waitGone } from "./processes";
import type { StorageKind } from "./zoo-storage";

const ROOT = path.resolve(__dirname, "../..");
const TS_NODE = path.join(ROOT, "node_modules/ts-node/dist/bin.js");
const NODE_MAIN = path.join(__dirname, "node-main.ts");
/** Time for a node process to start, load the grader and the learner's modules, even on a busy machine. */
const START_BUDGET_MS = 60_000;

export interface ClusterOptions {
  readonly implRoot: string;
  readonly implArg: string;
  readonly nodes: number;
  /** The cluster's folder: one subfolder of files per node. Files already there are resumed. */
  readonly dataDir: string;
  readonly seed: number;
  readonly tickMs: number;
  readonly storage: StorageKind;
  /** Where the supervisor's and the nodes' lines go. */
  readonly log: (line: string) => void;
}

interface Member {
  readonly id: NodeId;
  child: ChildProcess | null;
  incarnation: number;
  /** Set while the member is down on purpose (a chaos kill): it is not restarted when it exits. */
  held: boolean;
}

/** Every node process any cluster of this process started: killed when this process ends, however it ends. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** A free port on loopback, as the OS picks it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The supervisor of a real cluster: one OS process per node on loopback, started again when it
 * ends by itself (not when chaos killed it). A node that refuses its files is not restarted.
 */
export class Cluster {
  readonly ids: readonly NodeId[];
  private readonly members = new Map<NodeId, Member>();
  private stopping = false;
  /** Where each node process's sandbox keeps its scratch files, removed when the cluster stops. */
  private readonly scratch: string;
  /** Set when a node refused to start: the reason, naming the file and offset. */
  refused: string | null = null;

  private constructor(
    private readonly options: ClusterOptions,
    readonly ports: Readonly<Record<NodeId, number>>,
  ) {
    this.ids = Object.keys(ports);
    // Readable by the unprivileged user the sandbox may run node code as (see sandbox/process-host.ts).
    this.scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "raft-cluster-")));
    fs.chmodSync(this.scratch, 0o755);
    for (const id of this.ids) this.members.set(id, { id, child: null, incarnation: 0, held: false });
  }

  static async start(options: ClusterOptions): Promise<Cluster> {
    const ports: Record<NodeId, number> = {};
    for (let i = 1; i <= options.nodes; i++) ports[`N${i}`] = await freePort();
    const cluster = new Cluster(options, ports);
    options.log(
      `cluster of ${options.nodes} on ${LOOPBACK}: ${cluster.ids.map((id) => `${id}:${ports[id]}`).join(" ")}; ` +
        `seed ${options.seed}, tick ${options.tickMs} ms, data ${options.dataDir}` +
        (options.storage === "durable" ? "" : `, storage ${options.storage}`),
    );
    try {
      await Promise.all(cluster.ids.map((id) => cluster.launch(id)));
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** The process ids of every node process running now. */
  pids(): number[] {
    return [...this.members.values()].flatMap((m) => (m.child?.pid === undefined ? [] : [m.child.pid]));
  }

  /** kill -9 of a node; with `power`, its files are then cut back to what it had fsync'd. It stays down until restart(). */
  async kill(id: NodeId, power = false): Promise<void> {
    const m = this.member(id);
    m.held = true;
    await this.end(m, "SIGKILL");
    if (power) powerLoss(this.nodeDir(id));
  }

  async restart(id: NodeId): Promise<void> {
    const m = this.member(id);
    m.held = false;
    if (m.child === null) await this.launch(id);
  }

  /** Cuts the links between a and b in the transport (both ends drop), or heals every cut with no pair. */
  async partition(pair: readonly [NodeId, NodeId] | null): Promise<void> {
    await Promise.all(
      this.ids.map((id) => {
        const peers = pair === null || !pair.includes(id) ? [] : pair.filter((p) => p !== id);
        return ask(this.ports[id], { k: "cut", peers }, 2_000).catch(() => undefined);
      }),
    );
  }

  /** Each node's answer, or null for a node that does not answer. */
  async status(): Promise<(FromNode & { k: "status" })[]> {
    return clusterStatus(this.ports);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.members.values()].map((m) => this.end(m, "SIGTERM")));
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }

  private member(id: NodeId): Member {
    const m = this.members.get(id);
    if (!m) throw new Error(`there is no node ${id}; nodes are ${this.ids.join(", ")}`);
    return m;
  }

  private nodeDir(id: NodeId): string {
    return path.join(this.options.dataDir, id);
  }

  /**
   * Ends a node's process and waits for it and the sandbox process it hosted to be gone (a
   * SIGTERM not obeyed in time becomes a SIGKILL).
   */
  private async end(m: Member, signal: NodeJS.Signals): Promise<void> {
    const child = m.child;
    if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const tree = descendants(child.pid);
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
    // A sandbox process ends when its pipe to the killed node process closes: wait for that.
    await waitGone(tree, 3_000);
  }

  /** Starts a node's process and resolves once it listens. */
  private launch(id: NodeId): Promise<void> {
    const m = this.member(id);
    const o = this.options;
    const tmp = path.join(this.scratch, `${id}.${m.incarnation}`);
    fs.mkdirSync(tmp, { mode: 0o755 });
    const config: NodeConfig = {
      id,
      ports: this.ports,
      dataDir: this.nodeDir(id),
      implRoot: o.implRoot,
      implArg: o.implArg,
      seed: o.seed,
      incarnation: m.incarnation++,
      tickMs: o.tickMs,
      storage: o.storage,
    };
    // A process group of its own, so that a Ctrl-C reaches the supervisor alone, which ends the nodes in order.
    const child = spawn(process.execPath, [TS_NODE, "--swc", NODE_MAIN, JSON.stringify(config)], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    m.child = child;
    live.add(child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${id} did not start within ${START_BUDGET_MS} ms`)),
        START_BUDGET_MS,
      );
      let lastLines: string[] = [];
      const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void): void => {
        let rest = "";
        stream.on("data", (chunk: Buffer) => {
          const parts = (rest + chunk.toString("utf8")).split("\n");
          rest = parts.pop() ?? "";
          for (const line of parts) onLine(line);
        });
      };
      lines(child.stdout, (line) => {
        o.log(`${id}: ${line}`);
        if (line.startsWith("ready on ")) {
          clearTimeout(timer);
          resolve();
        }
      });
      lines(child.stderr, (line) => {
        lastLines = [...lastLines.slice(-19), line];
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        live.delete(child);
        if (m.child === child) m.child = null;
        const how = signal ?? `exit status ${code}`;
        if (code === EXIT_CORRUPT) {
          this.refused = `${id} refused to start`;
          reject(new Error(`${id} refused its data folder`));
          return;
        }
        if (this.stopping || m.held) return reject(new Error(`${id} was stopped while starting (${how})`));
        o.log(
          `${id}: its process ended (${how})${lastLines.length ? `:\n  ${lastLines.join("\n  ")}` : ""}; starting it again`,
        );
        this.launch(id).then(resolve, reject);
      });
    });
  }
}

/** Every node's status, asked over its port; a node that does not answer is left out. */
export async function clusterStatus(ports: Readonly<Record<NodeId, number>>): Promise<(FromNode & { k: "status" })[]> {
  const answers = await Promise.all(
    Object.values(ports).map((port) => ask(port, { k: "status" }, 1_000).catch(() => null)),
  );
  return answers.filter((a): a is FromNode & { k: "status" } => a !== null && a.k === "status");
}
