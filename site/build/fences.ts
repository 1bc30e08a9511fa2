import { BuildError } from "./errors";

export type Show = "start" | "end" | "expected";
const SHOWS: readonly Show[] = ["start", "end", "expected"];

export interface FigureFence {
  readonly scenario: string;
  readonly show: readonly Show[];
}

/**
 * Reads the body of a ```raft-logs or ```raft-player fence: `scenario: <id>` and, for logs,
 * `show: start|end|expected` (several may be listed: `show: start, expected`).
 */
export function parseFigureFence(kind: "raft-logs" | "raft-player", body: string, where: string): FigureFence {
  const fields = new Map<string, string>();
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([a-z]+)\s*:\s*(.*)$/.exec(line);
    const allowed = kind === "raft-logs" ? ["scenario", "show"] : ["scenario"];
    if (!m || !allowed.includes(m[1]))
      throw new BuildError(
        `${where}: a \`${kind}\` block takes lines ${allowed.map((k) => `"${k}: …"`).join(" and ")}; got "${line}"`,
      );
    fields.set(m[1], m[2].trim());
  }
  const scenario = fields.get("scenario");
  if (!scenario) throw new BuildError(`${where}: a \`${kind}\` block needs a "scenario: <id>" line`);
  const show = (fields.get("show") ?? "start").split(/[\s,|]+/).filter(Boolean);
  for (const s of show) {
    if (!(SHOWS as readonly string[]).includes(s))
      throw new BuildError(`${where}: "show: ${s}" — show one or more of ${SHOWS.join(", ")}`);
  }
  return { scenario, show: show as Show[] };
}
