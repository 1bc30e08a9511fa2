import { expect, test } from "./fixtures";

test("the sidebar lists every chapter and marks the current one", async ({ page, site }) => {
  await page.goto(site.url("index.html"));
  const sidebar = page.getByRole("navigation", { name: "Chapters" });
  await sidebar.getByRole("link", { name: /prevLog checks/ }).click();
  await site.arrive(page, site.chapterPage(2));
  await expect(sidebar.locator('[aria-current="page"]')).toHaveText(/prevLog checks/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("prevLog checks");
  await sidebar.getByRole("link", { name: /Vanilla broadcast/ }).click();
  await site.arrive(page, site.chapterPage(1));
  await expect(sidebar.locator('[aria-current="page"]')).toHaveText(/Vanilla broadcast/);
});

test("prev/next links and the arrow keys walk the book in order", async ({ page, site }) => {
  const ch1 = site.chapterPage(1);
  const ex1 = ch1.replace(/\.html$/, "-exercises.html");
  const ch2 = site.chapterPage(2);
  const pager = page.getByRole("navigation", { name: "Previous and next" });
  await page.goto(site.url(ch1));
  await pager.getByRole("link", { name: /Next/ }).click();
  await site.arrive(page, ex1);
  await pager.getByRole("link", { name: /Next/ }).click();
  await site.arrive(page, ch2);
  await pager.getByRole("link", { name: /Previous/ }).click();
  await site.arrive(page, ex1);
  await page.keyboard.press("ArrowRight");
  await site.arrive(page, ch2);
  await page.keyboard.press("ArrowLeft");
  await site.arrive(page, ex1);
  await page.keyboard.press("ArrowLeft");
  await site.arrive(page, ch1);
  await page.keyboard.press("ArrowLeft");
  await site.arrive(page, "index.html");
  await expect(pager.getByRole("link", { name: /Previous/ })).toHaveCount(0);
  await page.keyboard.press("ArrowRight");
  await site.arrive(page, ch1);
});

test("the arrow keys leave the page alone while typing in the search field", async ({ page, site }) => {
  await page.goto(site.url(site.chapterPage(1)));
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill("leader");
  await search.press("ArrowLeft");
  await search.press("ArrowRight");
  await page.waitForTimeout(200);
  expect(site.pageOf(page.url())).toBe(site.chapterPage(1));
});

test("the on-this-page list links to the chapter's sections", async ({ page, site }) => {
  await page.goto(site.url(site.chapterPage(2)));
  const toc = page.getByRole("navigation", { name: "On this page" });
  const link = toc.getByRole("link", { name: "The consistency check" });
  await link.click();
  expect(new URL(page.url()).hash).toBe("#the-consistency-check");
  await expect(page.locator("#the-consistency-check")).toBeInViewport();
});

test("the print view holds every chapter on one page", async ({ page, site }) => {
  await page.goto(site.url("print.html"));
  const chapters = site.pages().filter((p) => /^\d\d-/.test(p) && !/-(exercises|lab)\.html$/.test(p));
  await expect(page.locator("section.print-chapter")).toHaveCount(chapters.length);
  for (const [i, title] of [
    [1, "Vanilla broadcast"],
    [2, "prevLog checks"],
  ] as const) {
    await expect(page.locator(`#ch${i}`)).toHaveText(title);
  }
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Chapters" })).toBeHidden();
  await expect(page.locator("#ch2-the-consistency-check")).toBeVisible();
});
