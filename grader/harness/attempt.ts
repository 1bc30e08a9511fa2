import * as fs from "node:fs";
import * as path from "node:path";
import type { GradedChapter } from "../chapters/descriptor";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { freshHostFor, hostFor, inProcessRuns, learnerBundle, unlessFrozenFault } from "./hosts";
import { HostStopped } from "../sim/host-protocol";
import { runLanes } from "../sim/lanes";
import type { InvariantName } from "../sim/invariants";
import { runScenario, type NodeFault, type RunResult } from "../sim/cluster";
import { TRACE_FORMAT, TRACE_VERSION, type Trace, type TraceFailure } from "../sim/trace";
import type { Scenario } from "../scenarios/types";
import { GradeFailure, type FailureContext } from "./failure";
import { historyOf } from "./histories";
import { describeShrunk, shrinkSchedule } from "./shrink";
import { searchSpace, type SearchReport, type SearchSpace } from "./explore";
import { thousands } from "../sim/errors";
import { readSettings } from "./settings";

export interface RunChoices {
  /** Another class of the chapter's file to run (a stretch exercise's). */
  readonly className?: string;
  /** False for runs too long to be worth a trace file (thousands of entries on every node). */
  readonly trace?: boolean;
  /**
   * Invariants to check instead of the chapter's: a rule test that injects a message no node
   * sent may leave out those that judge commitment by what the logs really hold.
   */
  readonly invariants?: readonly InvariantName[];
}

/**
 * One graded test's dealings with the simulator: it runs scenarios against the learner's
 * chapter class, turns faults and invariant violations into failures that name the seed and
 * the replay command, and writes trace files when asked to.
 */
export class Attempt {
  private readonly settings = readSettings();

  constructor(
    readonly testId: string,
    private readonly info: GradedChapter,
  ) {}

  get chapter(): number {
    return this.info.number;
  }

  /** Seeds for a randomized test: `count` of them, or just the one the user asked to replay. */
  seeds(count: number, first = 1): number[] {
    if (this.settings.seed !== undefined) return [this.settings.seed];
    const scaled = Math.max(1, Math.ceil(count * this.settings.seedScale));
    return Array.from({ length: scaled }, (_, i) => first + i);
  }

  /** The seed of a single-run test. */
  get seed(): number {
    return this.settings.seed ?? 1;
  }

  /**
   * Runs a scenario and fails on a node fault, a broken invariant or a runaway run. With a
   * trace directory set, the run is recorded and written there.
   */
  run(scenario: Scenario, seed = this.seed, options: RunChoices = {}): RunResult {
    const record = this.settings.traceDir !== undefined && options.trace !== false;
    const run = this.simulate(scenario, seed, record, options.className, options.invariants);
    const broken = this.brokenRun(run);
    if (record) this.writeTrace(scenario, run, broken);
    if (broken) this.fail(broken.message, run, scenario, broken.kind, broken.event, run.fault?.todo);
    return run;
  }

  /**
   * Runs `scenarioFor(seed)` for every seed and applies `check` to each result. The first seed
   * that fails is run again with recording on, so its trace can be written and replayed.
   */
  runMany(
    seeds: readonly number[],
    scenarioFor: (seed: number) => Scenario,
    check: (run: RunResult, seed: number, scenario: Scenario) => string | null,
  ): void {
    for (let at = 0; at < seeds.length; at += LANES) {
      const chunk = seeds.slice(at, at + LANES).map((seed) => ({ seed, scenario: scenarioFor(seed) }));
      const runs = this.simulateMany(chunk);
      runs.forEach((run, i) => {
        const { seed, scenario } = chunk[i];
        const problem = this.problemOf(run, seed, scenario, check);
        if (problem === null) return;
        const broken = this.brokenRun(run);
        const which = seeds.length > 1 ? `seed ${seed} of ${seeds.length} seeded runs` : `seed ${seed}`;
        // A fault (a TODO, a throw, a budget) does not depend on the schedule: only broken rules and expectations are shrunk.
        const shrunk =
          broken === null || broken.kind === "violation"
            ? shrinkSchedule(scenario, problem, (s) => this.problemOf(this.simulate(s, seed, false), seed, s, check))
            : null;
        this.failRecorded(
          shrunk?.scenario ?? scenario,
          seed,
          shrunk?.problem ?? problem,
          `${which}${shrunk && shrunk.removed > 0 ? `; ${describeShrunk(shrunk, scenario)}` : ""}`,
        );
      });
    }
  }

  /**
   * Searches every schedule of a small cluster within the space's bounds (explore.ts), each
   * state checked against the chapter's invariants, and fails with the shortest schedule that
   * breaks one, recorded and replayable like any other run.
   */
  explore(space: SearchSpace): SearchReport {
    const report = searchSpace(space, {
      simulate: (scenarios) => this.simulateMany(scenarios.map((scenario) => ({ seed: this.seed, scenario }))),
      broken: (run) => this.brokenRun(run) !== null,
    });
    if (report.failing) {
      const steps = report.failing.steps.map((step, i) => `    ${i + 1}. ${step}`).join("\n");
      this.failRecorded(
        report.failing.scenario,
        this.seed,
        "the schedule the search found failing passed when it was run again",
        `found by an exhaustive search of ${thousands(report.states)} distinct states; the shortest failing schedule, from the start:\n${steps || "    (none: the start itself)"}`,
      );
    }
    return report;
  }

