import * as fs from "node:fs";
import * as path from "node:path";
import { DIST, expect, test } from "./fixtures";

/*
 * What a reader meets around the text: the phone layout, the keys, print, the copy buttons,
 * search's focus keys and highlighting, the on-this-page list, the theme button and the link
 * to a chapter's source.
 */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };

test.describe("at 390 px", () => {
  test.use({ viewport: PHONE });

  test("the chapter list folds behind a menu button, and the text starts at the top", async ({ page, site }) => {
    await page.goto(site.url(site.chapterPage(2)));
    const menu = page.getByRole("button", { name: "Chapters" });
    const sidebar = page.getByRole("navigation", { name: "Chapters" });
    await expect(menu).toBeVisible();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(sidebar).toBeHidden();
    const heading = await page.getByRole("heading", { level: 1 }).boundingBox();
    expect(heading!.y, "the chapter's title sits right under the top bar").toBeLessThan(200);

    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(sidebar).toBeVisible();
    await expect(sidebar.locator('[aria-current="page"]')).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(sidebar).toBeHidden();
    await expect(menu).toBeFocused();
  });

  test("search has a full-width row of its own, and so do its results", async ({ page, site }) => {
    await page.goto(site.url(site.chapterPage(1)));
    const search = page.getByRole("searchbox", { name: "Search" });
    const box = (await search.boundingBox())!;
    expect(box.width).toBeGreaterThan(PHONE.width - 60);
    const brand = (await page.locator(".topbar .brand").boundingBox())!;
    expect(box.y, "below the brand and the buttons").toBeGreaterThan(brand.y + brand.height - 1);
    await search.fill("leader");
    const results = page.locator("#search-results");
    await expect(results.locator("a").first()).toBeVisible();
    expect((await results.boundingBox())!.width).toBeGreaterThan(PHONE.width - 60);
  });
});

test("at desktop width the chapter list is always shown and there is no menu button", async ({ page, site }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto(site.url(site.chapterPage(1)));
  await expect(page.getByRole("navigation", { name: "Chapters" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Chapters" })).toBeHidden();
});

test("←/→ scroll a focused code block or figure instead of turning the page", async ({ page, site }) => {
  const chapter = site.chapterPage(3);
  await page.goto(site.url(chapter));
  for (const selector of ["pre", ".logs-figure .logs-scroll"]) {
    const where = page.locator(selector).first();
    await where.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowLeft");
    await expect(where).toBeFocused();
    expect(site.pageOf(page.url()), selector).toBe(chapter);
  }
  // Out of them, the keys turn the page again.
  await page.locator("main").focus();
  await page.keyboard.press("ArrowRight");
  await site.arrive(page, chapter.replace(/\.html$/, "-exercises.html"));
});

test("print is light after the dark theme was chosen", async ({ page, site }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(site.url(site.chapterPage(1)));
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.getByRole("button", { name: "Use dark theme" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await background()).not.toBe(light);
  await page.emulateMedia({ media: "print" });
  expect(await background()).toBe(light);
  const text = await page.evaluate(() => getComputedStyle(document.querySelector("main h1")!).color);
  expect(text, "dark text on the light paper").toBe("rgb(31, 35, 40)");
});

test("a code block's copy button puts its code on the clipboard", async ({ page, site, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(site.url(site.chapterPage(2)));
  const block = page.locator(".code-block").first();
  const code = await block.locator("code").textContent();
  await block.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied" })).toHaveText(/Copied the code/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
});

test("/ and s focus the search field, and type normally inside it", async ({ page, site }) => {
  await page.goto(site.url(site.chapterPage(1)));
  const search = page.getByRole("searchbox", { name: "Search" });
  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await expect(search).toHaveValue("");
  await page.keyboard.type("s");
  await expect(search, "inside the field, s is a letter").toHaveValue("s");
  await page.keyboard.press("Escape");
  await page.locator("main").focus();
  await page.keyboard.press("s");
  await expect(search).toBeFocused();
});

test("the page a search result opens marks the words searched for", async ({ page, site }) => {
  await page.goto(site.url("index.html"));
  await page.keyboard.press("/");
  await page.keyboard.type("prevLogTerm");
  const hit = page.locator('#search-results a[href*="#"]').filter({ hasText: "Chapter 2" }).first();
  await expect(hit).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("#search-results a").first()).toBeFocused();
  await hit.focus();
  await page.keyboard.press("Enter");
  await site.arrive(page, site.chapterPage(2));
  const marks = page.locator("main mark.search-hit");
  expect(await marks.count()).toBeGreaterThan(3);
  for (const text of await marks.allTextContents()) expect(text.toLowerCase()).toBe("prevlogterm");
  // A page opened without a search marks nothing.
  await page.goto(site.url(site.chapterPage(2)));
  await expect(page.locator("main mark.search-hit")).toHaveCount(0);
});

test("the on-this-page list follows the reading position", async ({ page, site }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto(site.url(site.chapterPage(2)));
  const toc = page.getByRole("navigation", { name: "On this page" });
  const current = toc.locator('a[aria-current="location"]');
  for (const id of ["the-base-entry", "the-consistency-check", "log-matching"]) {
    await page.locator(`[id="${id}"]`).evaluate((h) => h.scrollIntoView());
    await expect(current).toHaveCount(1);
    await expect(current).toHaveAttribute("href", `#${id}`);
  }
  await page.keyboard.press("End");
  await expect(current).toHaveAttribute("href", /#further-reading$/);
});

test("the theme button says what it will do, and returns to following the system", async ({ page, site }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(site.url(site.chapterPage(1)));
  const html = page.locator("html");
  await page.getByRole("button", { name: "Use light theme" }).click();
  await expect(html).toHaveAttribute("data-theme", "light");
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", "light");
  await page.getByRole("button", { name: "Follow system theme" }).click();
  await expect(html).not.toHaveAttribute("data-theme", /./);
  await page.reload();
  await expect(html).not.toHaveAttribute("data-theme", /./);
  const toggle = page.getByRole("button", { name: "Use light theme" });
  await expect(toggle).toBeVisible();
  // Following the system, the page changes when the system does, and the button with it.
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.getByRole("button", { name: "Use dark theme" })).toBeVisible();
});

test("a chapter links to its Markdown source", async ({ page, site }) => {
  const chapter = site.chapterPage(3);
  await page.goto(site.url(chapter));
  const link = page.locator(".source-link a");
  const source = `chapters/${chapter.replace(/\.html$/, ".md")}`;
  await expect(link).toHaveText(source);
  const href = (await link.getAttribute("href"))!;
  const original = fs.readFileSync(path.resolve(__dirname, "../..", source), "utf8");
  if (site.mode === "http") {
    const response = await page.request.get(site.url(href));
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(original);
  } else {
    expect(fs.readFileSync(path.join(DIST, href), "utf8")).toBe(original);
  }
});
