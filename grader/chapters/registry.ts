import * as fs from "node:fs";
import * as path from "node:path";
import type { ChapterDescriptor } from "./descriptor";

/**
 * Every chapter, found by its descriptor folder (grader/chapters/chN/index.ts), in order. No
 * list names the chapters: adding a folder adds the chapter everywhere.
 */
function discover(): ChapterDescriptor[] {
  const found: ChapterDescriptor[] = [];
  for (const name of fs.readdirSync(__dirname)) {
    const m = /^ch(\d+)$/.exec(name);
    if (!m || !fs.existsSync(path.join(__dirname, name, "index.ts"))) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the folder list is only known at run time
    const { CHAPTER } = require(`./${name}`) as { CHAPTER?: ChapterDescriptor };
    if (!CHAPTER) throw new Error(`grader/chapters/${name}/index.ts must export CHAPTER, the chapter's descriptor`);
    if (CHAPTER.number !== Number(m[1])) {
      throw new Error(`grader/chapters/${name}/index.ts describes chapter ${CHAPTER.number}; its folder says ${m[1]}`);
    }
    found.push(CHAPTER);
  }
  return found.sort((a, b) => a.number - b.number);
}

export const CHAPTERS: readonly ChapterDescriptor[] = discover();

export function chapterInfo(n: number): ChapterDescriptor {
  const c = CHAPTERS.find((x) => x.number === n);
  if (!c) throw new Error(`there is no chapter ${n}; chapters are ${CHAPTERS.map((x) => x.number).join(", ")}`);
  return c;
}
