import * as path from "node:path";
import { CHAPTERS } from "../../grader/chapters/registry";
import { materialize } from "../../grader/zoo/apply";
import { test, expect } from "./fixtures";
import { cliScorecard, filesOf, pasteIntoEditor, runInLab, uploadFiles } from "./lab-helpers";

const REPO = path.resolve(__dirname, "../..");
const reference = filesOf(path.join(REPO, "solutions"));
const stubs = filesOf(path.join(REPO, "exercises"));

test.describe("the lab grades as npm run grade does", () => {
  test.skip(({ siteMode }) => siteMode !== "http", "the lab's worker needs the site served");

  for (const chapter of CHAPTERS) {
    test(`chapter ${chapter.number}: the reference, the stubs and a bug-zoo mutant get the CLI's scorecard`, async ({
      page,
      site,
    }) => {
      test.setTimeout(240_000);
      const mutant = chapter.mutants.find((m) => m.file === chapter.file) ?? chapter.mutants[0];
      const cases = [
        { name: "the reference", files: reference },
        { name: "the stubs", files: { ...reference, [chapter.file]: stubs[chapter.file] } },
        { name: `mutant ${mutant.id}`, files: filesOf(materialize(path.join(REPO, "solutions"), mutant)) },
      ];
      const expected = await Promise.all(cases.map((c) => cliScorecard(c.files, chapter.number)));
      await page.goto(site.url(`${path.basename(chapterPageOf(chapter.number), ".html")}-lab.html`));
      for (const [i, c] of cases.entries()) {
        await uploadFiles(page, c.files);
        await pasteIntoEditor(page, c.files[chapter.file]);
        expect(await runInLab(page), `${c.name}, chapter ${chapter.number}`).toBe(expected[i]);
      }
    });
  }
});

/** A chapter's page name, from its descriptor, as the site names it. */
function chapterPageOf(n: number): string {
  const c = CHAPTERS.find((d) => d.number === n);
  if (!c) throw new Error(`no chapter ${n}`);
  return `${String(n).padStart(2, "0")}-${c.slug}.html`;
}
