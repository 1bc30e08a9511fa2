import * as path from "node:path";
import { chapterPage, printId, printPrefix, type ChapterSource } from "./chapters";

const EXTERNAL = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * How a link written in a chapter resolves on the site. Chapters link to each other by file
 * (`02-prevlog-checks.md#the-consistency-check`), as they would on a code host; on the site
 * that is the chapter's page, or, in the print view where every chapter shares one page,
 * the prefixed anchor.
 */
export function linkResolver(
  chapters: readonly ChapterSource[],
  self: ChapterSource,
  print: boolean,
): (href: string) => string {
  const byName = new Map(
    chapters.map((c) => [path.basename(c.file) === "index.md" ? `${c.base}/index.md` : `${c.base}.md`, c]),
  );
  return (href) => {
    if (EXTERNAL.test(href)) return href;
    const hash = href.indexOf("#");
    const target = hash < 0 ? href : href.slice(0, hash);
    const anchor = hash < 0 ? "" : href.slice(hash + 1);
    const chapter =
      target === "" ? self : [...byName].find(([name]) => target === name || target.endsWith(`/${name}`))?.[1];
    if (!chapter) return href;
    if (print) return `#${anchor ? printPrefix(chapter) + anchor : printId(chapter)}`;
    return `${chapter === self ? "" : chapterPage(chapter)}${anchor ? `#${anchor}` : ""}` || "#";
  };
}
