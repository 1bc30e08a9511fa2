import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { stubFromSolution } from "../stubs/generate";
import { gradeCli, ROOT } from "./grade-cli";

function tsNode(script: string, args: readonly string[], cwd = ROOT) {
  return spawnSync(
    process.execPath,
    [
      path.join(ROOT, "node_modules/ts-node/dist/bin.js"),
      "--swc",
      "--project",
      path.join(ROOT, "tsconfig.json"),
      path.join(ROOT, script),
      ...args,
    ],
    {
      cwd,
      encoding: "utf8",
      timeout: 120_000,
    },
  );
}

test("exercises/ holds exactly the stubs generated from solutions/", () => {
  for (const c of CHAPTERS) {
    const stub = stubFromSolution(fs.readFileSync(path.join(ROOT, "solutions", c.file), "utf8"), c.file);
    expect({ file: c.file, same: fs.readFileSync(path.join(ROOT, "exercises", c.file), "utf8") === stub }).toEqual({
      file: c.file,
      same: true,
    });
  }
  expect(fs.readdirSync(path.join(ROOT, "exercises")).sort()).toEqual(
    fs.readdirSync(path.join(ROOT, "solutions")).sort(),
  );
});

test("reset puts the stub back and keeps the learner's file in a backup", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "raft-reset-"));
  fs.cpSync(path.join(ROOT, "exercises"), path.join(work, "mine"), { recursive: true });
  const file = path.join(work, "mine", CHAPTERS[0].file);
  fs.writeFileSync(file, "// my attempt\n");
  const r = tsNode("grader/cli/reset.ts", ["--chapter", "1", "--impl", "mine"], work);
  expect(r.status).toBe(0);
  expect(fs.readFileSync(file, "utf8")).toBe(fs.readFileSync(path.join(ROOT, "exercises", CHAPTERS[0].file), "utf8"));
  const [stamp] = fs.readdirSync(path.join(work, "backups"));
  expect(fs.readFileSync(path.join(work, "backups", stamp, CHAPTERS[0].file), "utf8")).toBe("// my attempt\n");
  fs.rmSync(work, { recursive: true, force: true });
});

test("--isolate grades a chapter on top of the reference's earlier chapters", () => {
  const run = gradeCli(["--chapter", "2", "--isolate"]);
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain("Isolated:");
  const outputs = run.results!.tests.map((t) => t.output);
  expect(outputs.every((o) => /TODO 2\.\d/.test(o) && !/TODO 1\.\d/.test(o))).toBe(true);
});

test("hint lists the failing tests' hints with the section to read", () => {
  const r = tsNode("grader/cli/hint.ts", ["--chapter", "1"]);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/hint 1\/\d: /);
  expect(r.stdout).toContain("read: chapters/01-vanilla-broadcast.md#the-leaders-side");
});

test("the grader exits 2 and still writes its report when it cannot run", () => {
  const missing = gradeCli(["--impl", "no-such-folder"]);
  expect(missing.exitCode).toBe(2);
  expect(missing.results!.output).toMatch(/no-such-folder does not exist/);
  const badFlag = gradeCli(["--chapter", "99"]);
  expect(badFlag.exitCode).toBe(2);
  expect(badFlag.results!.output).toMatch(/--chapter 99/);
});

/**
 * The grader keeps transpiled files and type errors between gradings: an edit in place, in the
 * same folder, must be graded as the new code, and undoing it as the old code again.
 */
test("editing a file in place is graded as the edit, then undoing it as before", () => {
  const [chapter] = CHAPTERS;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "raft-edits-"));
  const impl = path.join(work, "mine");
  fs.cpSync(path.join(ROOT, "solutions"), impl, { recursive: true });
  const file = path.join(impl, chapter.file);
  const original = fs.readFileSync(file, "utf8");
  const [mutant] = chapter.mutants;
  const score = () => gradeCli(["--impl", impl, "--chapter", "1"]).results!.score;
  try {
    expect(score()).toBe(100);
    fs.writeFileSync(file, original.replace(mutant.find, mutant.replace));
    expect(score()).toBeLessThan(100);
    fs.writeFileSync(file, original.replace(/^(\s*)return /m, '$1const broken: number = "not a number";\n$1return '));
    const typed = gradeCli(["--impl", impl, "--chapter", "1"]);
    expect(typed.results!.output + typed.results!.tests.map((t) => t.output).join("\n")).toMatch(
      /does not type-check:[\s\S]*Type 'string' is not assignable to type 'number'/,
    );
    fs.writeFileSync(file, original);
    expect(score()).toBe(100);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
