import { CHAPTERS } from "../../grader/chapters/registry";
import { test, expect } from "./fixtures";
import { labOf } from "./lab-helpers";

// Runs in the "file" project only (playwright.config.ts): this is the file:// case.
const [first] = CHAPTERS;

test("opened from a file, the lab works or says plainly why it cannot", async ({ page, site }) => {
  await page.goto(site.url(labOf(site.chapterPage(first.number))));
  const refusal = page.locator(".lab-unavailable");
  if (await refusal.isVisible()) {
    await expect(refusal).toContainText("Serve the site instead (npm run serve");
    await expect(page.locator(".lab-run")).toBeDisabled();
  } else {
    await page.locator(".lab-seeds").selectOption("0.1");
    await page.locator(".lab-run").click();
    await expect(page.locator(".lab-status")).toContainText("Graded in", { timeout: 60_000 });
  }
});
