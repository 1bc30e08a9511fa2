// The process that replays one graded test with the learner's code loaded by path, so that a
// debugger attached to it sees their TypeScript. Started by replay.ts, once to find where the
// failing run broke, and once more under the inspector to pause there.
import * as fs from "node:fs";
import * as inspector from "node:inspector";
import * as path from "node:path";
import type { ClientEnv, Env, KvClientClass, NodeClass, NodeId } from "../contract";
import type { GradedChapter } from "../chapters/descriptor";
import { runInProcess } from "../harness/hosts";
import { readSettings } from "../harness/settings";
import { registerContractAlias } from "../runtime/alias";
import { runScenario, type RunOptions, type RunResult } from "../sim/cluster";
import { LocalHost } from "../sim/local-host";

const ROOT = path.resolve(__dirname, "../..");

/** What replay.ts asks of this process. */
export interface ChildRequest {
  readonly testId: string;
  readonly chapter: number;
  /** Where the outcome goes (a ChildReport as JSON). */
  readonly out: string;
  /** Finding: the event to pause at instead of the failing one. */
  readonly breakAt?: number;
  /** Wait for a debugger on this port before the run, and pause before this item (as an earlier replay found it), if any. */
  readonly debug?: { readonly port: number; readonly pause?: { readonly run: number; readonly item: number } };
}

/** Where a replay pauses: before the `item`-th item handed to node code in the test's `run`-th run. */
export interface PauseTarget {
  readonly run: number;
  readonly item: number;
  readonly scenario: string;
  readonly seed: number;
  readonly event: number;
  readonly node: NodeId;
  readonly during: string;
  /** The event asked for, when it is handled by no node code and the pause comes at a later one. */
  readonly asked?: number;
}

export interface ChildReport {
  readonly passed: boolean;
  readonly message?: string;
  readonly target?: PauseTarget;
}

/** One run's items, in the order the host got them: the event each belongs to, its node and what it does. */
interface RunItems {
  readonly run: number;
  readonly scenario: string;
  readonly seed: number;
  readonly events: number[];
  readonly nodes: NodeId[];
  readonly during: string[];
  broken?: { readonly event?: number };
}

const HANDLERS = new Set<PropertyKey>(["tick", "receive", "request", "lead", "invoke"]);

class Replay {
  private runs = 0;
  /** The replay's item is next: a boot pauses in the node's class, any other item in the handler it calls. */
  private armed: "boot" | "handler" | null = null;
  last: RunItems | undefined;
  lastBroken: RunItems | undefined;

  constructor(
    private readonly implRoot: string,
    private readonly implArg: string,
    private readonly pause?: { readonly run: number; readonly item: number },
  ) {}

  run(info: GradedChapter, className: string, options: Omit<RunOptions, "host">): RunResult {
    const ordinal = ++this.runs;
    const items: RunItems = {
      run: ordinal,
      scenario: options.scenario.id,
      seed: options.seed,
      events: [],
      nodes: [],
      during: [],
    };
    const file = path.join(this.implRoot, info.file);
    const nodeClass = this.freshClass<NodeClass>(file, className, true);
    const clientClass =
      info.clientClassName === undefined ? undefined : this.freshClass<KvClientClass>(file, info.clientClassName);
    const result = runScenario({
      ...options,
      host: new LocalHost(nodeClass, clientClass),
      // One item at a time: each is known to belong to its event before node code runs.
      stepwise: true,
      beforeItem: (event, item, during) => {
        if (item.op === "crash") return;
        items.events.push(event);
        items.nodes.push(item.node);
        items.during.push(during);
        const hit = this.pause?.run === ordinal && this.pause.item === items.events.length - 1;
        this.armed = !hit ? null : item.op === "boot" ? "boot" : "handler";
      },
    });
    this.last = items;
    if (result.fault || result.violation) {
      items.broken = { event: result.fault?.event ?? result.violation?.event };
      this.lastBroken = items;
    }
    return result.fault?.stack === undefined
      ? result
      : { ...result, fault: { ...result.fault, stack: this.learnerFrames(result.fault.stack) } };
  }

