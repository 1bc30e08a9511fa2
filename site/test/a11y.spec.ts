import { axeViolations, expect, test, type Site } from "./fixtures";

/*
 * axe (WCAG 2 A and AA) on every page. The pages are the same bytes over HTTP and from
 * file://, so each mode checks one theme: light over HTTP, dark from file:// — every page is
 * checked in both themes. The pages are split into groups so both workers share the work;
 * the print view, the whole book on one page, is a group of its own.
 */
const GROUPS = 3;
const PRINT = "print.html";

function groupOf(site: Site, group: number): string[] {
  if (group === GROUPS) return [PRINT];
  return site
    .pages()
    .filter((p) => p !== PRINT)
    .filter((_, i) => i % GROUPS === group);
}

for (let group = 0; group <= GROUPS; group++) {
  test(`axe finds no WCAG 2 A/AA violations, page group ${group + 1}/${GROUPS + 1} (light theme over HTTP, dark from file://)`, async ({
    page,
    site,
  }) => {
    test.setTimeout(60_000);
    await page.emulateMedia({ colorScheme: site.mode === "http" ? "light" : "dark" });
    const found: string[] = [];
    for (const name of groupOf(site, group)) {
      await page.goto(site.url(name));
      found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
    }
    expect(found).toEqual([]);
  });
}

/*
 * The controls this page adds around the text (the phone's open chapter menu, copy buttons,
 * the search results, the marked search terms and the current section) in both themes, pinned
 * with the theme button rather than by the system.
 */
for (const theme of ["light", "dark"] as const) {
  test(`axe finds no violations in the reader's controls, ${theme} theme chosen, at 390 px and at desktop width`, async ({
    page,
    site,
  }) => {
    await page.emulateMedia({ colorScheme: theme === "dark" ? "light" : "dark" });
    await page.goto(site.url(`${site.chapterPage(2)}?highlight=prevlogterm#log-matching`));
    await page.locator("#theme-toggle").click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await expect(page.locator('.toc a[aria-current="location"]')).toHaveCount(1);
    await page.getByRole("searchbox", { name: "Search" }).fill("leader");
    await expect(page.locator("#search-results a").first()).toBeVisible();
    expect(await axeViolations(page), "desktop, search results open").toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("searchbox", { name: "Search" }).press("Escape");
    await page.getByRole("button", { name: "Chapters" }).click();
    await expect(page.getByRole("navigation", { name: "Chapters" })).toBeVisible();
    expect(await axeViolations(page), "390 px, chapter menu open").toEqual([]);
  });
}
