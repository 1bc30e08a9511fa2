import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleImplementation, type LearnerBundle } from "../sandbox/bundle";
import { ProcessHost } from "../sandbox/process-host";
import { HostStopped } from "../sim/host-protocol";
import { GradeFailure } from "./failure";
import type { GradedChapter } from "../chapters/descriptor";
import { readSettings } from "./settings";

/** The loop guard's name in the learner's transpiled code: new for each grading process, so no code can name it. */
const GUARD = `__raftLoopGuard_${crypto.randomBytes(8).toString("hex")}`;

/** A run's time budget, enforced from outside the learner's process. */
export function runBudgetMs(): number {
  const set = Number(process.env.RAFT_RUN_BUDGET_MS);
  return Number.isFinite(set) && set > 0 ? set : 15_000;
}

let bundle: LearnerBundle | undefined;
const hosts = new Map<string, ProcessHost>();

/** The implementation being graded, transpiled once per grading process. */
export function learnerBundle(): LearnerBundle {
  const { implRoot, implArg } = readSettings();
  bundle ??= bundleImplementation(implRoot, implArg, GUARD);
  return bundle;
}

/**
 * The learner's process for a chapter's class: started on first use, and again after it was
 * stopped (a run out of time or memory ends that process, never the grading).
 */
export function hostFor(info: GradedChapter, className = info.className): ProcessHost {
  const running = hosts.get(className);
  if (running && !running.stopped) return running;
  const { implArg } = readSettings();
  const file = path.join(implArg, info.file);
  const entry = `impl/${info.file.replace(/\.ts$/, "")}`;
  if (!learnerBundle().modules[entry]) {
    const exists = fs.existsSync(path.join(readSettings().implRoot, info.file));
    throw new GradeFailure(`${file} ${exists ? "could not be read" : "does not exist"}`, { kind: "load" });
  }
  try {
    const clients = info.clientClassName === undefined ? {} : { clientClassName: info.clientClassName };
    const host = new ProcessHost(learnerBundle(), { entry, className, ...clients, guard: GUARD }, runBudgetMs());
    hosts.set(className, host);
    return host;
  } catch (err) {
    if (!(err instanceof HostStopped)) throw err;
    throw new GradeFailure(`${file} could not be loaded: ${firstLines(err.detail, 12)}`, { kind: "load" });
  }
}

/** A fresh process for the class, for the replay that finds where a stopped run stopped. */
export function freshHostFor(info: GradedChapter, className = info.className): ProcessHost {
  hosts.get(className)?.close();
  hosts.delete(className);
  return hostFor(info, className);
}

function firstLines(text: string, n: number): string {
  const lines = text.split("\n");
  return lines.length > n ? [...lines.slice(0, n), "…"].join("\n") : text;
}
