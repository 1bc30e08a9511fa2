import * as fs from "node:fs";
import * as path from "node:path";
import { DiskCache } from "../runtime/disk-cache";
import { sourceFiles } from "../sandbox/bundle";

/**
 * Type errors of unchanged code, kept between gradings: checking costs a second of CPU, and a
 * learner (or the self-tests) grades the same files again and again. The key covers every
 * TypeScript file the check could read: the implementation's own, the contract's and the
 * checker's, with the compiler's and Node's type versions.
 */
const CONTRACT = path.resolve(__dirname, "../contract");
const CHECKER = path.join(__dirname, "typecheck.ts");

export interface TypeCheckRequest {
  readonly implRoot: string;
  readonly implArg: string;
  readonly files: readonly string[];
}

type Errors = [string, string[]][];

const cache = new DiskCache<Errors>("raft-typecheck", 200);

/** Everything the compiler may read in `dir`: declarations and JSON as well as modules. */
const sources = (dir: string): string[] =>
  sourceFiles(dir, (name) => /\.(ts|tsx|mts|cts|json)$/.test(name)).map((rel) => path.join(dir, rel));

function keyOf(req: TypeCheckRequest): string {
  const files = [CHECKER, ...sources(CONTRACT), ...sources(req.implRoot)].sort();
  return DiskCache.key([
    DiskCache.version("typescript"),
    DiskCache.version("@types/node"),
    JSON.stringify(req),
    ...files.flatMap((f) => [f, fs.readFileSync(f)]),
  ]);
}

/** The errors by file, from the cache when the same sources were checked before. */
export function cachedTypeCheck(req: TypeCheckRequest, check: () => Errors): Errors {
  let key: string | null = null;
  try {
    key = keyOf(req);
  } catch {
    // A folder that cannot be read whole, or holds more files than a grading takes, is checked afresh.
  }
  return cache.get(key, check);
}
