import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { stubFromSolution } from "./generate";
import { ROOT } from "./source";

/**
 * `npm run stubs`: writes exercises/ from solutions/ (the stubs are generated, never edited by
 * hand). With --check it only reports files that differ, and exits 1 if any do.
 */
const check = process.argv.includes("--check");
let stale = 0;
for (const c of CHAPTERS) {
  const stub = stubFromSolution(fs.readFileSync(path.join(ROOT, "solutions", c.file), "utf8"), c.file);
  const target = path.join(ROOT, "exercises", c.file);
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
  if (current === stub) continue;
  stale++;
  if (check) console.log(`exercises/${c.file} is not the stub generated from solutions/${c.file}`);
  else {
    fs.writeFileSync(target, stub);
    console.log(`wrote exercises/${c.file}`);
  }
}
process.exit(check && stale > 0 ? 1 : 0);
