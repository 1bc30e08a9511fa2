import type { Operation } from "./history";
import { describeAny, type Model } from "./model";

function whenOf(op: Operation<unknown, unknown>): string {
  return op.ret === undefined ? `called t=${op.call}, outcome unknown` : `called t=${op.call}, returned t=${op.ret}`;
}

/** The core in words: what cannot be ordered, then each operation with its client, values and times. */
export function explain<S, I, O>(
  model: Model<S, I, O>,
  core: readonly Operation<I, O>[],
  others: number,
  complete: boolean,
  key: string | undefined,
): string {
  const on = key === undefined ? "" : ` on key ${JSON.stringify(key)}`;
  const rest =
    others === 0
      ? ""
      : others === 1
        ? `, even if the other operation${on} took effect at any moment after its call, or not at all`
        : `, even if any of the other ${others} operations${on} took effect at any moment after its call, or not at all`;
  const head =
    core.length === 1
      ? `This operation${on} cannot take effect at any moment between its call and its return in a sequential ${model.name}${rest}:`
      : `These ${core.length} operations${on} cannot be put in any order that respects their times and a sequential ${model.name}${rest}:`;
  const lines = [head];
  const who = core.map((op) => `client ${op.client}`);
  const what = core.map((op) => model.describe(op));
  const whoWidth = Math.max(...who.map((s) => s.length));
  const whatWidth = Math.min(60, Math.max(...what.map((s) => s.length)));
  core.forEach((op, i) => lines.push(`  ${who[i].padEnd(whoWidth)}  ${what[i].padEnd(whatWidth)}  ${whenOf(op)}`));
  if (!complete) lines.push("(Shrinking this set stopped at its limits: some of these may not matter.)");
  return lines.join("\n");
}

export interface TimelineOptions<I, O> {
  /** An operation's label; by default the words of whichever model its input fits. */
  readonly describe?: (op: Operation<I, O>) => string;
  /** Operations drawn as the offending ones. */
  readonly marked?: ReadonlySet<Operation<I, O>>;
}

/** Labels longer than this keep their two ends: a long read's tail is what was appended last. */
const MAX_LABEL = 40;

function clip(label: string): string {
  if (label.length <= MAX_LABEL) return label;
  const head = (MAX_LABEL - 1) >> 1;
  return `${label.slice(0, head)}…${label.slice(label.length - (MAX_LABEL - 1 - head))}`;
}

interface Bar<I, O> {
  readonly op: Operation<I, O>;
  /** The whole description; `label` is what fits on the bar. */
  readonly words: string;
  readonly label: string;
  readonly lane: number;
  /** Columns of the call and of the return (the right edge for an unknown outcome). */
  readonly from: number;
  readonly to: number;
  readonly marked: boolean;
}

interface Layout<I, O> {
  /** One title per lane: "client N" on a client's first lane, "" on the lanes its overlapping operations spill onto. */
  readonly lanes: string[];
  readonly bars: Bar<I, O>[];
  readonly ticks: { readonly time: number; readonly at: number }[];
  readonly width: number;
}

/**
 * Times become columns in their order, spaced just enough for each bar's label, so a short
 * history stays narrow however far apart its times are.
 */
function layout<I, O>(ops: readonly Operation<I, O>[], options: TimelineOptions<I, O>): Layout<I, O> {
  const describe = options.describe ?? describeAny;
  const sorted = [...ops].sort((a, b) => a.call - b.call || a.client - b.client);
  const words = sorted.map((op) => describe(op));
  const labels = words.map(clip);
  const lanes: string[] = [];
  const laneOf: number[] = [];
  for (const client of [...new Set(sorted.map((op) => op.client))].sort((a, b) => a - b)) {
    const first = lanes.length;
    const busyUntil: number[] = [];
    sorted.forEach((op, i) => {
      if (op.client !== client) return;
      let sub = busyUntil.findIndex((end) => end < op.call);
      if (sub < 0) {
        sub = busyUntil.length;
        lanes.push(sub === 0 ? `client ${client}` : "");
      }
      busyUntil[sub] = op.ret ?? Infinity;
      laneOf[i] = first + sub;
    });
  }
  const times = [...new Set(sorted.flatMap((op) => (op.ret === undefined ? [op.call] : [op.call, op.ret])))];
  times.sort((a, b) => a - b);
  const column = new Map<number, number>();
  const at = (time: number) => column.get(time) ?? 0;
  // An operation returning at the tick of its call still needs room for its label.
  const instant = (op: Operation<I, O>) => op.ret === op.call;
  const ends = labels.map(() => 0);
  let width = 0;
  let next = 0;
  for (const time of times) {
    let x = next;
    sorted.forEach((op, i) => {
      if (op.ret === time && !instant(op)) x = Math.max(x, at(op.call) + labels[i].length + 3);
    });
    column.set(time, x);
    // The next time stands clear of this one's number on the axis, and of instant bars.
    next = x + String(time).length + 1;
    sorted.forEach((op, i) => {
      if (op.ret === time) ends[i] = instant(op) ? x + labels[i].length + 3 : x;
      if (instant(op) && op.call === time) next = Math.max(next, ends[i] + 2);
    });
    width = Math.max(width, x, ...ends);
  }
  sorted.forEach((op, i) => {
    if (op.ret === undefined) width = Math.max(width, at(op.call) + labels[i].length + 3);
  });
  const marked = options.marked ?? new Set();
  const bars = sorted.map((op, i) => ({
    op,
    words: words[i],
    label: labels[i],
    lane: laneOf[i],
    from: at(op.call),
    to: op.ret === undefined ? width : ends[i],
    marked: marked.has(op),
  }));
  return { lanes, bars, ticks: times.map((time) => ({ time, at: at(time) })), width };
}

