import * as fs from "node:fs";
import * as path from "node:path";
import { bundleImplementation, type LearnerBundle } from "../sandbox/bundle";
import { loopGuardName } from "../sandbox/transpile-cached";
import { ProcessHost } from "../sandbox/process-host";
import { HostStopped, type HostFault, type NodeHost } from "../sim/host-protocol";
import type { LaneHost } from "../sim/lanes";
import type { RunOptions, RunResult } from "../sim/cluster";
import { GradeFailure } from "./failure";
import type { GradedChapter } from "../chapters/descriptor";
import { readSettings } from "./settings";

/** The loop guard's name in the learner's transpiled code: new for each grading process, so no code can name it. */
const GUARD = loopGuardName();

/** A run's time budget, enforced from outside the learner's process. */
export function runBudgetMs(): number {
  const set = Number(process.env.RAFT_RUN_BUDGET_MS);
  return Number.isFinite(set) && set > 0 ? set : 15_000;
}

/** Where a chapter's class runs: the learner's process, or (on the study site's lab page only) the browser's worker. */
type ChapterHost = NodeHost & LaneHost & { readonly stopped: boolean };
type HostInit = ConstructorParameters<typeof ProcessHost>[1];
type HostMaker = (bundle: LearnerBundle, init: HostInit, budgetMs: number) => ChapterHost;

let bundle: LearnerBundle | undefined;
const hosts = new Map<string, ChapterHost>();
let makeHost: HostMaker = (b, init, budgetMs) => new ProcessHost(b, init, budgetMs);

/**
 * Makes the learner's code run where `make` puts it instead of in a learner process. Only a
 * browser's Web Worker may do this (the study site's lab, where the browser's sandbox is the
 * boundary around a reader's own code); Node has no WorkerGlobalScope, so no grading can get here.
 */
export function hostInBrowserWorker(make: HostMaker): void {
  const scope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
  if (typeof scope !== "function" || !(globalThis instanceof scope)) {
    throw new Error("the learner's code leaves its own process only in a browser's worker, never in a grading");
  }
  makeHost = make;
}

/** The implementation being graded, transpiled once per grading process. */
export function learnerBundle(): LearnerBundle {
  const { implRoot, implArg } = readSettings();
  bundle ??= bundleImplementation(implRoot, implArg, GUARD);
  return bundle;
}

/**
 * Whether the learner's processes evaluate its modules once, frozen, for all nodes: when the
 * bundle is state-free (see sandbox/state-free.ts), until a run shows that freezing changed
 * what node code does.
 */
let sharing: boolean | undefined;

function sharedModules(): boolean {
  sharing ??= learnerBundle().stateFree;
  return sharing;
}

/** What a frozen object answers to a write: the only way sharing one evaluation can change what node code does. */
const FROZEN = /read[- ]only|not extensible|Cannot (add|define|delete|redefine|assign)|frozen/i;

/**
 * Runs `make` on the learner's processes; if one of its runs faulted on a frozen object while
 * the modules were shared, every node gets fresh modules from then on and `make` runs again, so
 * the result is the one node code has with modules of its own.
 */
export function unlessFrozenFault<T>(make: () => T, faults: (result: T) => readonly (HostFault | undefined)[]): T {
  const result = make();
  if (!sharing || !faults(result).some((f) => f?.name === "TypeError" && FROZEN.test(f.message))) return result;
  sharing = false;
  for (const host of hosts.values()) host.close();
  hosts.clear();
  return make();
}

/** What the learner's process is told to load for a chapter: its module, the class, the loop guard's name. */
export function hostInit(info: GradedChapter, guard: string, className = info.className): HostInit {
  const clients = info.clientClassName === undefined ? {} : { clientClassName: info.clientClassName };
  return { entry: `impl/${info.file.replace(/\.ts$/, "")}`, className, ...clients, guard };
}

/**
 * The learner's process for a chapter's class: started on first use, and again after it was
 * stopped (a run out of time or memory ends that process, never the grading).
 */
export function hostFor(info: GradedChapter, className = info.className): ChapterHost {
  const running = hosts.get(className);
  if (running && !running.stopped) return running;
  const { implArg } = readSettings();
  const file = path.join(implArg, info.file);
  const { activeMutant } = readSettings();
  const init = {
    ...hostInit(info, GUARD, className),
    ...(activeMutant === undefined ? {} : { activeMutant }),
    shared: sharedModules(),
  };
  if (!learnerBundle().modules[init.entry]) {
    const exists = fs.existsSync(path.join(readSettings().implRoot, info.file));
    throw new GradeFailure(`${file} ${exists ? "could not be read" : "does not exist"}`, { kind: "load" });
  }
  try {
    const host = makeHost(learnerBundle(), init, runBudgetMs());
    hosts.set(className, host);
    return host;
  } catch (err) {
    if (!(err instanceof HostStopped)) throw err;
    throw new GradeFailure(`${file} could not be loaded: ${firstLines(err.detail, 12)}`, { kind: "load" });
  }
}

/** A fresh process for the class, for the replay that finds where a stopped run stopped. */
export function freshHostFor(info: GradedChapter, className = info.className): ChapterHost {
  hosts.get(className)?.close();
  hosts.delete(className);
  return hostFor(info, className);
}

/**
 * Runs a graded test's scenarios in this process, with the learner's code loaded by path: that
 * removes the trust boundary, so only the replay under the debugger (npm run replay) may do it.
 */
export interface InProcessRuns {
  /** One run, as the test asked for it. A fault's stack holds only the learner's frames, already at their lines. */
  run(info: GradedChapter, className: string, options: Omit<RunOptions, "host">): RunResult;
}

const REPLAY_RUNNER = path.resolve(__dirname, "../cli/replay-child.ts");
let inProcess: InProcessRuns | undefined;

/**
 * Makes this process run the learner's code itself. Refused everywhere but in the replay's own
 * process, so a grading can never get here, whatever its environment or command line.
 */
export function runInProcess(runs: InProcessRuns): void {
  if (require.main?.filename !== REPLAY_RUNNER) {
    throw new Error(
      "the learner's code runs in the grader's process only in a replay (npm run replay), never in a grading",
    );
  }
  inProcess = runs;
}

export function inProcessRuns(): InProcessRuns | undefined {
  return inProcess;
}

function firstLines(text: string, n: number): string {
  const lines = text.split("\n");
  return lines.length > n ? [...lines.slice(0, n), "…"].join("\n") : text;
}
