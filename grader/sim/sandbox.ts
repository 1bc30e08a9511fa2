import { DeterminismError } from "./errors";

/**
 * Guards for node code that runs in this process — trusted code only (the reference, the
 * simulator's own tests); graded submissions run behind the trust boundary. The ambient sources
 * of time, randomness and control are swapped for traps while node code runs, and what it
 * prints is caught for the trace.
 */

let fault: Error | null = null;

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
export function movePrinted(into: string[]): void {
  for (const line of printed) into.push(line);
  printed.length = 0;
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
 * Calls `fn` (which runs node code). A trap the node code caught and swallowed is thrown again
 * afterwards, so a guard can never be silenced.
 */
export function sandboxed(fn: () => void): void {
  fault = null;
  guarded(fn);
  if (fault) throw fault;
}
