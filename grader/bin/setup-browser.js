#!/usr/bin/env node
// Makes sure a Chromium is there for the study site's browser tests: Debian's package where
// apt-get can install it, Playwright's own download elsewhere. Prints where it is.
const { execSync } = require("node:child_process");
const fs = require("node:fs");

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
const found = () => candidates.find((p) => fs.existsSync(p));
const has = (cmd) => {
  try {
    execSync(`command -v ${cmd}`, { stdio: "ignore", shell: "/bin/sh" });
    return true;
  } catch {
    return false;
  }
};

if (!found()) {
  if (has("apt-get") && process.getuid && process.getuid() === 0) {
    console.log("Installing Debian's chromium package…");
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", {
      stdio: "inherit",
      shell: "/bin/sh",
    });
  } else {
    console.log("No system Chromium found; installing Playwright's Chromium…");
    execSync("npx playwright install chromium", { stdio: "inherit", shell: "/bin/sh" });
    process.exit(0);
  }
}
const at = found();
if (!at) {
  console.error("Chromium could not be installed. Install it (apt-get install chromium) or set CHROMIUM_PATH.");
  process.exit(1);
}
console.log(`Chromium for the browser tests: ${at}`);
