import * as path from "node:path";
import type { KvClientClass, NodeClass } from "../contract";
import type { GradedChapter } from "../chapters/descriptor";
import type { Scenario } from "../scenarios/types";
import { registerContractAlias } from "../runtime/alias";
import { historyOf } from "./histories";
import { runScenario } from "../sim/cluster";
import { LocalHost } from "../sim/local-host";
import { TRACE_FORMAT, TRACE_VERSION, type Trace } from "../sim/trace";

/**
 * Records a scenario as run by the chapter's class from `implRoot` (the site passes the
 * reference's root): the trace its figures and players are drawn from.
 */
export function recordTrace(implRoot: string, info: GradedChapter, scenario: Scenario, seed = 1): Trace {
  registerContractAlias();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the implementation is loaded by path
  const mod = require(path.resolve(implRoot, info.file)) as Record<string, NodeClass & KvClientClass>;
  const clientClass = info.clientClassName === undefined ? undefined : mod[info.clientClassName];
  const run = runScenario({
    scenario,
    host: new LocalHost(mod[info.className], clientClass),
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
