import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Type errors of unchanged code, kept between gradings: checking costs a second of CPU, and a
 * learner (or the self-tests) grades the same files again and again. The key covers every
 * TypeScript file the check could read: the implementation's own, the contract's and the
 * checker's, with the compiler's version.
 */
const REPO = path.resolve(__dirname, "../..");
const CACHE = path.join(REPO, "node_modules/.cache/raft-typecheck");
const CONTRACT = path.join(REPO, "grader/contract");
const CHECKER = path.join(__dirname, "typecheck.ts");
/** An implementation folder with more files than this is checked afresh: it is not a workbook's. */
const MAX_FILES = 2_000;

export interface TypeCheckRequest {
  readonly implRoot: string;
  readonly implArg: string;
  readonly files: readonly string[];
}

type Errors = [string, string[]][];

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
  const hash = crypto.createHash("sha256");
  const versions = ["typescript", "@types/node"].map(
    (pkg) =>
      (JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", pkg, "package.json"), "utf8")) as { version: string })
        .version,
  );
  hash.update(JSON.stringify({ versions, implArg: req.implArg, implRoot: req.implRoot, files: req.files }));
  for (const file of [CHECKER, ...contract, ...own].sort()) {
    hash.update(`\0${file}\0`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

/** Entries kept: the self-tests' mutants alone would otherwise leave hundreds behind. */
const KEEP = 200;

/** Drops the oldest entries past KEEP. */
function prune(): void {
  const entries = fs.readdirSync(CACHE);
  if (entries.length <= KEEP) return;
  const byAge = entries
    .map((name) => ({ name, at: fs.statSync(path.join(CACHE, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of byAge.slice(KEEP)) fs.rmSync(path.join(CACHE, name), { force: true });
}

/** The errors by file, from the cache when the same sources were checked before. */
export function cachedTypeCheck(req: TypeCheckRequest, check: () => Errors): Errors {
  let key: string | null = null;
  try {
    key = keyOf(req);
    if (key !== null) return JSON.parse(fs.readFileSync(path.join(CACHE, `${key}.json`), "utf8")) as Errors;
  } catch {
    // Not cached yet (or unreadable): check afresh.
  }
  const errors = check();
  if (key !== null) {
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      // Written whole, then renamed: a grading beside this one never reads half a file.
      const tmp = path.join(CACHE, `${key}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, JSON.stringify(errors));
      fs.renameSync(tmp, path.join(CACHE, `${key}.json`));
      prune();
    } catch {
      // A cache that cannot be written only costs the next grading its second.
    }
  }
  return errors;
}
