import * as fs from "node:fs";
import * as path from "node:path";
import { BuildError } from "./errors";
import { splitFrontMatter, type FrontMatter } from "./frontmatter";

/** A chapter file as read from disk. */
export interface ChapterSource {
  /** The file, relative to the repository root, for messages: "chapters/02-prevlog-checks.md". */
  readonly file: string;
  /** The file's name without .md, which names its pages: "02-prevlog-checks". */
  readonly base: string;
  readonly meta: FrontMatter;
  readonly body: string;
  /** Lines before the body (the front matter), so errors can give the file's line numbers. */
  readonly bodyLine: number;
}

/** Every chapter in `dir`: each `*.md` file, or a folder holding an `index.md`, ordered by number. */
export function loadChapters(dir: string, root: string): ChapterSource[] {
  if (!fs.existsSync(dir)) throw new BuildError(`the chapters folder ${path.relative(root, dir)} does not exist`);
  const chapters: ChapterSource[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const file = name.endsWith(".md") ? full : path.join(full, "index.md");
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    const rel = path.relative(root, file);
    const { meta, body, bodyLine } = splitFrontMatter(fs.readFileSync(file, "utf8"), rel);
    chapters.push({ file: rel, base: name.replace(/\.md$/, ""), meta, body, bodyLine });
  }
  if (chapters.length === 0)
    throw new BuildError(`no chapters in ${path.relative(root, dir)}: expected files like 01-vanilla-broadcast.md`);
  chapters.sort((a, b) => a.meta.number - b.meta.number);
  for (let i = 1; i < chapters.length; i++) {
    if (chapters[i].meta.number === chapters[i - 1].meta.number) {
      throw new BuildError(
        `${chapters[i - 1].file} and ${chapters[i].file} both say they are chapter ${chapters[i].meta.number}`,
      );
    }
  }
  return chapters;
}

export function chapterPage(c: ChapterSource): string {
  return `${c.base}.html`;
}

export function exercisesPage(c: ChapterSource): string {
  return `${c.base}-exercises.html`;
}

/** Where the site keeps a copy of the chapter's Markdown, so its pages can link to their source offline too. */
export function sourceCopy(c: ChapterSource): string {
  return `source/${c.base}.md`;
}

/** The chapter's own anchor in the print view, where every chapter shares one page. */
export function printId(c: ChapterSource): string {
  return `ch${c.meta.number}`;
}

/** What the chapter's anchors are prefixed with in the print view. */
export function printPrefix(c: ChapterSource): string {
  return `${printId(c)}-`;
}
