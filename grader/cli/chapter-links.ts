import * as fs from "node:fs";
import * as path from "node:path";
import { chapterInfo } from "../chapters/registry";
import { textFileOf } from "../chapters/descriptor";

const ROOT = path.resolve(__dirname, "../..");
/** Where the built study site is: a starter repository ships it in site/; the workbook builds it into site/dist/. */
const SITE_DIRS = ["site", "site/dist"];

/**
 * Where to read about a section of chapter `n`: its Markdown source, and its page on the study
 * site if that site is built in this tree (null otherwise).
 */
export function sectionLinks(n: number, section: string): { source: string; site: string | null } | null {
  const file = textFileOf(chapterInfo(n));
  if (!fs.existsSync(path.join(ROOT, "chapters", file))) return null;
  const page = file.replace(/\.md$/, ".html");
  const site = SITE_DIRS.find((dir) => fs.existsSync(path.join(ROOT, dir, page)));
  return { source: `chapters/${file}#${section}`, site: site === undefined ? null : `${site}/${page}#${section}` };
}
