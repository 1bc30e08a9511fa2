import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { NodeId } from "../contract";
import { HostStopped, type HostItem, type ItemResult, type NodeHost } from "../sim/host-protocol";
import type { LaneHost, LaneWork } from "../sim/lanes";
import { hostBundle, type LearnerBundle } from "./bundle";
import type { InitRequest } from "./compartment";
import { PipeClosed, readFrame, writeFrame } from "./frames";
import { decodeResult, encodeItem, encodeLanes } from "./wire";

/** Time to start the learner's process and evaluate its modules once, even on a busy machine. */
const INIT_BUDGET_MS = 60_000;
/** Heap of the learner's process: node code that allocates without end dies there, alone. */
export const HOST_HEAP_MB = 512;

/** Every learner process still running: killed when the grading process exits, before anything reads its results. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/**
 * Run as root (as Gradescope does), the learner's process also drops to an unprivileged user,
 * so that even an escape from the permission model could not write the grader or the results.
 */
function unprivileged(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = Number(process.env.RAFT_SANDBOX_UID ?? 65534);
  return { uid: id, gid: Number(process.env.RAFT_SANDBOX_GID ?? id) };
}

/** The host's own modules, written once per grading process where the learner's process may read them. */
let hostDir: string | undefined;
function writeHostDir(): string {
  if (hostDir) return hostDir;
  const modules = hostBundle();
  const hash = crypto.createHash("sha1").update(JSON.stringify(modules)).digest("hex").slice(0, 12);
  // The permission model compares real paths: a temporary folder behind a symlink must be named by its real path.
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `raft-host-${hash}-`)));
  // Readable by the unprivileged user the learner's process may run as; writable by nobody but us.
  fs.chmodSync(dir, 0o755);
  for (const [key, code] of Object.entries(modules)) {
    fs.mkdirSync(path.join(dir, path.dirname(key)), { recursive: true });
    fs.writeFileSync(path.join(dir, `${key}.js`), code, { mode: 0o644 });
    fs.chmodSync(path.join(dir, path.dirname(key)), 0o755);
  }
  // Hardened JavaScript's self-contained build, beside the host's modules: the only files the learner's process may read.
  fs.copyFileSync(require.resolve("ses"), path.join(dir, "ses.cjs"));
  fs.chmodSync(path.join(dir, "ses.cjs"), 0o644);
  fs.writeFileSync(
    path.join(dir, "boot.js"),
    [
      '"use strict";',
      'require("./ses.cjs");',
      // Stack traces stay whole (they name the learner's lines); intrinsics are frozen before any node code runs.
      'lockdown({ errorTaming: "unsafe", stackFiltering: "verbose", consoleTaming: "unsafe", overrideTaming: "moderate" });',
      'require("./sandbox/host-main").main();',
      "",
    ].join("\n"),
    { mode: 0o644 },
  );
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  hostDir = dir;
  return dir;
}

/**
 * Node code behind the trust boundary: a separate Node process that may read only its own
 * modules and Hardened JavaScript, and may not write files, start processes or workers. The
 * simulator talks to it synchronously over two named pipes, one frame per moment of logical
 * time, and a watchdog thread kills it when a run overstays its budget.
 */
export class ProcessHost implements NodeHost, LaneHost {
  private readonly child: ChildProcess;
  private readonly toHost: number;
  private readonly fromHost: number;
  private readonly stderrFile: string;
  private readonly shared = new SharedArrayBuffer(24);
  private readonly slots = new Int32Array(this.shared, 0, 4);
  private readonly deadline = new Float64Array(this.shared, 16, 1);
  private readonly watchdog: Worker;
  private dead: HostStopped | null = null;
  /** The lanes' round trip sent and not yet answered. */
  private sent: readonly LaneWork[] | null = null;
  /** The pipes' folder, which also holds what the learner's process wrote to stderr. */
  private readonly pipes: string;

