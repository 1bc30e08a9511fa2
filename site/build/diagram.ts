import { escapeHtml, renderLogTable, type LogRow } from "../assets/logview";
import { parseLog } from "../../grader/scenarios/notation";
import type { Scenario } from "../../grader/scenarios/types";
import type { NodeSnapshot, Trace } from "../../grader/sim/trace";
import { BuildError } from "./errors";
import type { Show } from "./fences";

/** A node's row as a snapshot of the trace has it: the base entry dropped, commitIndex marked. */
function snapshotRow(s: NodeSnapshot): LogRow {
  return { id: s.id, entries: s.log.slice(1), commitIndex: s.commitIndex };
}

function expectedRows(scenario: Scenario, where: string): LogRow[] {
  const expect = scenario.expectLogs;
  if (!expect)
    throw new BuildError(`${where}: "show: expected" for scenario "${scenario.id}", which has no expectLogs`);
  return scenario.nodes
    .filter((id) => expect[id] !== undefined)
    .map((id) => ({ id, entries: parseLog(expect[id]).map((e) => [e.term, e.command] as const), commitIndex: null }));
}

const CAPTIONS: Record<Show, string> = {
  start: "At the start",
  end: "At the end of the run",
  expected: "What every node should end with",
};

function rowsFor(show: Show, scenario: Scenario, trace: Trace, where: string): LogRow[] {
  if (show === "expected") return expectedRows(scenario, where);
  const event = show === "start" ? trace.events[0] : trace.events[trace.events.length - 1];
  return event.state.map(snapshotRow);
}

/** A figure of one scenario's logs, drawn from its data and its recorded run, never by hand. */
export function logsFigure(scenario: Scenario, trace: Trace, shows: readonly Show[], where: string, note = ""): string {
  const tables = shows.map((show) =>
    renderLogTable({ caption: CAPTIONS[show], nodes: rowsFor(show, scenario, trace, where) }),
  );
  const legend =
    "Each cell is one entry: its command, and its term (t1, t2, …), which also sets its colour; committed entries carry a bar.";
  return (
    `<figure class="logs-figure" data-scenario="${escapeHtml(scenario.id)}"><div class="logs-tables">${tables.join("")}</div>` +
    `<figcaption><strong>${escapeHtml(scenario.title)}</strong><span class="legend">${legend}${note ? ` ${note}` : ""}</span></figcaption></figure>\n`
  );
}
