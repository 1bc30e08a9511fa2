import { CHAPTERS } from "../chapters/registry";
import { FIGURE_2 } from "./figure2";

/** `npm run coverage:rules`: every rule of Figure 2 with the tests that check it; exits 1 if one has none or names a test that does not exist. */
const known = new Set(CHAPTERS.flatMap((c) => c.tests.map((t) => t.id)));
let problems = 0;
let part = "";
for (const r of FIGURE_2) {
  if (r.part !== part) console.log(`\n${(part = r.part)}`);
  const missing = r.tests.filter((t) => !known.has(t));
  if (r.tests.length === 0 || missing.length > 0) problems++;
  const tests = r.tests.length === 0 ? "NO TEST" : r.tests.join(", ");
  console.log(`  ${r.rule}\n      ${tests}${missing.length ? `   (unknown: ${missing.join(", ")})` : ""}`);
}
const tested = FIGURE_2.filter((r) => r.tests.length > 0).length;
console.log(`\n${tested} of ${FIGURE_2.length} rules have a test${problems ? `; ${problems} problem(s)` : ""}`);
process.exit(problems > 0 ? 1 : 0);
