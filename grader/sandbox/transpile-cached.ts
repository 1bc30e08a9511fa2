import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { DiskCache } from "../runtime/disk-cache";
import type { Transpiled } from "./transpile";

/** The compiler's complaints about a file that cannot even be transpiled (a syntax error), with the file's positions. */
export class SyntaxProblem extends Error {
  constructor(readonly details: string) {
    super(`syntax error:\n${details}`);
    this.name = "SyntaxError";
  }
}

/**
 * Transpiled files kept between gradings. Each chapter's process bundles the host's modules,
 * the contract and the learner's files; loading the compiler and transpiling them costs about a
 * second of CPU, for files that rarely change from one grading to the next.
 */
const cache = new DiskCache<Transpiled>("raft-transpile", 500);
let transpiler: Buffer | undefined;

/** The cache's key for one transpilation; null where there is no disk to keep it on (the lab's worker). */
function keyOf(source: string, fileName: string, label: string, guard: string): string | null {
  try {
    transpiler ??= fs.readFileSync(path.join(__dirname, "transpile.ts"));
    // Only the file's name reaches the output (its source map's), not its folder: a copy elsewhere hits the cache.
    const name = path.basename(fileName);
    return DiskCache.key([DiskCache.version("typescript"), transpiler, name, label, guard, source]);
  } catch {
    return null;
  }
}

function transpileNow(source: string, fileName: string, label: string, guard: string | null): Transpiled {
  // Loaded only when needed: the compiler alone takes a few hundred milliseconds to load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const { transpile } = require("./transpile") as typeof import("./transpile");
  return transpile(source, fileName, label, guard);
}

/**
 * A new loop guard's name, unguessable: one per grading process. Every name has the same
 * length, so each process's transpiled files share one cache entry (see placeholderFor).
 */
export function loopGuardName(): string {
  return `__raftLoopGuard_${crypto.randomBytes(8).toString("hex")}`;
}

/**
 * The loop guard's name stands in the cache as a placeholder of the same length, so every
 * column of the source map holds: the guard's name is new for each grading process, the code
 * around it is not. A source that could spell the placeholder (it holds it, or a \u escape)
 * is transpiled afresh, so that only the guard's own calls are renamed.
 */
function placeholderFor(guard: string): string | null {
  const stem = "__cachedLoopGuard";
  return guard.length >= stem.length ? stem.padEnd(guard.length, "_") : null;
}

/** `transpile` (see transpile.ts), from the cache when the same file was transpiled the same way before. */
export function transpileCached(source: string, fileName: string, label: string, guard: string | null): Transpiled {
  if (guard === null) {
    return cache.get(keyOf(source, fileName, label, ""), () => transpileNow(source, fileName, label, null));
  }
  const stand = placeholderFor(guard);
  if (stand === null || source.includes(stand) || source.includes("\\u")) {
    return transpileNow(source, fileName, label, guard);
  }
  const out = cache.get(keyOf(source, fileName, label, stand), () => transpileNow(source, fileName, label, stand));
  return { ...out, code: out.code.split(stand).join(guard) };
}
