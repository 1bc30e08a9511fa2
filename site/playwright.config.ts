import * as fs from "node:fs";
import { chromium, defineConfig } from "@playwright/test";
import { FULL_SELFTEST } from "../grader/selftest/tier";
import type { SiteOptions } from "./test/fixtures";

// Debian's Chromium where it is installed (the tests never download a browser); elsewhere the
// one `npx playwright install chromium` put in place. A missing one is a failure, not a skip.
const CHROMIUM =
  [process.env.CHROMIUM_PATH, "/usr/bin/chromium", chromium.executablePath()].find((p) => p && fs.existsSync(p)) ??
  process.env.CHROMIUM_PATH ??
  "/usr/bin/chromium";
if (!fs.existsSync(CHROMIUM)) {
  throw new Error(
    `The study site's browser tests need Chromium, and there is none at ${CHROMIUM}.\n` +
      "Install Debian's package (apt-get install chromium), run npm run setup:browser, or set CHROMIUM_PATH to a Chromium binary.",
  );
}

/**
 * npm test runs the quick tier: no test tagged @full, and from file:// only the specs about
 * opening pages from disk. npm run test:full (RAFT_SELFTEST=full) runs everything.
 */
const FROM_FILE_QUICK = ["pages.spec.ts", "lab-file.spec.ts"];

export default defineConfig<SiteOptions>({
  testDir: "test",
  testMatch: "*.spec.ts",
  outputDir: "test-results",
  globalSetup: "./test/global-setup.ts",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  grepInvert: FULL_SELFTEST ? undefined : /@full/,
  timeout: 30_000,
  // A guard against a hung run, not a budget: the lab tests grade every chapter in the browser and with the CLI.
  globalTimeout: 900_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  use: {
    headless: true,
    actionTimeout: 5_000,
    navigationTimeout: 10_000,
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "build", testMatch: "build.spec.ts" },
    { name: "http", testIgnore: ["build.spec.ts", "lab-file.spec.ts"], use: { siteMode: "http" } },
    // The lab's worker needs the site served: from a file only its refusal (or its working) is checked.
    {
      name: "file",
      ...(FULL_SELFTEST ? {} : { testMatch: FROM_FILE_QUICK }),
      testIgnore: ["build.spec.ts", "server.spec.ts", "lab.spec.ts"],
      use: { siteMode: "file" },
    },
  ],
});