  /**
   * A class whose every instance comes from a fresh evaluation of the learner's modules, as in
   * the sandbox: nodes share nothing through module state. `boots` marks the nodes' class,
   * whose construction is itself an item (a boot) the replay may pause before.
   */
  private freshClass<T>(file: string, name: string, boots = false): T {
    const load = (): new (env: never) => object => {
      for (const key of Object.keys(require.cache)) {
        if (key.startsWith(this.implRoot + path.sep)) Reflect.deleteProperty(require.cache, key);
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the implementation is loaded by path
      const cls = (require(file) as Record<string, unknown>)[name];
      if (typeof cls !== "function") throw new TypeError(`${this.label(file)} must export the class ${name}`);
      return cls as new (env: never) => object;
    };
    const watched = (instance: object) => this.watched(instance);
    const pausing = () => boots && this.take("boot");
    // Called with `new` by the host: an object returned from a constructor is what `new` gives.
    return function (env: Env | ClientEnv) {
      const Cls = load();
      if (pausing()) {
        // Paused by the replay before your node starts: step into (F11) the next line to enter its constructor.
        // eslint-disable-next-line no-debugger -- the replay exists to stop here
        debugger;
      }
      return watched(new Cls(env as never));
    } as unknown as T;
  }

  /** The node as the host sees it, its handlers pausing when the replay's item comes. */
  private watched<T extends object>(instance: T): T {
    const take = () => this.take("handler");
    return new Proxy(instance, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== "function") return value;
        if (!HANDLERS.has(key)) return value.bind(target);
        return (...args: unknown[]): unknown => {
          if (take()) {
            // Paused by the replay before the event it was asked for: step into (F11) the next
            // line to enter your node's handler (a message goes through NodeBase.receive first).
            // eslint-disable-next-line no-debugger -- the replay exists to stop here
            debugger;
          }
          return value.apply(target, args);
        };
      },
    });
  }

  private take(op: "boot" | "handler"): boolean {
    if (this.armed !== op) return false;
    this.armed = null;
    return true;
  }

  /** The stack's frames in the learner's files, named as the grade names them ("exercises/ch2-prevlog.ts:31:7"). */
  private learnerFrames(stack: string): string {
    const inside = this.implRoot + path.sep;
    return stack
      .split("\n")
      .filter((line) => line.includes(inside))
      .map((line) => line.replace(/[^()\s]+(?=:\d+:\d+\)?\s*$)/, (file) => this.label(file)))
      .join("\n");
  }

  private label(file: string): string {
    const rel = path.relative(this.implRoot, file).split(path.sep).join("/");
    return path.posix.join(this.implArg.split(path.sep).join("/"), rel);
  }
}

/** Where the replay pauses: before the item that became event `event` of `items`' run, or the first after it. */
function targetIn(items: RunItems, event: number): PauseTarget | undefined {
  let item = items.events.lastIndexOf(event);
  let asked: number | undefined;
  if (item < 0) {
    item = items.events.findIndex((e) => e > event);
    if (item < 0) return undefined;
    asked = event;
  }
  return {
    run: items.run,
    item,
    scenario: items.scenario,
    seed: items.seed,
    event: items.events[item],
    node: items.nodes[item],
    during: items.during[item],
    ...(asked === undefined ? {} : { asked }),
  };
}

/** The graded test's body, found by its id among the bodies its chapter's suite declares. */
function gradedBody(chapter: number, id: string): () => void {
  const bodies = new Map<string, () => void>();
  // The suite declares its tests with jest's global test(); here, declaring one only keeps it.
  (globalThis as { test?: unknown }).test = (title: string, body: () => void) => {
    const m = /^\[([^\]]+)\]/.exec(title);
    if (m) bodies.set(m[1], body);
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the chapter's suite is known at run time
  require(path.join(ROOT, "grader/chapters", `ch${chapter}`, "grade.test.ts"));
  const body = bodies.get(id);
  if (!body) throw new Error(`chapter ${chapter}'s suite declares no test ${id}`);
  return body;
}

function main(request: ChildRequest): void {
  registerContractAlias();
  const { implRoot, implArg } = readSettings();
  const replay = new Replay(implRoot, implArg, request.debug?.pause);
  runInProcess(replay);
  const body = gradedBody(request.chapter, request.testId);
  if (request.debug) {
    // Opened only now, and waited on: a debugger that attached earlier (--inspect) could tell
    // it to run before anyone waits, and the run would then never start.
    inspector.open(request.debug.port, "127.0.0.1", true);
  }
  let message: string | undefined;
  try {
    body();
  } catch (err) {
    message = err instanceof Error ? err.message : String(err);
  }
  const failing = replay.lastBroken ?? replay.last;
  const event = request.breakAt ?? failing?.broken?.event;
  const report: ChildReport = {
    passed: message === undefined,
    message,
    target: failing && event !== undefined ? targetIn(failing, event) : undefined,
  };
  fs.writeFileSync(request.out, JSON.stringify(report));
  // Node would otherwise wait, once the run is over, for the debugger to let go of the process.
  if (request.debug) inspector.close();
}

main(JSON.parse(process.argv[2]) as ChildRequest);
