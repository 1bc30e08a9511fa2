import * as fs from "node:fs";
import * as path from "node:path";
import { SyntaxProblem, transpileCached as transpile } from "./transpile-cached";
import { stateFreeTogether, type ModuleState } from "./module-state";

/** A module as the host evaluates it, keyed by a path without its extension ("impl/ch2-prevlog"). */
export interface BundledModule {
  readonly code: string;
  /** The name stack traces and loop guards show: "exercises/ch2-prevlog.ts". */
  readonly label: string;
}

export interface LearnerBundle {
  readonly modules: Readonly<Record<string, BundledModule>>;
  /** Source maps by label, kept on the trusted side to turn stack positions back into the learner's lines. */
  readonly maps: ReadonlyMap<string, string>;
  /** No learner module holds state of its own, so one evaluation may serve every node (see state-free.ts). */
  readonly stateFree: boolean;
}

const GRADER = path.resolve(__dirname, "..");
/** What an implementation folder may hold: enough for any Raft, never a reason to run out of memory. */
const MAX_FILES = 200;
const MAX_BYTES = 4 * 1024 * 1024;

/** The node contract, evaluated afresh with each node like the learner's own files (it holds NodeBase). */
const CONTRACT = ["index", "types", "env", "node", "kv"];

/**
 * Transpiles an implementation folder (every .ts file in it, loops guarded) and the node
 * contract, for the host to evaluate. A file that does not transpile throws its syntax error when required.
 */
export function bundleImplementation(implRoot: string, implArg: string, guard: string): LearnerBundle {
  const modules: Record<string, BundledModule> = {};
  const maps = new Map<string, string>();
  const states: (ModuleState | null)[] = [];
  let bytes = 0;
  for (const rel of sourceFiles(implRoot)) {
    const source = fs.readFileSync(path.join(implRoot, rel), "utf8");
    bytes += source.length;
    if (bytes > MAX_BYTES) throw new Error(`${implArg} holds more than ${MAX_BYTES / 1024 / 1024} MB of TypeScript`);
    const label = path.posix.join(implArg.split(path.sep).join("/"), rel);
    const key = `impl/${rel.replace(/\.ts$/, "")}`;
    try {
      const out = transpile(source, path.join(implRoot, rel), label, guard);
      modules[key] = { code: out.code, label };
      maps.set(label, out.map);
      states.push(out.state ?? null);
    } catch (err) {
      if (!(err instanceof SyntaxProblem)) throw err;
      states.push(null);
      // Thrown when the file is first required, so only the chapters that import it fail.
      modules[key] = { code: `throw new SyntaxError(${JSON.stringify(err.message)});`, label };
    }
  }
  for (const name of CONTRACT) {
    const file = path.join(GRADER, "contract", `${name}.ts`);
    const label = `@raft/contract/${name}.ts`;
    modules[`contract/${name}`] = { code: transpile(fs.readFileSync(file, "utf8"), file, label, null).code, label };
  }
  return { modules, maps, stateFree: stateFreeTogether(states) };
}

const isModule = (name: string): boolean => name.endsWith(".ts") && !name.endsWith(".d.ts");

/**
 * The files under `root` whose names `accept` takes (by default every .ts file but .d.ts),
 * outside node_modules and hidden folders, as posix paths relative to it.
 */
export function sourceFiles(root: string, accept: (name: string) => boolean = isModule): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(rel);
      else if (entry.isFile() && accept(entry.name)) found.push(rel);
      if (found.length > MAX_FILES) throw new Error(`the implementation folder holds more than ${MAX_FILES} .ts files`);
    }
  };
  walk("");
  return found.sort();
}

/** The host's own (trusted) modules, transpiled for the host process, which has no TypeScript loader. */
const HOST_MODULES = [
  "sandbox/host-main",
  "sandbox/compartment",
  "sandbox/frames",
  "sandbox/wire",
  "sim/host-core",
  "sim/host-protocol",
  "sim/lists",
  "sim/messages",
  "sim/storage",
  "sim/prng",
  "sim/errors",
];

let hostModules: Record<string, string> | undefined;

export function hostBundle(): Record<string, string> {
  hostModules ??= Object.fromEntries(
    HOST_MODULES.map((key) => {
      const file = path.join(GRADER, `${key}.ts`);
      return [key, transpile(fs.readFileSync(file, "utf8"), file, key, null).code];
    }),
  );
  return hostModules;
}
