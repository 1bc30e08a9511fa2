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
    const text = typeof raw === "string" ? raw : "(not text)";
    const line = text.length > LINE_LIMIT ? `${text.slice(0, LINE_LIMIT)}… (cut)` : text;
    this.lines.push({ node, t, text: line });
    if (this.kept === LINES_PER_RUN) this.lines.push({ node, t, text: `… output cut after ${LINES_PER_RUN} lines` });
    return line;
  }
}
