import * as fs from "node:fs";
import * as path from "node:path";
import { chapterInfo } from "../chapters/registry";
import { UsageError } from "../cli/args";
import { STORAGE_KINDS, type StorageKind } from "./zoo-storage";

export { UsageError };

type Kind = "number" | "string" | "flag";

/**
 * The flags of the cluster's commands: `--name value` (or a bare `--name` for a flag), and the
 * words that are not flags. An unknown flag or a bad number is a usage error.
 */
export function parseFlags<S extends Record<string, Kind>>(
  argv: readonly string[],
  spec: S,
): {
  flags: Partial<{ [K in keyof S]: S[K] extends "number" ? number : S[K] extends "flag" ? true : string }>;
  words: string[];
} {
  const flags: Record<string, unknown> = {};
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      words.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const kind = spec[name];
    if (kind === undefined)
      throw new UsageError(
        `unknown option ${arg}; options are ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(", ")}`,
      );
    if (kind === "flag") {
      flags[name] = true;
      continue;
    }
    const v = argv[++i];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
    if (kind === "number") {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${arg} ${v}: expected a whole number ≥ 0`);
      flags[name] = n;
    } else flags[name] = v;
  }
  return { flags: flags as never, words };
}

/** Runs a command: a usage error is one line and exit status 2, never a stack trace. */
export function runCommand(main: (argv: readonly string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

export const DEFAULT_TICK_MS = 15;

/** The implementation folder, checked: it must hold the chapter-6 file the cluster runs. */
export function implFolder(arg: string | undefined): { implRoot: string; implArg: string } {
  const implArg = arg ?? "exercises";
  const implRoot = path.resolve(implArg);
  if (!fs.existsSync(implRoot) || !fs.statSync(implRoot).isDirectory())
    throw new UsageError(`--impl ${implArg}: no such folder`);
  const file = chapterInfo(6).file;
  if (!fs.existsSync(path.join(implRoot, file)))
    throw new UsageError(`--impl ${implArg}: it has no ${file}, the chapter-6 node a cluster runs`);
  return { implRoot, implArg };
}

export function nodeCount(n: number | undefined): number {
  const nodes = n ?? 3;
  if (nodes !== 3 && nodes !== 5) throw new UsageError(`--nodes ${nodes}: a cluster has 3 or 5 nodes`);
  return nodes;
}

export function storageKind(s: string | undefined): StorageKind {
  const kind = (s ?? "durable") as StorageKind;
  if (!STORAGE_KINDS.includes(kind)) throw new UsageError(`--storage ${s}: storages are ${STORAGE_KINDS.join(", ")}`);
  return kind;
}
