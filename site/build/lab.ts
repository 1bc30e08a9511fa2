import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../../grader/chapters/registry";
import { stubFromSolution } from "../../grader/stubs/generate";
import type { RenderedChapter } from "./chapter";
import { bundleLab } from "./lab-bundle";
import type { Output } from "./output";

/** The lab's page script and the worker's, which the page starts: loaded by lab pages only. */
const PAGE_SCRIPT = "assets/lab.js";
const WORKER = "assets/lab-worker.js";

/** A lab's data: the stubs, and the reference's files of the chapters before it only. */
function dataScript(n: number): string {
  return `assets/lab-ch${n}.js`;
}

/** The scripts of chapter n's lab page, after the player's. */
export function labScripts(n: number): string[] {
  return [dataScript(n), PAGE_SCRIPT];
}

/** A chapter's lab page, or null for a chapter without graded exercises (the epilogue). */
export function labPage(c: RenderedChapter): string | null {
  return CHAPTERS.some((d) => d.number === c.source.meta.number) ? `${c.source.base}-lab.html` : null;
}

/** What the lab template shows: the chapter, and its player (empty until a failing run is opened). */
export function labView(c: RenderedChapter) {
  return {
    number: c.source.meta.number,
    chapterTitle: c.source.meta.title,
    chapterPage: c.page,
    exercisesPage: c.exercisesPage,
    player: { uid: "lab-player", key: null, title: "No failing run open yet" },
  };
}

/**
 * The lab's files: every chapter's stub (made from the reference as `npm run stubs` makes
 * exercises/), the reference's files for grading on top of them (--isolate), and the bundles.
 */
export function writeLab(out: Output, chapters: readonly RenderedChapter[], implRoot: string): void {
  const read = (file: string) => fs.readFileSync(path.join(implRoot, file), "utf8");
  const stubs = Object.fromEntries(CHAPTERS.map((d) => [d.file, stubFromSolution(read(d.file), d.file)]));
  const files = CHAPTERS.map((d) => ({ number: d.number, title: d.title, file: d.file }));
  for (const c of chapters) {
    const n = c.source.meta.number;
    if (labPage(c) === null) continue;
    const earlier = CHAPTERS.filter((d) => d.number < n);
    const data = {
      chapter: n,
      worker: WORKER,
      files: files.filter((f) => f.number <= n),
      allFiles: files,
      stubs,
      reference: Object.fromEntries(earlier.map((d) => [d.file, read(d.file)])),
    };
    out.write(dataScript(n), `self.RAFT_LAB = ${JSON.stringify(data)};\n`);
  }
  const scripts = bundleLab();
  out.write(PAGE_SCRIPT, scripts.page);
  out.write(WORKER, scripts.worker);
}
