import { escapeHtml, hasCommitted, renderLogTable, type LogRow } from "../assets/logview";
import { parseLog } from "../../grader/scenarios/notation";
import type { Scenario } from "../../grader/scenarios/types";
import type { NodeSnapshot, Trace } from "../../grader/sim/trace";
import { BuildError } from "./errors";
import type { Show } from "./fences";

export interface FigureOptions {
  /** A sentence for the end of the legend. */
  readonly note?: string;
  /**
   * The chapter's nodes keep a commit index, so a state of its run with nothing committed says
   * so; before that chapter every commitIndex is 0 and the remark would only puzzle.
   */
  readonly tracksCommits?: boolean;
}

/** A node's row as a snapshot of the trace has it: the base entry dropped, commitIndex marked. */
function snapshotRow(s: NodeSnapshot): LogRow {
  // A crashed node's log survives in its storage; without the word it would read as a live one.
  const label = !s.up ? "down" : s.role === "leader" ? "leader" : undefined;
  return { id: s.id, entries: s.log.slice(1), commitIndex: s.commitIndex, down: !s.up, ...(label ? { label } : {}) };
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

const COMMIT_SAMPLE = '<span class="commit-sample" aria-hidden="true"></span>';

/** The legend explains only the marks the figure's tables carry. */
function legend(rows: readonly LogRow[], fromTrace: boolean, options: FigureOptions): string {
  const parts = ["Each cell is one entry: its command, and its term (t1, t2, …), which also sets its colour."];
  if (hasCommitted(rows))
    parts.push(`${COMMIT_SAMPLE}A bar under an entry marks it committed: at or below that node's commitIndex.`);
  else if (fromTrace && options.tracksCommits)
    parts.push("No node has committed anything yet: every commitIndex is 0.");
  if (rows.some((r) => r.down)) parts.push("A node marked down has crashed; its log stays in its storage.");
  if (options.note) parts.push(options.note);
  return parts.join(" ");
}

/** A figure of one scenario's logs, drawn from its data and its recorded run, never by hand. */
export function logsFigure(
  scenario: Scenario,
  trace: Trace,
  shows: readonly Show[],
  where: string,
  options: FigureOptions = {},
): string {
  const tables = shows.map((show) => ({ caption: CAPTIONS[show], nodes: rowsFor(show, scenario, trace, where) }));
  const rows = tables.flatMap((t) => t.nodes);
  const fromTrace = shows.some((s) => s !== "expected");
  return (
    `<figure class="logs-figure" data-scenario="${escapeHtml(scenario.id)}"><div class="logs-tables">${tables.map(renderLogTable).join("")}</div>` +
    `<figcaption><strong>${escapeHtml(scenario.title)}</strong><span class="legend">${legend(rows, fromTrace, options)}</span></figcaption></figure>\n`
  );
}
