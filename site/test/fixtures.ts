import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

export const DIST = path.resolve(__dirname, "../dist");

export interface SiteOptions {
  /** Serve the pages over loopback HTTP or open them straight from the file system. */
  readonly siteMode: "http" | "file";
}

/** Where the built site's pages are, in the mode the project tests. */
export class Site {
  constructor(readonly mode: SiteOptions["siteMode"]) {}

  get root(): string {
    if (this.mode === "file") return pathToFileURL(DIST).href + "/";
    const url = process.env.SITE_URL;
    if (!url) throw new Error("SITE_URL is unset: the global setup starts the server");
    return url;
  }

  url(page: string): string {
    return new URL(page, this.root).href;
  }

  /** The page's file name, from a URL of this site. */
  pageOf(url: string): string {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() || "index.html");
  }

  /** Waits until the page has loaded `name` (its scripts too, so keys work from then on). */
  async arrive(page: Page, name: string): Promise<void> {
    await page.waitForURL((url) => this.pageOf(url.href) === name);
  }

  /** Every HTML page the build wrote. */
  pages(): string[] {
    return fs
      .readdirSync(DIST)
      .filter((f) => f.endsWith(".html"))
      .sort();
  }

  /**
   * The page of chapter `n`: its file starts with the zero-padded number, and the chapter's
   * other pages (its exercises, its lab) are named after it, so it is the shortest of them.
   */
  chapterPage(n: number): string {
    const page = this.pages()
      .filter((p) => p.startsWith(`${String(n).padStart(2, "0")}-`))
      .sort((a, b) => a.length - b.length)[0];
    if (!page) throw new Error(`no page for chapter ${n} in ${this.pages().join(", ")}`);
    return page;
  }
}

/** Which of axe's rules to run: all but `skip`, or `only` these. */
export interface AxeRules {
  readonly skip?: readonly string[];
  readonly only?: readonly string[];
}

/**
 * axe's WCAG 2 A and AA violations on the page as it stands, one line each. Legacy mode runs
 * axe in the page itself: the site has no frames, and the default mode's extra page per run
 * costs more than the checks.
 */
export async function axeViolations(page: Page, within?: string, rules: AxeRules = {}): Promise<string[]> {
  let axe = new AxeBuilder({ page }).setLegacyMode(true).options({ preload: false });
  axe = rules.only ? axe.withRules([...rules.only]) : axe.withTags(["wcag2a", "wcag2aa"]);
  if (rules.skip) axe = axe.disableRules([...rules.skip]);
  const { violations } = await (within ? axe.include(within) : axe).analyze();
  return violations.map((v) => `${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Console errors, uncaught exceptions and failed requests of a test's page: a test passes only with none. */
export class Problems {
  readonly seen: string[] = [];
  private readonly expected: string[] = [];

  /** A response that may fail (the 404 test's own request). */
  expectFailure(urlPart: string): void {
    this.expected.push(urlPart);
  }

  watch(page: Page): void {
    const allowed = (url: string) => this.expected.some((part) => url.includes(part));
    page.on("console", (m) => {
      if (m.type() === "error" && !allowed(m.location().url))
        this.seen.push(`console error: ${m.text()} (${m.location().url})`);
    });
    page.on("pageerror", (err) => this.seen.push(`uncaught: ${err.message}`));
    page.on("requestfailed", (r) => {
      // A navigation cancels the loads of the page it leaves: not a failure of that page.
      if (r.failure()?.errorText === "net::ERR_ABORTED") return;
      if (!allowed(r.url())) this.seen.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400 && !allowed(r.url())) this.seen.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }
}

export const test = base.extend<SiteOptions & { site: Site; problems: Problems }>({
  siteMode: ["http", { option: true }],
  site: async ({ siteMode }, use) => {
    await use(new Site(siteMode));
  },
  problems: [
    async ({ page }, use) => {
      const problems = new Problems();
      problems.watch(page);
      await use(problems);
      expect(problems.seen, "the page logged errors or failed to load something").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
