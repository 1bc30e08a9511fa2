import * as fs from "node:fs";
import * as path from "node:path";
import { DIST, expect, test } from "./fixtures";

interface PageFacts {
  ids: string[];
  links: string[];
  csp: string | null;
  inlineScripts: number;
  styleAttributes: number;
  handlerAttributes: string[];
}

test("every page loads cleanly under its CSP, and no link or anchor anywhere is broken", async ({ page, site }) => {
  const pages = site.pages();
  const facts = new Map<string, PageFacts>();
  for (const name of pages) {
    const response = await page.goto(site.url(name));
    if (site.mode === "http") expect(response?.status(), name).toBe(200);
    facts.set(
      name,
      await page.evaluate(() => ({
        ids: Array.from(document.querySelectorAll("[id]"), (e) => e.id),
        links: Array.from(
          document.querySelectorAll<HTMLAnchorElement | HTMLLinkElement>("a[href], link[href]"),
          (a) => a.href,
        ),
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? null,
        inlineScripts: document.querySelectorAll("script:not([src])").length,
        styleAttributes: document.querySelectorAll("[style]").length,
        handlerAttributes: Array.from(document.querySelectorAll("*")).flatMap((e) =>
          e
            .getAttributeNames()
            .filter((a) => a.startsWith("on"))
            .map((a) => `${e.tagName}[${a}]`),
        ),
      })),
    );
  }
  const broken: string[] = [];
  let checked = 0;
  for (const [from, f] of facts) {
    expect(f.csp, `${from} has a CSP`).toContain("script-src 'self'");
    expect(f.csp).toContain("style-src 'self'");
    expect(f.inlineScripts, `${from}: inline scripts`).toBe(0);
    expect(f.styleAttributes, `${from}: style attributes`).toBe(0);
    expect(f.handlerAttributes, `${from}: event handler attributes`).toEqual([]);
    for (const link of f.links) {
      if (!link.startsWith(site.root)) continue;
      checked++;
      const url = new URL(link);
      const target = decodeURIComponent(url.pathname.slice(new URL(site.root).pathname.length)) || "index.html";
      if (!fs.existsSync(path.join(DIST, target))) {
        broken.push(`${from} → ${link}: no such file`);
        continue;
      }
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor && !facts.get(target)?.ids.includes(anchor))
        broken.push(`${from} → ${link}: no element with id "${anchor}"`);
    }
  }
  expect(checked).toBeGreaterThan(50);
  expect(broken).toEqual([]);
});
