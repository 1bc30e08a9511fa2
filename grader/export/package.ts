import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../stubs/source";

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly bin?: string | Record<string, string>;
  readonly [field: string]: unknown;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

function installed(name: string): Manifest {
  return readJson(path.join(ROOT, "node_modules", name, "package.json"));
}

/** Which of the workbook's packages provides each command a script can start (tsc: typescript). */
function binaries(declared: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of declared) {
    const { bin } = installed(name);
    const commands = typeof bin === "string" ? [name.replace(/^@[^/]+\//, "")] : Object.keys(bin ?? {});
    for (const command of commands) out.set(command, name);
  }
  return out;
}

/**
 * The workbook's package.json cut down to a starter's needs: `scripts`, and of the workbook's
 * packages only those the shipped files import, the scripts run, the tsconfig's `types` name,
 * and the peers these expect that the workbook installs too (ts-node --swc needs @swc/core).
 */
export function starterManifest(scripts: Record<string, string>, imported: readonly string[]): Manifest {
  const main = readJson<Manifest>(path.join(ROOT, "package.json"));
  const declared = { ...main.dependencies, ...main.devDependencies };
  const bins = binaries(Object.keys(declared));
  const types = readJson<{ compilerOptions?: { types?: string[] } }>(path.join(ROOT, "tsconfig.json")).compilerOptions
    ?.types;
  const wanted = new Set([
    ...imported,
    ...Object.values(scripts).flatMap((s) => bins.get(s.split(" ")[0]) ?? []),
    ...(types ?? []).map((t) => `@types/${t}`),
  ]);
  // A set's iteration visits what is added during it: peers of peers are reached too.
  for (const name of wanted) {
    if (!(name in declared)) throw new Error(`the starter needs ${name}, which is not a dependency of the workbook`);
    for (const peer of Object.keys(installed(name).peerDependencies ?? {})) if (peer in declared) wanted.add(peer);
  }
  const pick = (deps: Record<string, string> | undefined) => {
    const kept = Object.entries(deps ?? {}).filter(([name]) => wanted.has(name));
    return kept.length > 0 ? Object.fromEntries(kept) : undefined;
  };
  return { ...main, scripts, dependencies: pick(main.dependencies), devDependencies: pick(main.devDependencies) };
}

/**
 * Writes `dir`'s package-lock.json: the workbook's lock, pruned by npm to the starter's
 * package.json. Offline and without fetching anything, so it keeps the workbook's versions
 * and its every-platform optional binaries (@swc/core-*), and `npm ci` takes it as it is.
 */
export function writeLock(dir: string): void {
  fs.copyFileSync(path.join(ROOT, "package-lock.json"), path.join(dir, "package-lock.json"));
  const npm = spawnSync(
    "npm",
    ["install", "--package-lock-only", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"],
    { cwd: dir, encoding: "utf8", shell: process.platform === "win32" },
  );
  if (npm.status !== 0) throw new Error(`npm could not prune the lock file for ${dir}:\n${npm.stderr}`);
}
