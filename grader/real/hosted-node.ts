import * as crypto from "node:crypto";
import * as path from "node:path";
import { chapterInfo } from "../chapters/registry";
import type { ClientReply, Message, NodeId, Role } from "../contract";
import { bundleImplementation, type LearnerBundle } from "../sandbox/bundle";
import { ProcessHost } from "../sandbox/process-host";
import { HostStopped, type HostFault, type HostItem, type ItemResult, type NodeInput } from "../sim/host-protocol";
import { ContractError } from "../sim/errors";
import { validateMessage, validateReply } from "../sim/messages";
import { MemoryStorage } from "../sim/storage";
import type { StorageFiles } from "./file-storage";

/** The chapter whose node class a real cluster runs: the key-value store. */
const CHAPTER = 6;
/** Time one round trip of node code may take before its process is stopped from outside. */
const CALL_BUDGET_MS = 5_000;
/** Pause before booting again a node whose constructor threw, so a node that always throws does not spin. */
const REBOOT_PAUSE_MS = 1_000;

export interface HostedNodeOptions {
  readonly id: NodeId;
  readonly nodes: readonly NodeId[];
  readonly implRoot: string;
  /** The implementation folder as the user named it, for the file names in stack traces. */
  readonly implArg: string;
  /** The seed of this process's env.random() stream. */
  readonly seed: number;
  readonly log: (line: string) => void;
}

/** What a batch of inputs made the node hand to the outside world, every write it depends on already synced. */
export interface Outputs {
  readonly sent: { readonly to: NodeId; readonly msg: Message }[];
  readonly replies: ClientReply[];
}

/** A node's public state, for `npm run cluster -- status`. */
export interface NodeStatus {
  readonly role: Role | "down";
  readonly term: number;
  readonly lastIndex: number;
  readonly commitIndex: number;
  readonly lastApplied: number;
}

/**
 * One node of the chapter-6 class behind the grader's trust boundary (the sandbox's process
 * host), over storage in files. Its outputs are checked as the simulator checks them, and let
 * out only once the writes they depend on are durable. A node whose code throws is booted again
 * from its files; a process that stops answering is replaced.
 */
export class HostedNode {
  private readonly bundle: LearnerBundle;
  private readonly guard = `__raftLoopGuard_${crypto.randomBytes(8).toString("hex")}`;
  private host: ProcessHost | null = null;
  private started = false;
  /** The trusted copy of the node's storage: every write the node reports is checked against it first. */
  private readonly mirror: MemoryStorage;
  private booted = false;
  private ticks = 0;
  private view: { role: Role; commitIndex: number } = { role: "follower", commitIndex: 0 };
  private lastApplied = 0;

  constructor(
    private readonly options: HostedNodeOptions,
    private readonly storage: StorageFiles,
  ) {
    this.mirror = new MemoryStorage(storage.recovered);
    this.bundle = bundleImplementation(options.implRoot, options.implArg, this.guard);
    this.boot();
  }

  status(): NodeStatus {
    return {
      role: this.booted ? this.view.role : "down",
      term: this.mirror.currentTerm,
      lastIndex: this.mirror.log.lastIndex(),
      commitIndex: this.view.commitIndex,
      lastApplied: this.lastApplied,
    };
  }

  /** Runs the inputs in order, in one round trip; returns what may now leave the process. */
  run(inputs: readonly NodeInput[]): Outputs {
    const out: Outputs = { sent: [], replies: [] };
    if (!this.booted || inputs.length === 0) return out;
    for (const input of inputs) if (input.kind === "tick") this.ticks++;
    const results = this.exec(inputs.map((input): HostItem => ({ op: "call", node: this.options.id, input })));
    for (const [i, res] of (results ?? []).entries()) {
      const fault = this.absorb(res, out);
      if (fault) {
        // The node is gone with its in-memory state: what it had not let out is lost, as in a crash.
        this.options.log(`${describe(fault)} while handling ${inputs[i].kind}; restarting it from its files`);
        out.sent.length = 0;
        out.replies.length = 0;
        this.booted = false;
        this.exec([{ op: "crash", node: this.options.id }]);
        this.boot();
        break;
      }
    }
    this.storage.sync();
    return out;
  }

