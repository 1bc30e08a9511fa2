import { CHAPTERS } from "../chapters/registry";
import { parseGradeArgs } from "./args";
import { gradeOrExplain, runMain } from "./command";
import { sectionLinks } from "./chapter-links";

/**
 * `npm run hint -- --chapter N`: grades the chapter and lists the hints of its failing tests,
 * gentlest first, each with the section of the chapter that explains it.
 */
async function main(argv: readonly string[]): Promise<number> {
  const args = parseGradeArgs(
    argv,
    CHAPTERS.map((c) => c.number),
  );
  const report = await gradeOrExplain(args);
  if (!report) return 2;
  const failing = report.chapters.flatMap((c) => c.tests.filter((t) => !t.passed));
  if (failing.length === 0) {
    console.log(`Every test of chapter ${args.chapters.join(", ")} passes: no hints needed.`);
    return 0;
  }
  const depth = Math.max(...failing.map((t) => t.hints.length));
  console.log(`${failing.length} failing test${failing.length > 1 ? "s" : ""}; hints from gentlest to strongest.\n`);
  for (const t of failing) {
    const links = sectionLinks(t.chapter, t.section);
    console.log(`${t.id}: ${t.title}`);
    console.log(`  what happened: ${t.message.split("\n")[0]}`);
    t.hints.forEach((h, i) => console.log(`  hint ${i + 1}/${t.hints.length}: ${h}`));
    if (links)
      console.log(
        `  read: ${links.source}  ${links.site ? `(on the site: ${links.site})` : "(on the study site once it is built: npm run site)"}`,
      );
    console.log("");
  }
  if (depth > 1) console.log("Try the first hint of each test before reading the later ones.");
  return 1;
}

runMain(main);
