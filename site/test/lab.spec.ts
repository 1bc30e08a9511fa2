import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { CHAPTERS } from "../../grader/chapters/registry";
import { materialize } from "../../grader/zoo/apply";
import { test, expect } from "./fixtures";
import {
  cliScorecard,
  filesOf,
  filesOfTemporary,
  gradeFolder,
  labOf,
  pasteIntoEditor,
  runInLab,
  uploadFiles,
  writeFiles,
} from "./lab-helpers";

const REPO = path.resolve(__dirname, "../..");
const SOLUTIONS = path.join(REPO, "solutions");
const reference = filesOf(SOLUTIONS);
const stubs = filesOf(path.join(REPO, "exercises"));
const [first] = CHAPTERS;

// Runs in the "http" project only (playwright.config.ts): the lab's worker needs the site served.

test.describe("the lab, served", () => {
  for (const chapter of CHAPTERS) {
    // npm test grades chapter 1 in the lab; the later chapters, a minute each, are npm run test:full's.
    const tier = { tag: chapter.number === 1 ? [] : ["@full"] };
    test(
      `chapter ${chapter.number}: the reference, the stubs and a bug-zoo mutant get the CLI's scorecard`,
      tier,
      async ({ page, site }) => {
        test.setTimeout(240_000);
        const mutant = chapter.mutants.find((m) => m.file === chapter.file) ?? chapter.mutants[0];
        const cases = [
          { name: "the reference", files: reference },
          { name: "the stubs", files: { ...reference, [chapter.file]: stubs[chapter.file] } },
          { name: `mutant ${mutant.id}`, files: filesOfTemporary(() => materialize(SOLUTIONS, mutant)) },
        ];
        const expected = Promise.all(cases.map((c) => cliScorecard(c.files, chapter.number)));
        await page.goto(site.url(labOf(site.chapterPage(chapter.number))));
        const graded: string[] = [];
        for (const c of cases) {
          await uploadFiles(page, c.files);
          await pasteIntoEditor(page, c.files[chapter.file]);
          graded.push(await runInLab(page));
        }
        const cli = await expected;
        for (const [i, c] of cases.entries()) expect(graded[i], `${c.name}, chapter ${chapter.number}`).toBe(cli[i]);
      },
    );
  }

  test(
    "a loop the loop guard cannot see is stopped by the budget, and the page stays responsive",
    { tag: "@full" },
    async ({ page, site }) => {
      // A regular expression that backtracks for ever: no loop of the reader's for the guard to count.
      // In the leader's TODO and the follower's, so that every test of the chapter meets it.
      const endless = stubs[first.file]
        .replace(/return todo\("TODO 1\.1[^;]*;/, 'return /^(a|a)*$/.test("a".repeat(64) + "b") ? 0 : 1;')
        .replace(/todo\("TODO 1\.3[^;]*;/, 'if (/^(a|a)*$/.test("a".repeat(64) + "b")) return;');
      expect(endless, "the stub's first TODO is where the test expects it").not.toBe(stubs[first.file]);
      await page.goto(site.url(`${labOf(site.chapterPage(first.number))}?budget=1`));
      await pasteIntoEditor(page, endless);
      await page.locator(".lab-seeds").selectOption("0.1");
      await page.locator(".lab-run").click();
      await expect(page.locator(".lab-status")).toContainText("Grading:");
      // While the worker is stuck, the page still takes the reader's typing.
      await page.locator(".lab-editor .cm-content").click();
      await page.keyboard.press("ControlOrMeta+Home");
      await page.keyboard.type("// still typing\n");
      await expect(page.locator(".lab-editor .cm-content")).toContainText("// still typing");
      await expect(page.locator(".lab-status")).toContainText("Graded in", { timeout: 60_000 });
      await expect(page.locator(".lab-first")).toContainText(
        "this test was stopped: it ran past the lab's budget of 1 s",
      );
      await expect(page.locator(".lab-run")).toBeEnabled();
    },
  );

  test("a reload keeps the reader's code", async ({ page, site }) => {
    const lab = site.url(labOf(site.chapterPage(first.number)));
    await page.goto(lab);
    await page.locator(".lab-editor .cm-content").click();
    await page.keyboard.press("ControlOrMeta+Home");
    await page.keyboard.type("// my own line\n");
    await page.reload();
    await expect(page.locator(".lab-editor .cm-content")).toContainText("// my own line");
  });

  test(
    "the downloaded exercises/ folder gets the lab's score from npm run grade",
    { tag: "@full" },
    async ({ page, site }) => {
      test.setTimeout(120_000);
      const mutant = first.mutants[0];
      await page.goto(site.url(labOf(site.chapterPage(first.number))));
      await uploadFiles(page, reference);
      await pasteIntoEditor(page, filesOfTemporary(() => materialize(SOLUTIONS, mutant))[first.file]);
      const lab = await runInLab(page);
      const download = page.waitForEvent("download");
      await page.locator(".lab-download").click();
      const zip = fs.readFileSync(await (await download).path());
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "raft-lab-download-"));
      try {
        const entries = unzipSync(new Uint8Array(zip));
        writeFiles(
          scratch,
          Object.fromEntries(Object.entries(entries).map(([name, bytes]) => [name, strFromU8(bytes)])),
        );
        expect(await gradeFolder(scratch, first.number)).toBe(lab);
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
});
