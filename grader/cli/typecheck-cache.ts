import * as fs from "node:fs";
import * as path from "node:path";
import { DiskCache } from "../runtime/disk-cache";

/**
 * Type errors of unchanged code, kept between gradings: checking costs a second of CPU, and a
 * learner (or the self-tests) grades the same files again and again. The key covers every
 * TypeScript file the check could read: the implementation's own, the contract's and the
 * checker's, with the compiler's and Node's type versions.
 */
const CONTRACT = path.resolve(__dirname, "../contract");
const CHECKER = path.join(__dirname, "typecheck.ts");
/** An implementation folder with more files than this is checked afresh: it is not a workbook's. */
const MAX_FILES = 2_000;

export interface TypeCheckRequest {
  readonly implRoot: string;
  readonly implArg: string;
  readonly files: readonly string[];
}

type Errors = [string, string[]][];

const cache = new DiskCache<Errors>("raft-typecheck", 200);

/** The TypeScript sources under `dir`, outside node_modules and hidden folders; null past MAX_FILES. */
function sources(dir: string, out: string[] = []): string[] | null {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (sources(p, out) === null) return null;
    } else if (/\.(ts|tsx|mts|cts|json)$/.test(e.name)) {
      out.push(p);
      if (out.length > MAX_FILES) return null;
    }
  }
  return out;
}

function keyOf(req: TypeCheckRequest): string | null {
  const own = sources(req.implRoot);
  const contract = sources(CONTRACT);
  if (own === null || contract === null) return null;
  const files = [CHECKER, ...contract, ...own].sort();
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
    // A folder that cannot be read whole is checked afresh, and says why there.
  }
  return cache.get(key, check);
}
