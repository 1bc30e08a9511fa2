import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { CHAPTERS } from "../chapters/registry";
import { ROOT } from "./grade-cli";

const TS_NODE = path.join(ROOT, "node_modules/ts-node/dist/bin.js");

function script(file: string, args: readonly string[], cwd = ROOT) {
  return spawnSync(process.execPath, [TS_NODE, "--swc", path.join(ROOT, file), ...args], {
    cwd,
    encoding: "utf8",
    timeout: 150_000,
  });
}

function tmp(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `raft-${label}-`));
}

describe("export:student", () => {
  const out = path.join(tmp("student"), "starter");
  const made = script("grader/export/student.ts", ["--out", out]);

  test("writes a starter repository without solutions, bug zoo or self-tests", () => {
    expect(made.status).toBe(0);
    for (const absent of ["solutions", "grader/zoo", "grader/selftest"])
      expect(fs.existsSync(path.join(out, absent))).toBe(false);
    for (const present of ["README.md", "chapters", "grader/cli/grade.ts", "package-lock.json"])
      expect(fs.existsSync(path.join(out, present))).toBe(true);
    const workflow = fs.readFileSync(path.join(out, ".github/workflows/classroom.yml"), "utf8");
    for (const c of CHAPTERS)
      expect(workflow).toMatch(
        new RegExp(`command: npm run grade -- --chapter ${c.number}\\n\\s+timeout: 10\\n\\s+max-score: 100`),
      );
    expect(workflow).toContain("classroom-resources/autograding-grading-reporter@v1");
  });

  test("grades in the export: stubs score zero, the reference's files full marks", () => {
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(out, "node_modules"));
    const stubs = spawnSync(
      process.execPath,
      [TS_NODE, "--swc", "grader/cli/grade.ts", "--chapter", "1", "--format", "gradescope", "--out", "r.json"],
      { cwd: out, encoding: "utf8", timeout: 150_000 },
    );
    expect(stubs.status).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(out, "r.json"), "utf8")).score).toBe(0);
    fs.copyFileSync(path.join(ROOT, "solutions", CHAPTERS[0].file), path.join(out, "exercises", CHAPTERS[0].file));
    const solved = spawnSync(process.execPath, [TS_NODE, "--swc", "grader/cli/grade.ts", "--chapter", "1"], {
      cwd: out,
      encoding: "utf8",
      timeout: 150_000,
    });
    expect(solved.status).toBe(0);
  });
});

describe("export:gradescope", () => {
  const work = tmp("gradescope");
  const zip = path.join(work, "autograder.zip");
  const made = script("grader/export/gradescope.ts", ["--out", zip]);

  /** Lays the bundle out as Gradescope would, under AUTOGRADER_ROOT, and grades `submission`. */
  function runAutograder(submission: Record<string, string>): {
    status: number | null;
    results: { score: number; output: string; tests: { status: string }[] };
  } {
    const root = tmp("autograder");
    const source = path.join(root, "source");
    for (const [name, data] of Object.entries(unzipSync(fs.readFileSync(zip)))) {
      fs.mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
      fs.writeFileSync(path.join(source, name), data);
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(source, "node_modules"));
    for (const [file, text] of Object.entries(submission)) {
      fs.mkdirSync(path.dirname(path.join(root, "submission", file)), { recursive: true });
      fs.writeFileSync(path.join(root, "submission", file), text);
    }
    fs.mkdirSync(path.join(root, "submission"), { recursive: true });
    const r = spawnSync("bash", [path.join(source, "run_autograder")], {
      env: { ...process.env, AUTOGRADER_ROOT: root },
      encoding: "utf8",
      timeout: 200_000,
    });
    return { status: r.status, results: JSON.parse(fs.readFileSync(path.join(root, "results/results.json"), "utf8")) };
  }

  test("has setup.sh and run_autograder at its root", () => {
    expect(made.status).toBe(0);
    const names = Object.keys(unzipSync(fs.readFileSync(zip)));
    expect(names).toEqual(
      expect.arrayContaining([
        "setup.sh",
        "run_autograder",
        "grader/cli/grade.ts",
        "grader/stubs/pristine/ch1-broadcast.ts",
      ]),
    );
    expect(names.some((n) => n.startsWith("solutions/"))).toBe(false);
  });

  test("grades a whole-repository submission and a bare exercises folder", () => {
    const ch1 = fs.readFileSync(path.join(ROOT, "solutions", CHAPTERS[0].file), "utf8");
    const repo = runAutograder({ [`exercises/${CHAPTERS[0].file}`]: ch1, "README.md": "mine" });
    expect(repo.status).toBe(0);
    const ch1Tests = repo.results.tests.filter((t) => (t as unknown as { tags: string[] }).tags.includes("chapter:1"));
    expect(ch1Tests.every((t) => t.status === "passed")).toBe(true);
    expect(repo.results.score).toBe(100);
    const bare = runAutograder({ [CHAPTERS[0].file]: ch1 });
    expect(bare.results.score).toBe(100);
  });

  test("always writes results.json: a submission that does not compile, and one with no chapter file", () => {
    const broken = runAutograder({ [`exercises/${CHAPTERS[0].file}`]: "export class BroadcastNode {{{" });
    expect(broken.status).toBe(0);
    expect(broken.results.score).toBe(0);
    expect(broken.results.tests.length).toBeGreaterThan(0);
    const empty = runAutograder({ "notes.txt": "hello" });
    expect(empty.results).toMatchObject({ score: 0, output: expect.stringContaining("No chapter file") });
  });
});

test("npm start grades on save and quits on q, without a terminal", async () => {
  const impl = tmp("watch");
  fs.cpSync(path.join(ROOT, "exercises"), impl, { recursive: true });
  const child = spawn(
    process.execPath,
    [TS_NODE, "--swc", path.join(ROOT, "grader/cli/watch.ts"), "--impl", impl, "--chapter", "1"],
    { cwd: ROOT },
  );
  let out = "";
  const waitFor = (pattern: RegExp, after: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`)), 120_000);
      const check = () => {
        if (pattern.test(out.slice(after))) {
          clearTimeout(timer);
          child.stdout.off("data", check);
          resolve();
        }
      };
      child.stdout.on("data", check);
      check();
    });
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  try {
    await waitFor(/keys: n next chapter/, 0);
    expect(out).toContain("chapter 1 — Vanilla broadcast: 0/100 points");
    expect(out).not.toMatch(/\x1b\[/);
    const mark = out.length;
    fs.writeFileSync(
      path.join(impl, CHAPTERS[0].file),
      fs.readFileSync(path.join(ROOT, "solutions", CHAPTERS[0].file)),
    );
    await waitFor(/chapter 1 — Vanilla broadcast: 100\/100 points/, mark);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.stdin.write("q\n");
    expect(await exited).toBe(0);
  } finally {
    child.kill();
    fs.rmSync(impl, { recursive: true, force: true });
  }
});
