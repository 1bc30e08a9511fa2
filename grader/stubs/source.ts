import * as fs from "node:fs";
import * as path from "node:path";
import { stubFromSolution } from "./generate";

export const ROOT = path.resolve(__dirname, "../..");
/** Where a starter repository without solutions/ keeps the pristine stubs (written by export:student). */
export const PRISTINE_DIR = path.join(ROOT, "grader/stubs/pristine");

/** The untouched stub of a chapter file: made from the reference when it is here, else the pristine copy. */
export function pristineStub(file: string): string {
  const reference = path.join(ROOT, "solutions", file);
  if (fs.existsSync(reference)) return stubFromSolution(fs.readFileSync(reference, "utf8"), file);
  const pristine = path.join(PRISTINE_DIR, file);
  if (fs.existsSync(pristine)) return fs.readFileSync(pristine, "utf8");
  throw new Error(`no pristine stub for ${file}: neither solutions/${file} nor grader/stubs/pristine/${file} exists`);
}
