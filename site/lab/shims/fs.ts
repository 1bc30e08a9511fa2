/**
 * The grading core's file system inside the lab's worker: an in-memory tree holding the
 * reader's files, the node contract and what the graded tests leave behind (each failure's
 * details, trace files), so the core reads and writes exactly as it does under `npm run grade`.
 */
import * as path from "path-browserify";

const files = new Map<string, string>();

function key(p: string): string {
  return path.resolve("/", p);
}

function missing(p: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, '${p}'`), { code: "ENOENT" });
}

export function writeFileSync(p: string, text: string): void {
  files.set(key(p), String(text));
}

export function readFileSync(p: string): string {
  const text = files.get(key(p));
  if (text === undefined) throw missing(p);
  return text;
}

function isDirectory(p: string): boolean {
  const prefix = `${key(p).replace(/\/$/, "")}/`;
  for (const name of files.keys()) if (name.startsWith(prefix)) return true;
  return false;
}

export function existsSync(p: string): boolean {
  return files.has(key(p)) || isDirectory(p);
}

/** Folders exist by holding files: making one is nothing to do. */
export function mkdirSync(): void {}

export function readdirSync(p: string, options?: { withFileTypes?: boolean }) {
  const prefix = `${key(p).replace(/\/$/, "")}/`;
  const entries = new Map<string, boolean>();
  for (const name of files.keys()) {
    if (!name.startsWith(prefix)) continue;
    const [first, ...rest] = name.slice(prefix.length).split("/");
    entries.set(first, rest.length > 0 || entries.get(first) === true);
  }
  const names = [...entries.keys()].sort();
  if (!options?.withFileTypes) return names;
  return names.map((name) => ({
    name,
    isDirectory: () => entries.get(name) === true,
    isFile: () => entries.get(name) === false,
  }));
}

/** Every file under `dir`, by its path relative to it. */
export function filesUnder(dir: string): Record<string, string> {
  const prefix = `${key(dir).replace(/\/$/, "")}/`;
  const out: Record<string, string> = {};
  for (const [name, text] of files) if (name.startsWith(prefix)) out[name.slice(prefix.length)] = text;
  return out;
}
