import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "@playwright/test";
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

/** The attributes the style sheet selects on: with the tag and the classes, they decide how an element looks. */
const STYLED_ATTRIBUTES = [
  ...new Set(
    Array.from(
      fs.readFileSync(path.join(__dirname, "../assets/style.css"), "utf8").matchAll(/\[([a-z-]+)/g),
      (m) => m[1],
    ),
  ),
];
const SAMPLED = "data-axe-sample";

/**
 * Marks one element of each kind that holds text: a kind is its tag, classes and styled
 * attributes with those of each ancestor, which together decide its colours and background.
 */
function markEachKind(page: Page): Promise<number> {
  return page.evaluate(
    ([attributes, mark]) => {
      const look = (n: Element) =>
        n.tagName +
        Array.from(n.classList)
          .sort()
          .map((c) => `.${c}`)
          .join("") +
        attributes.map((a) => (n.hasAttribute(a) ? `[${a}=${n.getAttribute(a)}]` : "")).join("");
      const kinds = new Set<string>();
      for (const e of Array.from(document.body.querySelectorAll("*"))) {
        if (!Array.from(e.childNodes).some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim())) continue;
        const parts: string[] = [];
        for (let n: Element | null = e; n; n = n.parentElement) parts.push(look(n));
        const kind = parts.join(" < ");
        if (kinds.has(kind)) continue;
        kinds.add(kind);
        e.setAttribute(mark, "");
      }
      return kinds.size;
    },
    [STYLED_ATTRIBUTES, SAMPLED] as const,
  );
}

/*
 * color-contrast measures each text element where it is drawn, and on the whole book at once
 * that took most of a minute; the print view's text is the chapters' own (checked in full on
 * their pages). So on it every other rule checks the whole page, and color-contrast one
 * element of each kind.
 */
async function printViolations(page: Page): Promise<string[]> {
  const all = await axeViolations(page, undefined, { skip: ["color-contrast"] });
  expect(await markEachKind(page), "kinds of text element").toBeGreaterThan(50);
  return [...all, ...(await axeViolations(page, `[${SAMPLED}]`, { only: ["color-contrast"] }))];
}

for (let group = 0; group <= GROUPS; group++) {
  // npm test checks the first group of pages; npm run test:full every page.
  const tier = { tag: group === 0 ? [] : ["@full"] };
  test(
    `axe finds no WCAG 2 A/AA violations, page group ${group + 1}/${GROUPS + 1} (light theme over HTTP, dark from file://)`,
    tier,
    async ({ page, site }) => {
      test.setTimeout(60_000);
      await page.emulateMedia({ colorScheme: site.mode === "http" ? "light" : "dark" });
      const found: string[] = [];
      for (const name of groupOf(site, group)) {
        await page.goto(site.url(name));
        const violations = name === PRINT ? await printViolations(page) : await axeViolations(page);
        found.push(...violations.map((v) => `${name}: ${v}`));
      }
      expect(found).toEqual([]);
    },
  );
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
