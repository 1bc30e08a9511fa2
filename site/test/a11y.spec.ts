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