  /** Runs the failing story once more, recorded, writes its trace when asked, and fails with its problem and `note`. */
  private failRecorded(story: Scenario, seed: number, problem: string, note: string): never {
    const recorded = this.simulate(story, seed, this.settings.traceDir !== undefined);
    const again = this.brokenRun(recorded);
    const failure = again ?? { kind: "expectation" as const, message: problem };
    if (this.settings.traceDir !== undefined) this.writeTrace(story, recorded, failure);
    this.fail(`${failure.message}\n(${note})`, recorded, story, failure.kind, again?.event, recorded.fault?.todo);
  }

  private problemOf(
    run: RunResult,
    seed: number,
    scenario: Scenario,
    check: (run: RunResult, seed: number, scenario: Scenario) => string | null,
  ): string | null {
    return this.brokenRun(run)?.message ?? check(run, seed, scenario);
  }

  /**
   * Many runs side by side on one learner process, one round trip per moment for all of them.
   * If the process stops answering, the runs are made again one by one, which finds the run
   * (and the item) that stopped it. One by one, the results end at the first run that breaks:
   * both callers report the first broken run and look no further, and code that exhausts its
   * memory or time budget would otherwise do so again in every run of the batch.
   */
  private simulateMany(runs: readonly { seed: number; scenario: Scenario }[]): RunResult[] {
    const oneByOne = (): RunResult[] => {
      const out: RunResult[] = [];
      for (const { seed, scenario } of runs) {
        const run = this.simulate(scenario, seed, false);
        out.push(run);
        if (this.brokenRun(run)) break;
      }
      return out;
    };
    if (inProcessRuns()) return oneByOne();
    const options = runs.map(({ seed, scenario }) => ({ scenario, seed, invariants: this.info.invariants }));
    try {
      return unlessFrozenFault(
        () => runLanes(hostFor(this.info), options),
        (results) => results.map((r) => r.fault),
      );
    } catch (err) {
      if (!(err instanceof HostStopped)) throw err;
      return oneByOne();
    }
  }

  /** Fails the test: `message` says what the learner's cluster did wrong. */
  fail(
    message: string,
    run?: RunResult,
    scenario?: Scenario,
    kind: FailureContext["kind"] = "expectation",
    event?: number,
    todo?: string,
  ): never {
    const seed = run?.seed;
    const trace =
      run && scenario && this.settings.traceDir && run.trace.length > 0
        ? this.tracePath(scenario, run.seed)
        : undefined;
    // An end-state check fails after the run's trace was written: the trace must say why too.
    if (trace && run && scenario && kind === "expectation") this.writeTrace(scenario, run, { kind, message, event });
    const replay = this.replayCommand(seed);
    const where = [
      seed !== undefined ? `seed ${seed}` : "",
      event !== undefined ? `event ${event}` : "",
      trace ? `trace ${trace}` : "",
    ]
      .filter(Boolean)
      .join(" · ");
    const debug = this.settings.isolate || !fs.existsSync(REPLAY_CLI) ? "" : `\n  debug: ${this.debugCommand(seed)}`;
    throw new GradeFailure(`${message}${where ? `\n  ${where}` : ""}\n  replay: ${replay}${debug}${printedTail(run)}`, {
      kind,
      seed,
      event,
      trace,
      replay,
      todo,
    });
  }

  /** Fails with `message` unless `ok`. */
  check(ok: boolean, message: () => string, run?: RunResult, scenario?: Scenario): void {
    if (!ok) this.fail(message(), run, scenario);
  }

  replayCommand(seed?: number): string {
    const parts = [
      "npm run grade --",
      `--impl ${this.settings.implArg}`,
      `--chapter ${this.chapter}`,
      `--only ${this.testId}`,
    ];
    if (this.settings.isolate) parts.push("--isolate");
    if (seed !== undefined) parts.push(`--seed ${seed}`);
    parts.push("--trace-dir traces");
    return parts.join(" ");
  }

  /** The same run under the debugger, paused in the learner's code (npm run replay). */
  debugCommand(seed?: number): string {
    const parts = ["npm run replay --", `--impl ${this.settings.implArg}`, `--only ${this.testId}`];
    if (seed !== undefined) parts.push(`--seed ${seed}`);
    return parts.join(" ");
  }

