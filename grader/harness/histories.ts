import { checkKv, type Verdict } from "../lincheck/check";
import type { KvInput, KvOperation, KvOutput } from "../lincheck/model";
import { timelineText } from "../lincheck/explain";
import type { RunResult } from "../sim/cluster";
import type { ClientOperation } from "../sim/clients";
import type { Trace } from "../sim/trace";

/** Wall-clock time the checker may spend on one run's history before it says "unknown". */
const CHECK_BUDGET_MS = 5_000;

/** The number the checker knows a client by: n for "cn" (so its words name the same client), else by first appearance. */
function clientNumbers(history: readonly ClientOperation[]): Map<string, number> {
  const names = [...new Set(history.map((h) => h.client))];
  const numbered = names.every((n) => /^c\d+$/.test(n));
  return new Map(names.map((n, i) => [n, numbered ? Number(n.slice(1)) : i]));
}

/** A run's client history in the checker's terms, outcomes unknown where never completed. */
export function checkerHistory(history: readonly ClientOperation[]): KvOperation[] {
  const numbers = clientNumbers(history);
  return history.map((h) => {
    const done = h.ret !== undefined;
    return {
      client: numbers.get(h.client) ?? 0,
      input: h.op,
      call: h.call,
      output: done ? (h.op.op === "get" ? (h.value ?? "") : "") : undefined,
      ret: h.ret,
    };
  });
}

/** The verdict on a run's history, key by key. */
function checkRun(run: RunResult): Verdict<KvInput, KvOutput> {
  return checkKv(checkerHistory(run.history), { budgetMs: CHECK_BUDGET_MS });
}

/** The checker's verdict as a trace carries it: the operations it names are marked by their place in the run's history. */
export interface TraceVerdict {
  readonly verdict: "linearizable" | "not-linearizable" | "unknown";
  readonly explanation?: string;
  readonly marked: readonly number[];
}

export function traceVerdict(run: RunResult): TraceVerdict {
  const ops = checkerHistory(run.history);
  const v = checkKv(ops, { budgetMs: CHECK_BUDGET_MS });
  if (v.verdict === "linearizable") return { verdict: v.verdict, marked: [] };
  if (v.verdict === "unknown") return { verdict: v.verdict, explanation: v.reason, marked: [] };
  const marked = v.ops.map((o) => ops.findIndex((h) => h.client === o.client && h.call === o.call));
  return { verdict: v.verdict, explanation: v.explanation, marked: marked.filter((i) => i >= 0) };
}

/** A run with clients carries their history and its verdict, for the player's timeline. */
export function historyOf(run: RunResult): Pick<Trace, "history" | "linearizability"> {
  return run.history.length === 0 ? {} : { history: run.history, linearizability: traceVerdict(run) };
}

/**
 * What is wrong with a run's history, in words, or null when it is linearizable. A history
 * the checker could not decide in time fails too: a grade is never given for an unknown.
 */
export function historyProblem(run: RunResult): string | null {
  const v = checkRun(run);
  if (v.verdict === "linearizable") return null;
  if (v.verdict === "unknown") {
    return `the clients' history could not be checked: ${v.reason}. A history too tangled to check in time is treated as a failure; with fewer retries and shorter waits it stays small.`;
  }
  return `the clients' history is not linearizable: ${v.explanation}\n${timelineText(v.ops)}`;
}