  close(): void {
    this.host?.close();
    this.storage.close();
  }

  private boot(): void {
    this.view = { role: "follower", commitIndex: 0 };
    this.lastApplied = 0;
    const res = this.exec([{ op: "boot", node: this.options.id, storage: this.mirror.state() }]);
    const fault = res && this.absorb(res[0], { sent: [], replies: [] });
    this.storage.sync();
    if (res && !fault) {
      this.booted = true;
      return;
    }
    if (fault) this.options.log(`${describe(fault)} while starting; starting it again in ${REBOOT_PAUSE_MS} ms`);
    setTimeout(() => this.boot(), REBOOT_PAUSE_MS).unref();
  }

  /** One round trip to the learner's process; null when it stopped (it is replaced, and the node booted again). */
  private exec(items: readonly HostItem[]): ItemResult[] | null {
    try {
      const host = (this.host ??= this.startHost());
      const start = this.started ? {} : { start: { seed: this.options.seed, nodes: this.options.nodes } };
      this.started = true;
      return host.execLanes([{ lane: 0, t: this.ticks, items, ...start }])[0];
    } catch (err) {
      if (!(err instanceof HostStopped)) throw err;
      this.options.log(`the node's process stopped (${err.reason}: ${err.detail}); starting a new one`);
      this.host = null;
      this.started = false;
      if (items.some((item) => item.op !== "boot")) {
        this.booted = false;
        this.boot();
      }
      return null;
    }
  }

  private startHost(): ProcessHost {
    const info = chapterInfo(CHAPTER);
    const entry = `impl/${info.file.replace(/\.ts$/, "")}`;
    if (!this.bundle.modules[entry]) throw new Error(`${path.join(this.options.implArg, info.file)} does not exist`);
    const clients = info.clientClassName === undefined ? {} : { clientClassName: info.clientClassName };
    return new ProcessHost(
      this.bundle,
      { entry, className: info.className, ...clients, guard: this.guard },
      CALL_BUDGET_MS,
    );
  }

  /**
   * Takes in one item's result, untrusted: storage writes are checked against the mirror before
   * they reach the files, messages and replies as the simulator checks them. Returns the fault
   * that ends this incarnation, if any.
   */
  private absorb(res: ItemResult, out: Outputs): HostFault | null {
    try {
      // Writes made before a throw were made: they stay, as they would on a disk.
      for (const op of res.storage ?? []) {
        this.mirror.applyWrites([op]);
        this.storage.write([op]);
      }
      if (res.fault) return res.fault;
      for (const line of res.printed ?? []) this.options.log(`note: ${String(line)}`);
      for (const s of res.sent ?? []) {
        const to = String(s.to);
        if (to === this.options.id || !this.options.nodes.includes(to))
          throw new ContractError(`env.send(${JSON.stringify(to)}, …): there is no such peer`);
        out.sent.push({ to, msg: validateMessage(s.msg) });
      }
      for (const r of res.replies ?? []) out.replies.push(validateReply(r));
      for (const a of res.applied ?? []) this.lastApplied = Math.max(this.lastApplied, Number(a.index));
      if (res.role !== undefined) this.view = { role: res.role, commitIndex: Number(res.commitIndex ?? 0) };
      return null;
    } catch (err) {
      return { name: (err as Error).name, message: (err as Error).message };
    }
  }
}

function describe(fault: HostFault): string {
  const where = fault.stack?.split("\n").find((l) => /^\s+at /.test(l));
  return `the node threw ${fault.name}: ${fault.message}${where ? ` (${where.trim()})` : ""}`;
}