  /**
   * Runs the scenario behind the trust boundary. A run whose process stopped answering (its
   * time budget ran out, it ran out of memory) is replayed one item at a time in a fresh
   * process, which stops at the same item: the run then ends in a fault that names it.
   */
  private simulate(
    scenario: Scenario,
    seed: number,
    record: boolean,
    className?: string,
    invariants: readonly InvariantName[] = this.info.invariants,
  ): RunResult {
    const options = { scenario, seed, invariants, record };
    const local = inProcessRuns();
    if (local) return local.run(this.info, className ?? this.info.className, options);
    try {
      return unlessFrozenFault(
        () => runScenario({ ...options, host: hostFor(this.info, className) }),
        (run) => [run.fault],
      );
    } catch (err) {
      if (!(err instanceof HostStopped)) throw err;
      return runScenario({ ...options, host: freshHostFor(this.info, className), stepwise: true });
    }
  }

  private brokenRun(run: RunResult): TraceFailure | null {
    if (run.fault) {
      return { kind: "fault", message: describeFault(run.fault, inProcessRuns() ? null : learnerBundle().maps) };
    }
    if (run.violation) {
      return {
        kind: "violation",
        event: run.violation.event,
        message: `${run.violation.message} (after event ${run.violation.event}, t=${run.violation.t}).`,
      };
    }
    if (run.outcome === "budget") {
      return {
        kind: "budget",
        message: `the run needed more than ${run.events - 1} events and was stopped at t=${run.time}: some node keeps sending messages without end`,
      };
    }
    return null;
  }

  private tracePath(scenario: Scenario, seed: number): string {
    return path.join(this.settings.traceDir ?? "traces", `${this.testId}.${scenario.id}.seed-${seed}.json`);
  }

  private writeTrace(scenario: Scenario, run: RunResult, failure: TraceFailure | null): void {
    const trace: Trace = {
      format: TRACE_FORMAT,
      version: TRACE_VERSION,
      test: this.testId,
      chapter: this.chapter,
      seed: run.seed,
      scenario,
      failure,
      events: run.trace,
      ...historyOf(run),
    };
    const file = this.tracePath(scenario, run.seed);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(trace)}\n`);
  }
}

/** The replay under the debugger: a starter repository may be exported without it. */
const REPLAY_CLI = path.resolve(__dirname, "../cli/replay.ts");
const PRINTED_LINES = 8;
/** Randomized runs made side by side on one learner process. */
const LANES = 32;

/** The last lines the learner's nodes printed (console.* or env.note), to read beside the failure. */
function printedTail(run?: RunResult): string {
  if (!run || run.output.length === 0) return "";
  const tail = run.output.slice(-PRINTED_LINES).map((o) => `    t=${o.t} ${o.node}: ${o.text}`);
  const more = run.output.length > PRINTED_LINES ? ` (last ${PRINTED_LINES} of ${run.output.length} lines)` : "";
  return `\n  your nodes printed${more}:\n${tail.join("\n")}`;
}

/**
 * Says, in the learner's terms, what went wrong inside their node. `maps` turns the sandbox's
 * stack positions back into the learner's lines; null when the stack already gives them.
 */
export function describeFault(f: NodeFault, maps: ReadonlyMap<string, string> | null): string {
  const at = locate(f.stack, maps);
  switch (f.name) {
    case "TodoError":
      return `${f.todo ?? f.message} is not written yet: ${f.node} reached it while ${f.during}.`;
    case "WatchdogError":
      return `${f.node} never finished ${f.during}: ${f.message}.`;
    case "BudgetError":
      return `${f.node} never finished ${f.during}: ${f.message}, and the run was stopped from outside. A loop or recursion that never ends, a regular expression that backtracks without end, or waiting forever does this.`;
    case "MemoryError":
      return `${f.node} ${f.message.replace(/^it /, "")}: some node code allocates without bound (it was ${f.during}).`;
    case "GrowthError":
      return `${f.node} grew without bound while ${f.during}: ${f.message.replace(/^it /, "")}.`;
    case "HostDied":
      return `the process running ${f.node}'s code stopped while ${f.node} was ${f.during}: ${f.message}.`;
    case "DeterminismError":
      return `${f.node} broke determinism while ${f.during}: ${f.message}`;
    case "ContractError":
      return `${f.node} broke the node contract while ${f.during}: ${f.message}${at}`;
    default:
      return `${f.node} threw ${f.name} while ${f.during}: ${f.message}${at}`;
  }
}

/** The first stack frame inside the learner's code, mapped back to their TypeScript: "\n  at exercises/ch2-prevlog.ts:31:7". */
function locate(stack: string | undefined, maps: ReadonlyMap<string, string> | null): string {
  for (const line of stack?.split("\n") ?? []) {
    const m = /\(?([^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m && maps === null) return `\n  at ${m[1]}:${m[2]}:${m[3]}`;
    const map = m && maps?.get(m[1]);
    if (!m || !map) continue;
    const pos = originalPositionFor(new TraceMap(map), { line: Number(m[2]), column: Number(m[3]) - 1 });
    return pos.line === null ? `\n  at ${m[1]}` : `\n  at ${m[1]}:${pos.line}:${pos.column + 1}`;
  }
  return "";
}
