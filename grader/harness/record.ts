import type { GradedChapter } from "../chapters/descriptor";
import type { Scenario } from "../scenarios/types";
import { trustedHost } from "./chapter-classes";
import { historyOf } from "./histories";
import { runScenario } from "../sim/cluster";
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from "../sim/trace";

/**
 * Records a scenario as run by the chapter's class from `implRoot` (the site passes the
 * reference's root): the trace its figures and players are drawn from.
 */
export function recordTrace(implRoot: string, info: GradedChapter, scenario: Scenario, seed = 1): Trace {
  const run = runScenario({
    scenario,
    host: trustedHost(implRoot, info),
    seed,
    invariants: info.invariants,
    record: true,
  });
  const failure = run.fault
    ? { kind: "fault" as const, message: `${run.fault.node} threw while ${run.fault.during}: ${run.fault.message}` }
    : run.violation
      ? { kind: "violation" as const, message: run.violation.message, event: run.violation.event }
      : null;
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    test: `figure.${scenario.id}`,
    chapter: info.number,
    seed,
    scenario,
    failure,
    events: run.trace,
    ...historyOf(run),
  };
}
