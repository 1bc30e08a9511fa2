import { escapeHtml, hasCommitted, renderLogTable, type LogRow, type LogTableSpec } from "../assets/logview";
import { parseLog } from "../../grader/scenarios/notation";
import type { Scenario } from "../../grader/scenarios/types";
import type { NodeSnapshot, Trace, TraceEvent } from "../../grader/sim/trace";
import { BuildError } from "./errors";
import type { Moment, RunMoment } from "./fences";

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

/** Whether a trace event is the schedule's event a moment names: its kind, and its node or quoted command. */
function isNamedEvent(e: TraceEvent, name: string, arg: string | undefined): boolean {
  return e.kind === name && (arg === undefined || e.node === arg || e.what.includes(`"${arg}"`));
}

/** The event after which the run stands at `moment`, and the caption of that moment's table. */
function momentEvent(moment: RunMoment, scenario: Scenario, trace: Trace, where: string): [TraceEvent, string] {
  const events = trace.events;
  const last = events[events.length - 1];
  switch (moment.kind) {
    case "start":
      return [events[0], "At the start"];
    case "end":
      return [last, "At the end of the run"];
    case "at": {
      if (moment.t > last.t)
        throw new BuildError(`${where}: "at ${moment.t}": the run of "${scenario.id}" ends at t=${last.t}`);
      return [events.filter((e) => e.t <= moment.t).pop() ?? events[0], `At t=${moment.t}`];
    }
    default: {
      const at = events.findIndex((e) => isNamedEvent(e, moment.event, moment.arg));
      const named = `${moment.event}${moment.arg === undefined ? "" : ` ${moment.arg}`}`;
      if (at < 0)
        throw new BuildError(`${where}: "${moment.kind} ${named}": no such event in the run of "${scenario.id}"`);
      // The start event opens every trace, so an event found is never the first: "before" has one to show.
      return moment.kind === "before"
        ? [events[at - 1], `Just before ${events[at].what}`]
        : [events[at], `Just after ${events[at].what}`];
    }
  }
}

function tableFor(moment: Moment, scenario: Scenario, trace: Trace, where: string): LogTableSpec {
  if (moment.kind === "expected")
    return { caption: "What every node should end with", nodes: expectedRows(scenario, where) };
  const [event, caption] = momentEvent(moment, scenario, trace, where);
  return { caption, nodes: event.state.map(snapshotRow) };
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

/**
 * A figure of one scenario's logs at the moments given, drawn from its data and its recorded
 * run, never by hand. `title` is the chapter's caption for it.
 */
export function logsFigure(
  scenario: Scenario,
  trace: Trace,
  moments: readonly Moment[],
  title: string,
  where: string,
  options: FigureOptions = {},
): string {
  const tables = moments.map((moment) => tableFor(moment, scenario, trace, where));
  const rows = tables.flatMap((t) => t.nodes);
  const fromTrace = moments.some((m) => m.kind !== "expected");
  return (
    `<figure class="logs-figure" data-scenario="${escapeHtml(scenario.id)}"><div class="logs-tables">${tables.map(renderLogTable).join("")}</div>` +
    `<figcaption><strong>${escapeHtml(title)}</strong><span class="legend">${legend(rows, fromTrace, options)}</span></figcaption></figure>\n`
  );
}
