import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, type Page } from "@playwright/test";

const REPO = path.resolve(__dirname, "../..");

/** The share of seeds both sides grade with, as the grader's own self-tests do (SOME_SEEDS). */
export const SEED_SCALE = "0.1";

/** Every .ts file of an implementation folder, by name. */
export function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
  );
}

/**
 * What `npm run grade -- --impl exercises --chapter n` prints for these files, run from a
 * scratch folder that holds them as exercises/, so replay commands name the folder as the lab does.
 */
export function cliScorecard(files: Readonly<Record<string, string>>, chapter: number): Promise<string> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "raft-lab-cli-"));
  writeFiles(path.join(scratch, "exercises"), files);
  return gradeFolder(scratch, chapter).finally(() => fs.rmSync(scratch, { recursive: true, force: true }));
}

/** Writes files into `dir` (made if need be), by their paths inside it. */
export function writeFiles(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

/** An implementation folder made by `make` (a bug-zoo mutant), read and then removed. */
export function filesOfTemporary(make: () => string): Record<string, string> {
  const dir = make();
  try {
    return filesOf(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The CLI's scorecard for `<cwd>/exercises`. */
export function gradeFolder(cwd: string, chapter: number): Promise<string> {
  const args = ["--swc", "-P", path.join(REPO, "tsconfig.json"), path.join(REPO, "grader/cli/grade.ts")];
  return new Promise((resolve, reject) => {
    execFile(
      path.join(REPO, "node_modules/.bin/ts-node"),
      [...args, "--impl", "exercises", "--chapter", String(chapter)],
      { cwd, env: { ...process.env, RAFT_SEED_SCALE: SEED_SCALE, RAFT_GRADE_PARALLEL: "1" }, timeout: 120_000 },
      (err, stdout, stderr) => {
        // A grade with failures exits 1; anything else, or no scorecard, is the grader failing.
        if (err && err.code !== 1) reject(new Error(`npm run grade failed: ${err.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** Pastes `text` over the editor's whole document, as a reader's clipboard would. */
export async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  await page.locator(".lab-editor .cm-content").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.locator(".lab-editor .cm-content").evaluate((el, pasted) => {
    const data = new DataTransfer();
    data.setData("text/plain", pasted);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Uploads files into the lab, as the reader's own. */
export async function uploadFiles(page: Page, files: Readonly<Record<string, string>>): Promise<void> {
  await page
    .locator(".lab-upload-input")
    .setInputFiles(
      Object.entries(files).map(([name, text]) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) })),
    );
  await expect(page.locator(".lab-status")).toContainText("Uploaded");
}

/** Runs the grading in the page with the tests' share of seeds, and returns the scorecard as the CLI prints it. */
export async function runInLab(page: Page, timeout = 120_000): Promise<string> {
  await page.locator(".lab-seeds").selectOption(SEED_SCALE);
  await page.locator(".lab-run").click();
  await expect(page.locator(".lab-status")).toContainText("Graded in", { timeout });
  return (await page.locator(".lab-scorecard").textContent()) ?? "";
}

/** A chapter's lab page, beside its chapter page. */
export function labOf(chapterPage: string): string {
  return chapterPage.replace(/\.html$/, "-lab.html");
}
