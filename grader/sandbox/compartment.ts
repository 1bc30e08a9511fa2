import type { ClientEnv, Env, KvClientLike, RaftNode } from "../contract";
import { ContractError, DeterminismError, WatchdogError } from "../sim/errors";
import type { CallGuard, ClientFactory, NodeFactory } from "../sim/host-core";
import type { BundledModule } from "./bundle";

/** Hardened JavaScript's globals, present once lockdown() has run in the host process. */
declare const harden: <T>(value: T) => T;
declare class Compartment {
  constructor(options: { globals: Record<string, unknown>; __options__: true });
  readonly globalThis: Record<string, unknown>;
  evaluate(source: string): unknown;
}

export interface InitRequest {
  readonly modules: Readonly<Record<string, BundledModule>>;
  /** The module holding the node class, e.g. "impl/ch2-prevlog". */
  readonly entry: string;
  readonly className: string;
  /** The client class the same module exports (chapter 6), when the chapter has clients. */
  readonly clientClassName?: string;
  /** The loop guard's name in the transpiled code: unguessable, so node code cannot replace it. */
  readonly guard: string;
  /**
   * The mutant StrykerJS switches on ("" for none), when the workbook's mutation test grades the
   * reference (npm run mutation): its instrumented code looks for it on the global object.
   */
  readonly activeMutant?: string;
  /**
   * Evaluate the learner's modules once, frozen, for every node (the bundle is state-free, see
   * state-free.ts), instead of afresh for each node.
   */
  readonly shared?: boolean;
}

/** Iterations one call of node code may run through guarded loops. */
const LOOP_LIMIT = 1_000_000;

/** Modules whose only uses in node code would be time, timers or randomness. */
const NONDETERMINISTIC = new Set(["timers", "timers/promises", "crypto", "perf_hooks", "worker_threads"]);

/**
 * The guards of one call of node code: a loop budget, and a slot for the first fault a guard
 * raised, so that node code which catches the error still fails.
 */
class GuardState implements CallGuard {
  iterations = 0;
  fault: Error | null = null;
  printed: string[] | null = null;

  run(fn: () => void, printed: string[]): unknown {
    this.iterations = 0;
    this.fault = null;
    this.printed = printed;
    try {
      fn();
    } catch (err) {
      return this.fault ?? err;
    } finally {
      this.printed = null;
    }
    return this.fault;
  }

  raise(err: Error): never {
    this.fault ??= err;
    throw err;
  }
}

/**
 * Builds nodes from the learner's modules in a Compartment whose globals and intrinsics are
 * frozen, evaluating every module afresh for each node: two nodes, or two runs, can share
 * nothing through module state or globals.
 */
export function compartmentHost(init: InitRequest): {
  factory: NodeFactory;
  clientFactory?: ClientFactory;
  guard: CallGuard;
} {
  const state = new GuardState();
  const sharing = init.shared === true;
  const guardFn = harden(
    Object.assign(
      (where: string) => {
        if (++state.iterations > LOOP_LIMIT) state.raise(new WatchdogError(where, LOOP_LIMIT));
      },
      // A state-free module hands over its own top-level values once evaluated; shared, they are frozen.
      { seal: (values: readonly unknown[]) => (sharing ? values.forEach((v) => harden(v)) : undefined) },
    ),
  );
  // One compartment for the learner's code, its global object frozen like the intrinsics: no
  // node can leave anything there for another. Each module is compiled once, as a function;
  // calling that function again evaluates the module afresh, with module state of its own
  // (unless the bundle is state-free and shared: then the first evaluation, frozen, serves all).
  const compartment = new Compartment({ globals: endowments(state), __options__: true });
  if (init.activeMutant !== undefined) switchMutant(compartment.globalThis, init.activeMutant);
  harden(compartment.globalThis);
  const compiled = new Map<string, ModuleFunction>();
  const compile = (key: string): ModuleFunction => {
    let fn = compiled.get(key);
    if (!fn) {
      const mod = init.modules[key];
      fn = harden(
        compartment.evaluate(
          `(function (exports, require, module, ${init.guard}) {${mod.code}\n})\n//# sourceURL=${mod.label}`,
        ) as ModuleFunction,
      );
      compiled.set(key, fn);
    }
    return fn;
  };

  const resolved = new Map<string, string>();
  const resolveOnce = (from: string, spec: string): string => {
    const id = `${from}\0${spec}`;
    let key = resolved.get(id);
    if (key === undefined) resolved.set(id, (key = resolve(init, from, spec)));
    return key;
  };
  /** Evaluates `key` and what it imports into `cache`; `shared` holds modules evaluated once, frozen. */
  const evaluateInto = (
    cache: Map<string, { exports: Record<string, unknown> }>,
    key: string,
  ): Record<string, unknown> => {
    const cached = cache.get(key) ?? shared.get(key);
    if (cached) return cached.exports;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(key, module);
    // A plain freeze suffices: an arrow function has no prototype, and Function.prototype is frozen.
    const require = Object.freeze((spec: string) => evaluateInto(cache, resolveOnce(key, spec)));
    compile(key)(module.exports, require, module, guardFn);
    // Shared by every node, a module's exports are frozen like its top-level values.
    if (sharing && key.startsWith("impl/")) harden(module);
    return module.exports;
  };
  // The contract (NodeBase and its helpers) is the grader's code: evaluated once and frozen, it
  // holds nothing a node could use to reach another, and each node need not pay for it again.
  const shared = new Map<string, { exports: Record<string, unknown> }>();
  const contract = new Map<string, { exports: Record<string, unknown> }>();
  evaluateInto(contract, "contract/index");
  for (const [key, module] of contract) shared.set(key, { exports: harden(module.exports) });

  /** The entry module's exports, from a fresh evaluation of it and every learner module it imports. */
  const load = (): Record<string, unknown> => evaluateInto(new Map(), init.entry);

  const classOf = <T>(exports: Record<string, unknown>, name: string): T => {
    const cls = exports[name];
    if (typeof cls !== "function") {
      throw new ContractError(`${init.modules[init.entry].label} must export the class ${name}`);
    }
    return cls as T;
  };
  type NodeCls = new (env: Env) => RaftNode;
  type ClientCls = new (env: ClientEnv) => KvClientLike;
  const first = load();
  refuseAsyncMethods(classOf(first, init.className), init.className);
  const clientName = init.clientClassName;
  if (clientName !== undefined) refuseAsyncMethods(classOf(first, clientName), clientName);
  const exportsFor = sharing ? () => first : load;
  return {
    factory: (env) => new (classOf<NodeCls>(exportsFor(), init.className))(env),
    // A client's modules are evaluated like a node's (afresh, or shared and frozen): it shares nothing with the nodes it talks to.
    clientFactory:
      clientName === undefined ? undefined : (env) => new (classOf<ClientCls>(exportsFor(), clientName))(env),
    guard: state,
  };
}

