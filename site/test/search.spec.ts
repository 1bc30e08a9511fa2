import { axeViolations, expect, test } from "./fixtures";

test('searching "prevLogTerm" lists chapter 2, and the result lands on its section', async ({ page, site }) => {
  await page.goto(site.url("index.html"));
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill("prevLogTerm");
  const results = page.locator("#search-results");
  const hit = results.locator('a[href*="#"]').filter({ hasText: "Chapter 2" }).first();
  await expect(hit).toBeVisible();
  expect(await axeViolations(page), "axe, with the results open").toEqual([]);
  const href = await hit.getAttribute("href");
  const anchor = new URL(href!, page.url()).hash.slice(1);
  expect(anchor).not.toBe("");
  await hit.click();
  await site.arrive(page, site.chapterPage(2));
  expect(new URL(page.url()).hash).toBe(`#${anchor}`);
  const section = page.locator(`[id="${anchor}"]`);
  await expect(section).toBeInViewport();
  await expect(page.locator("main")).toContainText("prevLogTerm");
});

test("search says when nothing matches, and Escape closes it", async ({ page, site }) => {
  await page.goto(site.url(site.chapterPage(1)));
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill("zzqqxx");
  await expect(page.locator("#search-results").getByRole("status")).toHaveText(/No results/);
  await search.press("Escape");
  await expect(page.locator("#search-results")).toBeHidden();
});

test("search results are reachable with the keyboard", async ({ page, site }) => {
  await page.goto(site.url("index.html"));
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill("consistency check");
  await expect(page.locator("#search-results a").first()).toBeVisible();
  await search.press("ArrowDown");
  await expect(page.locator("#search-results a").first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(() => site.pageOf(page.url())).not.toBe("index.html");
});
