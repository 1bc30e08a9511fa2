import type { NodeId } from "../contract";

const LINE_LIMIT = 500;
const LINES_PER_RUN = 2_000;

/** What nodes wrote with env.note or console.*, cut per line and per run, oldest first. */
export class OutputLog {
  readonly lines: { node: NodeId; t: number; text: string }[] = [];
  private kept = 0;

  /** Keeps a line; returns it as kept (cut when long), or null once the run's budget is spent. */
  keep(node: NodeId, t: number, raw: unknown): string | null {
    if (this.kept >= LINES_PER_RUN) return null;
    this.kept++;
    const line = oneLine(typeof raw === "string" ? raw : "(not text)", LINE_LIMIT);
    this.lines.push({ node, t, text: line });
    if (this.kept === LINES_PER_RUN) this.lines.push({ node, t, text: `… output cut after ${LINES_PER_RUN} lines` });
    return line;
  }
}

/**
 * Learner text as one line of at most `limit` characters, control characters shown as escapes:
 * whatever node code says, it cannot start a line of the report that reads as the grader's.
 */
export function oneLine(text: string, limit: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    c === "\n" ? "⏎" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return flat.length > limit ? `${flat.slice(0, limit)}… (cut)` : flat;
}
