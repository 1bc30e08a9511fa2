import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** Where to read about a section of chapter `n`: its Markdown source and its page on the built site. */
export function sectionLinks(n: number, section: string): { source: string; site: string } | null {
  const prefix = String(n).padStart(2, "0") + "-";
  const file = fs.existsSync(path.join(ROOT, "chapters"))
    ? fs.readdirSync(path.join(ROOT, "chapters")).find((f) => f.startsWith(prefix) && f.endsWith(".md"))
    : undefined;
  if (!file) return null;
  const base = file.replace(/\.md$/, "");
  return { source: `chapters/${file}#${section}`, site: `site/dist/${base}.html#${section}` };
}
