import type { Entry } from "../contract";

/**
 * Logs written the way the articles write them, with the term made explicit:
 * `"t1: 1 2 3 t2: 4"` is four entries, commands 1–3 of term 1 and command 4 of term 2.
 * An empty string is a log holding only the base entry.
 */
export function parseLog(text: string): Entry[] {
  const entries: Entry[] = [];
  let term: number | null = null;
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const mark = /^t(\d+):$/.exec(token);
    if (mark) {
      term = Number(mark[1]);
    } else if (term === null) {
      throw new Error(`log "${text}": say the term before the first command, e.g. "t1: ${token}"`);
    } else {
      entries.push({ term, command: token });
    }
  }
  return entries;
}

/** The inverse of parseLog, for messages and figures. */
export function formatLog(entries: readonly Entry[]): string {
  const parts: string[] = [];
  let term: number | null = null;
  for (const e of entries) {
    if (e.term !== term) {
      parts.push(`t${e.term}:`);
      term = e.term;
    }
    parts.push(e.command);
  }
  return parts.join(" ");
}

/** Just the commands, as the articles print a log: "1 2 3 4 p q". */
export function commandsOf(entries: readonly Entry[]): string {
  return entries.map((e) => e.command).join(" ");
}
