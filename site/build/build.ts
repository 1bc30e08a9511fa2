import * as fs from "node:fs";
import * as path from "node:path";
import { renderChapter, type RenderedChapter } from "./chapter";
import { loadChapters, sourceCopy } from "./chapters";
import { checkAgainstDescriptors } from "./descriptors";
import { checkCaptions } from "./figures";
import { writeLab } from "./lab";
import { createMarkdown } from "./markdown";
import { Output } from "./output";
import { sitePages, traceScript } from "./pages";
import { searchIndexScript, sectionDocs, type SearchDoc } from "./search-index";
import { Templates } from "./templates";
import { packTrace } from "./trace-pack";

export const SITE_DIR = path.resolve(__dirname, "..");
export const REPO_ROOT = path.resolve(SITE_DIR, "..");

export interface BuildOptions {
  readonly chaptersDir: string;
  /** The implementation whose runs the figures and players show: the reference by default. */
  readonly implRoot: string;
  readonly outDir: string;
  /** Check the texts against the grader's chapter descriptors (the repository's own chapters). */
  readonly descriptors?: boolean;
}

export interface BuildSummary {
  readonly chapters: readonly RenderedChapter[];
  /** Bytes per file written, by path inside the output folder. */
  readonly sizes: ReadonlyMap<string, number>;
}

function searchDocs(chapters: readonly RenderedChapter[]): SearchDoc[] {
  return chapters.flatMap((c) => {
    const where = `Chapter ${c.source.meta.number} · ${c.source.meta.title}`;
    const exercises = [
      ...c.exercises.files.map(
        (f) => `${f.path} ${f.todos.map((t) => `TODO ${t.id} ${t.className} ${t.method} ${t.text}`).join(" ")}`,
      ),
      ...c.exercises.tests.map((t) => `${t.id} ${t.title}`),
    ];
    return [
      ...sectionDocs(where, c.page, c.web.sections),
      { where, title: "Exercises", href: c.exercisesPage, text: exercises.join(" ") },
    ];
  });
}

/** Trace data as a script setting a global, since players must load it from file:// too; packed, since a run is long. */
function tracesScript(c: RenderedChapter): string {
  const lines = [...c.figures.played].map(
    ([key, trace]) => `RAFT_TRACES[${JSON.stringify(key)}] = ${JSON.stringify(packTrace(trace))};`,
  );
  return `var RAFT_TRACES = self.RAFT_TRACES = self.RAFT_TRACES || {};\n${lines.join("\n")}\n`;
}

export function buildSite(options: BuildOptions): BuildSummary {
  const all = loadChapters(options.chaptersDir, REPO_ROOT);
  if (options.descriptors) checkAgainstDescriptors(all);
  const templates = new Templates(path.join(SITE_DIR, "templates"));
  const ctx = { all, md: createMarkdown(), templates, root: REPO_ROOT, implRoot: options.implRoot };
  const chapters = all.map((source) => renderChapter(source, ctx));
  checkCaptions(chapters.map((c) => c.figures));
  const out = new Output(options.outDir);
  out.copyAssets(path.join(SITE_DIR, "assets"), "assets");
  for (const c of chapters) {
    const file = traceScript(c);
    if (file) out.write(file, tracesScript(c));
  }
  for (const c of chapters) out.write(sourceCopy(c.source), fs.readFileSync(path.join(REPO_ROOT, c.source.file)));
  out.write("search-index.js", searchIndexScript(searchDocs(chapters)));
  writeLab(out, chapters, options.implRoot);
  for (const page of sitePages(chapters, templates)) out.write(page.file, page.html);
  return { chapters, sizes: out.sizes };
}
