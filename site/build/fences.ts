import { BuildError } from "./errors";

/**
 * A moment of a scenario's run that a figure draws: its start, its end, the logs every node
 * should end with, the state at the end of tick `t`, or the state just before or just after
 * an event of the schedule, named by its kind and, optionally, its node or its quoted command
 * ("before heal", "after crash N1", "after write q").
 */
export type RunMoment =
  | { readonly kind: "start" }
  | { readonly kind: "end" }
  | { readonly kind: "at"; readonly t: number }
  | { readonly kind: "before" | "after"; readonly event: string; readonly arg?: string };
export type Moment = RunMoment | { readonly kind: "expected" };

const NAMED: Readonly<Record<string, Moment>> = {
  start: { kind: "start" },
  end: { kind: "end" },
  expected: { kind: "expected" },
};

export interface FigureFence {
  readonly scenario: string;
  readonly show: readonly Moment[];
  /** The figure's title, when the chapter words it rather than taking the scenario's. */
  readonly caption?: string;
}

const SCHEDULE_EVENTS = [
  "lead",
  "write",
  "read",
  "crash",
  "restart",
  "partition",
  "heal",
  "network",
  "inject",
  "invoke",
];
const MOMENTS_HELP = `start, end, expected, "at <tick>", or "before|after <${SCHEDULE_EVENTS.join("|")}> [node or command]"`;

function parseMoment(text: string, where: string): Moment {
  if (Object.hasOwn(NAMED, text)) return NAMED[text];
  const at = /^at\s+(?:t=)?(\d+)$/.exec(text);
  if (at) return { kind: "at", t: Number(at[1]) };
  const around = /^(before|after)\s+([a-z]+)(?:\s+(\S+))?$/.exec(text);
  if (around && SCHEDULE_EVENTS.includes(around[2])) {
    const kind = around[1] as "before" | "after";
    return around[3] === undefined ? { kind, event: around[2] } : { kind, event: around[2], arg: around[3] };
  }
  throw new BuildError(`${where}: "show: ${text}" — show one or more moments, separated by commas: ${MOMENTS_HELP}`);
}

const FIELDS = { "raft-logs": ["scenario", "show", "caption"], "raft-player": ["scenario", "caption"] };

/**
 * Reads the body of a ```raft-logs or ```raft-player fence: `scenario: <id>`, an optional
 * `caption: <title>` and, for logs, `show: <moment>, <moment>, …` (the start by default).
 */
export function parseFigureFence(kind: "raft-logs" | "raft-player", body: string, where: string): FigureFence {
  const fields = new Map<string, string>();
  const allowed = FIELDS[kind];
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([a-z]+)\s*:\s*(.*)$/.exec(line);
    if (!m || !allowed.includes(m[1]))
      throw new BuildError(
        `${where}: a \`${kind}\` block takes lines ${allowed.map((k) => `"${k}: …"`).join(", ")}; got "${line}"`,
      );
    fields.set(m[1], m[2].trim());
  }
  const scenario = fields.get("scenario");
  if (!scenario) throw new BuildError(`${where}: a \`${kind}\` block needs a "scenario: <id>" line`);
  const show = (fields.get("show") ?? "start")
    .split(/[,|]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => parseMoment(s, where));
  const caption = fields.get("caption");
  return caption ? { scenario, show, caption } : { scenario, show };
}
