import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";

const LAB = path.resolve(__dirname, "../lab");
const GRADER = path.resolve(__dirname, "../../grader");
const SHIMS = path.join(LAB, "shims");

/** The lab's two scripts: the page's (editor and scorecard) and the worker's (the grading core). */
export interface LabScripts {
  readonly page: string;
  readonly worker: string;
}

/** What the grading core requires only when it needs it (the compiler, on a cache miss), by specifier. */
const REQUIRED_LATER = { "./transpile": path.join(GRADER, "sandbox/transpile.ts") };

/**
 * The chapters as the bundle knows them: the registry finds them by listing its folder and
 * requiring each, which a bundle cannot do at run time, so this module (generated from the same
 * listing) lists the folders in the worker's file system and hands over their modules; each
 * chapter's graded suite is evaluated only when that chapter is graded. The modules of
 * REQUIRED_LATER are handed over the same way.
 */
function chaptersModule(dir: string): string {
  const folders = fs.readdirSync(path.join(GRADER, "chapters")).filter((n) => /^ch\d+$/.test(n));
  const file = path.join(dir, "chapters.ts");
  const at = (name: string, rel: string) => JSON.stringify(path.join(GRADER, "chapters", name, rel));
  const later = Object.entries(REQUIRED_LATER);
  fs.writeFileSync(
    file,
    [
      `import { writeFileSync } from ${JSON.stringify(path.join(SHIMS, "fs.ts"))};`,
      ...folders.map((name) => `import * as ${name} from ${at(name, "index.ts")};`),
      ...later.map(([, source], i) => `import * as later${i} from ${JSON.stringify(source)};`),
      `const modules: Record<string, unknown> = { ${[
        ...folders.map((n) => `"./${n}": ${n}`),
        ...later.map(([spec], i) => `${JSON.stringify(spec)}: later${i}`),
      ].join(", ")} };`,
      ...folders.map((name) => `writeFileSync("/grader/chapters/${name}/index.ts", "");`),
      `export function labRequire(spec: string): unknown {`,
      `  if (!(spec in modules)) throw new Error(\`\${spec} is not in the lab's bundle\`);`,
      `  return modules[spec];`,
      `}`,
      `export const labSuites: Record<number, () => Promise<unknown>> = {`,
      ...folders.map((name) => `  ${name.slice(2)}: () => import(${at(name, "grade.test.ts")}),`),
      `};`,
      "",
    ].join("\n"),
  );
  return file;
}

function contractSources(): Record<string, string> {
  const dir = path.join(GRADER, "contract");
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
  );
}

const NODE_ONLY = path.join(SHIMS, "node-only.ts");

/** Bundles the lab's scripts with esbuild, minified, for browsers of the last few years. */
export function bundleLab(): LabScripts {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "raft-lab-"));
  try {
    const common = {
      bundle: true,
      write: false,
      minify: true,
      format: "iife",
      target: "es2022",
      platform: "browser",
      logLevel: "error",
    } as const;
    const worker = buildSync({
      ...common,
      entryPoints: [path.join(LAB, "worker.ts")],
      alias: {
        "node:fs": path.join(SHIMS, "fs.ts"),
        "node:path": "path-browserify",
        "node:crypto": path.join(SHIMS, "crypto.ts"),
        "node:os": NODE_ONLY,
        "node:child_process": NODE_ONLY,
        "node:worker_threads": NODE_ONLY,
      },
      inject: [path.join(SHIMS, "process.ts"), chaptersModule(scratch)],
      define: {
        // Every grader module sits one folder under /grader in the worker's file system.
        __dirname: JSON.stringify("/grader/chapters"),
        require: "labRequire",
        labContract: JSON.stringify(contractSources()),
      },
    });
    const page = buildSync({ ...common, entryPoints: [path.join(LAB, "page.ts")] });
    return { worker: worker.outputFiles[0].text, page: page.outputFiles[0].text };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