type ModuleFunction = (exports: unknown, require: unknown, module: unknown, guard: unknown) => void;

/**
 * Node code never gets to run a promise's continuation (nothing drains the job queue between
 * calls), so an async handler would silently stop at its first await: refuse it up front.
 */
function refuseAsyncMethods(cls: unknown, className: string): void {
  const asyncKinds = [async function () {}, async function* () {}].map((f) => Object.getPrototypeOf(f));
  for (
    let proto = (cls as { prototype?: object }).prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (typeof d.value === "function" && asyncKinds.includes(Object.getPrototypeOf(d.value))) {
        throw new ContractError(
          `${className}'s method ${name} is async: node code is synchronous (no async handlers, no await); each call must finish its work before it returns`,
        );
      }
    }
  }
}

/** Where `spec`, required from module `from`, lives in the bundle. Only the learner's files and the contract are there. */
function resolve(init: InitRequest, from: string, spec: string): string {
  if (spec === "@raft/contract") return "contract/index";
  if (spec.startsWith("./") || spec.startsWith("../")) {
    const parts = from.split("/").slice(0, -1);
    for (const part of spec.replace(/\.(ts|js)$/, "").split("/")) {
      if (part === "..") {
        if (parts.length > 1) parts.pop();
      } else if (part !== ".") parts.push(part);
    }
    const key = parts.join("/");
    for (const candidate of [key, `${key}/index`]) if (init.modules[candidate]) return candidate;
    throw new ContractError(`${init.modules[from]?.label ?? from} imports "${spec}", which is not a file of it`);
  }
  const name = spec.replace(/^node:/, "");
  if (NONDETERMINISTIC.has(name)) throw new DeterminismError(`require("${spec}")`);
  throw new ContractError(
    `${init.modules[from]?.label ?? from} imports "${spec}": node code may import only its own files and @raft/contract`,
  );
}

/** The globals a compartment sees beyond the frozen intrinsics: what node code may print with, and traps. */
function endowments(state: GuardState): Record<string, unknown> {
  const trap = (name: string) => () => state.raise(new DeterminismError(name));
  const print = (...args: unknown[]) => {
    state.printed?.push(args.map(format).join(" "));
  };
  const math: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(Math)) math[key] = (Math as unknown as Record<string, unknown>)[key];
  math.random = trap("Math.random()");
  class TrappedDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) state.raise(new DeterminismError("new Date()"));
      super(...(args as [number]));
    }
    static override now(): number {
      return state.raise(new DeterminismError("Date.now()"));
    }
  }
  const denied = (refuse: () => Error) => new Proxy({}, { get: () => state.raise(refuse()) });
  const noProcess = () =>
    new ContractError(
      "node code has no process: it runs sandboxed, and acts only through its env (env.send, env.reply, …)",
    );
  return {
    console: { log: print, info: print, warn: print, error: print, debug: print },
    Math: math,
    Date: TrappedDate,
    setTimeout: trap("setTimeout()"),
    setInterval: trap("setInterval()"),
    setImmediate: trap("setImmediate()"),
    queueMicrotask: trap("queueMicrotask()"),
    performance: denied(() => new DeterminismError("performance")),
    crypto: denied(() => new DeterminismError("crypto")),
    Atomics: denied(() => new DeterminismError("Atomics")),
    process: denied(noProcess),
  };
}

/**
 * Stryker's instrumented code reads the active mutant from `globalThis.__stryker__` and counts
 * what it covers there, so that object must stay writable on a frozen global object: a getter
 * (frozen with it) hands out an object that hardening never reaches. Only the workbook's
 * mutation test of the reference asks for it (npm run mutation); a grading never does.
 */
function switchMutant(global: object, activeMutant: string): void {
  const namespace = { activeMutant };
  Object.defineProperty(global, "__stryker__", { get: () => namespace });
}

/** Formats a printed value without trusting it: a getter may throw, a value may be cyclic or a BigInt. */
function format(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return "(a value that cannot be printed)";
    }
  }
}