  constructor(
    bundle: LearnerBundle,
    init: Omit<InitRequest, "modules">,
    private readonly budgetMs: number,
  ) {
    const dir = writeHostDir();
    const pipes = fs.mkdtempSync(path.join(os.tmpdir(), "raft-pipes-"));
    const req = path.join(pipes, "req");
    const res = path.join(pipes, "res");
    const made = spawnSync("mkfifo", [req, res]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr?.toString() ?? made.error?.message}`);
    // Each end opened so that either process's exit closes the other's stream (see DESIGN-notes.md).
    this.toHost = fs.openSync(req, fs.constants.O_RDWR);
    const hostIn = fs.openSync(req, fs.constants.O_RDONLY);
    const resHold = fs.openSync(res, fs.constants.O_RDWR);
    const hostOut = fs.openSync(res, fs.constants.O_WRONLY);
    this.fromHost = fs.openSync(res, fs.constants.O_RDONLY);
    fs.closeSync(resHold);
    this.stderrFile = path.join(pipes, "stderr");
    const hostErr = fs.openSync(this.stderrFile, "w");
    this.child = spawn(
      process.execPath,
      [
        "--no-warnings",
        "--experimental-permission",
        `--allow-fs-read=${dir}/*`,
        `--max-old-space-size=${HOST_HEAP_MB}`,
        path.join(dir, "boot.js"),
      ],
      { stdio: [hostIn, hostOut, hostErr], env: {}, cwd: dir, ...unprivileged() },
    );
    live.add(this.child);
    this.child.once("exit", () => live.delete(this.child));
    for (const fd of [hostIn, hostOut, hostErr]) fs.closeSync(fd);
    this.pipes = pipes;
    this.slots[0] = this.child.pid ?? 0;
    this.watchdog = new Worker(path.join(__dirname, "watchdog.js"), { workerData: { buffer: this.shared } });
    this.watchdog.unref();
    this.child.unref();
    // Starting a process and compiling the modules is the grader's cost, not the run's: a budget of its own.
    this.arm(Date.now() + Math.max(budgetMs, INIT_BUDGET_MS));
    const answer = this.request({ op: "init", modules: bundle.modules, ...init }) as { error?: string };
    if (answer.error) {
      this.close();
      throw new HostStopped("refused", answer.error);
    }
  }

  startRun(seed: number, nodes: readonly NodeId[], clients: readonly string[] = []): void {
    this.arm(Date.now() + this.budgetMs);
    this.expectOk(this.request({ op: "start", seed, nodes, clients }));
  }

  exec(t: number, items: readonly HostItem[]): ItemResult[] {
    const results = this.expectOk(this.request({ op: "exec", t, items: items.map(encodeItem) })).results;
    try {
      if (!Array.isArray(results) || results.length !== items.length) throw new Error("not one result per item");
      return results.map((r: unknown) => decodeResult(r));
    } catch (err) {
      return this.malformed(err);
    }
  }

  /** The moments of many runs in one round trip (see sim/lanes.ts). */
  execLanes(work: readonly LaneWork[]): ItemResult[][] {
    this.sendLanes(work);
    return this.receiveLanes();
  }

  sendLanes(work: readonly LaneWork[]): void {
    // Many runs share a round trip, so each round trip gets the budget: a hang in any run stops it.
    this.arm(Date.now() + this.budgetMs);
    this.post({ op: "lanes", work: encodeLanes(work) });
    this.sent = work;
  }

  receiveLanes(): ItemResult[][] {
    const work = this.sent;
    this.sent = null;
    if (!work) throw new Error("receiveLanes without a round trip sent");
    const results = this.expectOk(this.answer()).results;
    try {
      if (!Array.isArray(results) || results.length !== work.length) throw new Error("not one answer per run");
      return results.map((answer: unknown, i) => {
        if (!Array.isArray(answer) || answer.length !== work[i].items.length)
          throw new Error("not one result per item");
        return answer.map(decodeResult);
      });
    } catch (err) {
      return this.malformed(err);
    }
  }

  get stopped(): boolean {
    return this.dead !== null;
  }

  close(): void {
    this.dead ??= new HostStopped("died", "closed");
    this.child.kill("SIGKILL");
    void this.watchdog.terminate();
    for (const fd of [this.toHost, this.fromHost]) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    fs.rmSync(this.pipes, { recursive: true, force: true });
  }

  /** An answer that does not fit what was asked ends this host, like a failure it reports. */
  private malformed(err: unknown): never {
    this.dead = new HostStopped(
      "died",
      `the learner's process answered with a malformed result: ${(err as Error).message}`,
    );
    this.close();
    throw this.dead;
  }

  /** An answer that reports the host's own failure ends this host: nothing it says next can be trusted. */
  private expectOk(answer: Record<string, unknown>): Record<string, unknown> {
    if (answer.error === undefined) return answer;
    this.dead = new HostStopped("died", `the learner's process failed: ${String(answer.error)}`);
    this.close();
    throw this.dead;
  }

  private arm(at: number): void {
    this.deadline[0] = at;
    Atomics.store(this.slots, 1, 1);
  }

  private request(frame: unknown): Record<string, unknown> {
    this.post(frame);
    return this.answer();
  }

  private post(frame: unknown): void {
    if (this.dead) throw this.dead;
    this.guarded(() => writeFrame(this.toHost, frame));
  }

  private answer(): Record<string, unknown> {
    if (this.dead) throw this.dead;
    return this.guarded(() => {
      const answer = readFrame(this.fromHost);
      if (!isRecord(answer)) throw new HostStopped("died", "the learner's process sent a frame that is not an object");
      return answer;
    });
  }

  /** A failure talking to the learner's process ends it: nothing it says next can be trusted. */
  private guarded<T>(talk: () => T): T {
    try {
      return talk();
    } catch (err) {
      this.dead = err instanceof HostStopped ? err : this.why(err);
      this.close();
      throw this.dead;
    }
  }

  /** Why the learner's process stopped answering, from the watchdog and what it printed last. */
  private why(err: unknown): HostStopped {
    if (Atomics.load(this.slots, 2) === 1)
      return new HostStopped("budget", `it ran past the run's budget of ${this.budgetMs / 1000} s`);
    const stderr = readTail(this.stderrFile);
    if (/heap out of memory|Allocation failed|invalid array length|invalid table size/i.test(stderr)) {
      return new HostStopped("memory", `it ran out of memory (its heap is limited to ${HOST_HEAP_MB} MB)`);
    }
    const why = err instanceof PipeClosed ? "it ended" : (err as Error).message;
    return new HostStopped("died", `${why}${stderr ? `: ${stderr.trim().split("\n").slice(-3).join(" ")}` : ""}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readTail(file: string): string {
  try {
    const text = fs.readFileSync(file, "utf8");
    return text.slice(-4000);
  } catch {
    return "";
  }
}