/**
 * One row per client, each operation a bar from its call to its return (`?` ends an unknown
 * outcome), marked ones drawn with `=`; the times under them.
 */
export function timelineText<I, O>(ops: readonly Operation<I, O>[], options: TimelineOptions<I, O> = {}): string {
  const { lanes, bars, ticks, width } = layout(ops, options);
  const titleWidth = Math.max(4, ...lanes.map((t) => t.length));
  const rows = lanes.map(() => Array.from({ length: width + 1 }, () => " "));
  for (const bar of bars) {
    const row = rows[bar.lane];
    for (let x = bar.from + 1; x < bar.to; x++) row[x] = bar.marked ? "=" : "-";
    row[bar.from] = "|";
    row[bar.to] = bar.op.ret === undefined ? "?" : "|";
    [...bar.label].forEach((c, k) => (row[bar.from + 2 + k] = c));
  }
  const axis = ticks.reduce((line, tick) => `${line.padEnd(tick.at)}${tick.time}`, "");
  const lines = rows.map((row, i) => `${lanes[i].padEnd(titleWidth)}  ${row.join("")}`.trimEnd());
  lines.push(`${"t".padEnd(titleWidth)}  ${axis}`);
  if (bars.some((b) => b.marked)) lines.push("(=== marks the operations that cannot be put in order)");
  return lines.join("\n");
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Pixels per column (a 12px monospace character), per lane, and around the drawing. */
const CHAR = 7.2;
const LANE = 26;
const PAD = 8;

/**
 * The same timeline as SVG: a lane per client, each operation a rect from call to return with
 * its label and a <title> giving it whole with its times; marked operations carry `lin-bad`,
 * unknown outcomes `lin-open`. Colours are presentation attributes, so a page's CSS wins.
 */
export function timelineSvg<I, O>(ops: readonly Operation<I, O>[], options: TimelineOptions<I, O> = {}): string {
  const { lanes, bars, ticks, width } = layout(ops, options);
  const left = PAD + (Math.max(0, ...lanes.map((t) => t.length)) + 2) * CHAR;
  const x = (column: number) => (left + column * CHAR).toFixed(1);
  const w = Math.ceil(left + (width + 6) * CHAR + PAD);
  const h = PAD * 2 + lanes.length * LANE + 18;
  const clients = new Set(ops.map((op) => op.client)).size;
  const bad = bars.filter((b) => b.marked).length;
  const summary =
    `Timeline of ${ops.length} operation${ops.length === 1 ? "" : "s"} by ${clients} client${clients === 1 ? "" : "s"}` +
    (bad === 0 ? "" : `; ${bad} marked as impossible to put in order`);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="lin-timeline" role="img" aria-label="${xml(summary)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="ui-monospace, monospace" font-size="12">`,
    `<title>${xml(summary)}</title>`,
  ];
  lanes.forEach((title, i) => {
    if (title !== "") out.push(`<text class="lin-client" x="${PAD}" y="${PAD + i * LANE + 17}">${xml(title)}</text>`);
  });
  for (const bar of bars) {
    const open = bar.op.ret === undefined;
    const classes = ["lin-op", ...(bar.marked ? ["lin-bad"] : []), ...(open ? ["lin-open"] : [])].join(" ");
    const fill = bar.marked ? "#fbe3e3" : "#e8eef7";
    const stroke = bar.marked ? "#b3261e" : "#4a6fa5";
    const y = PAD + bar.lane * LANE + 4;
    out.push(
      `<g class="${classes}"><title>${xml(`client ${bar.op.client}: ${bar.words}, ${whenOf(bar.op)}`)}</title>` +
        `<rect x="${x(bar.from)}" y="${y}" width="${(Math.max(1, bar.to - bar.from) * CHAR).toFixed(1)}" height="18" rx="3" fill="${fill}" stroke="${stroke}"${open ? ' stroke-dasharray="4 3"' : ""}/>` +
        `<text x="${x(bar.from + 1)}" y="${y + 13}">${xml(bar.label)}</text></g>`,
    );
  }
  const axisY = PAD + lanes.length * LANE + 14;
  out.push(
    `<g class="lin-axis" fill="#555">${ticks.map((t) => `<text x="${x(t.at)}" y="${axisY}">${t.time}</text>`).join("")}</g>`,
    "</svg>",
  );
  return out.join("\n");
}
