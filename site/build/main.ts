import * as path from "node:path";
import { buildSite, REPO_ROOT, SITE_DIR } from "./build";
import { BuildError } from "./errors";

const USAGE = "usage: npm run site -- [--impl DIR] [--chapters DIR] [--out DIR]";

function parseArgs(argv: readonly string[]) {
  const values: Record<string, string> = {
    impl: "solutions",
    chapters: "chapters",
    out: path.relative(REPO_ROOT, path.join(SITE_DIR, "dist")),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = /^--(impl|chapters|out)$/.exec(argv[i])?.[1];
    const value = argv[i + 1];
    if (!name || value === undefined || value.startsWith("--"))
      throw new BuildError(`${argv[i]}: not an option\n${USAGE}`);
    values[name] = value;
  }
  const chaptersDir = path.resolve(values.chapters);
  return {
    implRoot: path.resolve(values.impl),
    chaptersDir,
    outDir: path.resolve(values.out),
    descriptors: chaptersDir === path.join(REPO_ROOT, "chapters"),
  };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function main(): number {
  try {
    const options = parseArgs(process.argv.slice(2));
    const { chapters, sizes } = buildSite(options);
    // From the process's start, so loading the builder's modules counts too.
    const ms = performance.now();
    const pages = [...sizes.keys()].filter((f) => f.endsWith(".html"));
    process.stdout.write(
      `site: ${chapters.length} chapters, ${pages.length} pages in ${(ms / 1000).toFixed(2)} s → ${path.relative(process.cwd(), options.outDir) || "."}\n`,
    );
    const assets = [...sizes].filter(([f]) => f.startsWith("assets/")).reduce((sum, [, n]) => sum + n, 0);
    process.stdout.write(
      `  style and scripts: ${kb(assets)} in all; search index, loaded on first search: ${kb(sizes.get("search-index.js") ?? 0)}\n`,
    );
    for (const note of chapters.flatMap((c) => c.figures.failed)) process.stderr.write(`site: note: ${note}\n`);
    for (const c of chapters) {
      const page = sizes.get(c.page) ?? 0;
      const traces = sizes.get(`traces/${c.source.base}.js`);
      process.stdout.write(
        `  ${c.page.padEnd(32)} ${kb(page).padStart(9)}${traces ? `  (+ traces ${kb(traces)})` : ""}\n`,
      );
    }
    return 0;
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    process.stderr.write(`site: ${err.message}\n`);
    return 1;
  }
}

process.exitCode = main();
