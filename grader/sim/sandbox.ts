import { DeterminismError, WatchdogError } from "./errors";

/**
 * Runs learner code under guards, and catches what it prints. The loop guard is called from every loop body of the
 * learner's files (the grader's transform inserts the call), so a loop that never ends becomes
 * an error naming its line instead of a hung grader. The determinism guard swaps the ambient
 * sources of time, randomness and control for traps while node code runs.
 */

const LOOP_LIMIT = 1_000_000;

let iterations = 0;
let fault: Error | null = null;

function loopGuard(where: string): void {
  if (++iterations > LOOP_LIMIT) {
    fault ??= new WatchdogError(where, LOOP_LIMIT);
    throw fault;
  }
}

(globalThis as Record<string, unknown>).__raftLoopGuard = loopGuard;

type Patch = { target: Record<string, unknown>; key: string; name: string };

const PATCHES: Patch[] = [
  { target: Math as unknown as Record<string, unknown>, key: "random", name: "Math.random()" },
  { target: Date as unknown as Record<string, unknown>, key: "now", name: "Date.now()" },
  { target: globalThis as unknown as Record<string, unknown>, key: "setTimeout", name: "setTimeout()" },
  { target: globalThis as unknown as Record<string, unknown>, key: "setInterval", name: "setInterval()" },
  { target: globalThis as unknown as Record<string, unknown>, key: "setImmediate", name: "setImmediate()" },
  { target: globalThis as unknown as Record<string, unknown>, key: "queueMicrotask", name: "queueMicrotask()" },
  { target: process as unknown as Record<string, unknown>, key: "exit", name: "process.exit()" },
  { target: process as unknown as Record<string, unknown>, key: "hrtime", name: "process.hrtime()" },
  { target: performance as unknown as Record<string, unknown>, key: "now", name: "performance.now()" },
];

const traps = PATCHES.map((p) => () => {
  const err = new DeterminismError(p.name);
  fault ??= err;
  throw err;
});

/** What node code printed with console.*, until the simulator collects it. */
const printed: string[] = [];
const CONSOLE_KEYS = ["log", "info", "warn", "error", "debug"] as const;
const consoleTarget = console as unknown as Record<string, unknown>;
const consoleTrap = (...args: unknown[]): void => {
  printed.push(args.map((a) => (typeof a === "string" ? a : safeFormat(a))).join(" "));
};

function safeFormat(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Hands over (and forgets) what node code printed since the last call. */
export function takePrinted(): string[] {
  return printed.splice(0, printed.length);
}

let depth = 0;
let savedConsole: unknown[] = [];
let saved: unknown[] = [];

/**
 * Runs `fn` (a whole simulation) with the determinism traps in place. Installing them once
 * per run rather than per node call keeps the cost out of the event loop; the simulator
 * itself never reads the clock or Math.random.
 */
export function guarded<T>(fn: () => T): T {
  if (depth++ === 0) {
    saved = PATCHES.map((p) => p.target[p.key]);
    PATCHES.forEach((p, i) => (p.target[p.key] = traps[i]));
    savedConsole = CONSOLE_KEYS.map((k) => consoleTarget[k]);
    CONSOLE_KEYS.forEach((k) => (consoleTarget[k] = consoleTrap));
  }
  try {
    return fn();
  } finally {
    if (--depth === 0) {
      PATCHES.forEach((p, i) => (p.target[p.key] = saved[i]));
      CONSOLE_KEYS.forEach((k, i) => (consoleTarget[k] = savedConsole[i]));
      printed.length = 0;
    }
  }
}

/**
 * Calls `fn` (which runs node code) with a fresh loop budget. An error the node code caught
 * and swallowed is thrown again afterwards, so a guard can never be silenced.
 */
export function sandboxed(fn: () => void): void {
  iterations = 0;
  fault = null;
  guarded(fn);
  if (fault) throw fault;
}
