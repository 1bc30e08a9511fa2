import { spawn, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { textFileOf } from "../chapters/descriptor";
import { CHAPTERS } from "../chapters/registry";
import { materialize } from "../zoo/apply";
import { HOSTILE } from "../zoo/hostile";
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

/** A student's shell: without the npm_* settings of the npm that may be running these tests. */
const STUDENT_ENV = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  FORCE_COLOR: "0",
};

function run(command: string, args: readonly string[], cwd: string) {
  return spawnSync(command, args, { cwd, encoding: "utf8", timeout: 170_000, env: STUDENT_ENV });
}

describe("export:student", () => {
  const work = tmp("student");
  const out = path.join(work, "starter");
  const made = script("grader/export/student.ts", ["--out", out]);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("writes a starter repository without solutions, bug zoo or self-tests", () => {
    expect(made.status).toBe(0);
    for (const absent of ["solutions", "grader/selftest", "grader/bin"])
      expect(fs.existsSync(path.join(out, absent))).toBe(false);
    for (const present of [
      "README.md",
      "chapters",
      "grader/cli/grade.ts",
      "grader/stubs/generate.ts",
      "site/index.html",
    ])
      expect(fs.existsSync(path.join(out, present))).toBe(true);
    const workflow = fs.readFileSync(path.join(out, ".github/workflows/classroom.yml"), "utf8");
    for (const c of CHAPTERS)
      expect(workflow).toMatch(
        new RegExp(`command: npm run grade -- --chapter ${c.number}\\n\\s+timeout: 10\\n\\s+max-score: 100`),
      );
    expect(workflow).toContain("run: npm ci");
    expect(workflow).toContain("classroom-resources/autograding-grading-reporter@v1");
  });

  test("its package.json installs what the student's commands need, with a lock for every platform", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"));
    expect(Object.keys(pkg.scripts).sort()).toEqual([
      "grade",
      "hint",
      "progress",
      "replay",
      "reset",
      "start",
      "test",
      "typecheck",
    ]);
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    for (const tool of ["@playwright/test", "@axe-core/playwright", "eslint", "prettier", "markdown-it", "fflate"])
      expect(deps).not.toContain(tool);
    const binaries = (lock: string) =>
      Object.keys(JSON.parse(fs.readFileSync(lock, "utf8")).packages).filter((p) =>
        p.startsWith("node_modules/@swc/core-"),
      );
    expect(binaries(path.join(out, "package-lock.json"))).toEqual(binaries(path.join(ROOT, "package-lock.json")));
  });

  test("ships the built study site, whose pages open from the file system", () => {
    const pages = fs.readdirSync(path.join(out, "site")).filter((f) => f.endsWith(".html"));
    expect(pages).toEqual(
      expect.arrayContaining(["index.html", ...CHAPTERS.map((c) => textFileOf(c).replace(".md", ".html"))]),
    );
    const broken = pages.flatMap((page) =>
      [...fs.readFileSync(path.join(out, "site", page), "utf8").matchAll(/\b(href|src)="([^"#]+)/g)]
        // A link may lead off the site; what a page loads must be in the folder.
        .filter(([, attr, link]) => attr === "src" || !/^(?:https?|mailto):/.test(link))
        .filter(([, , link]) => !fs.existsSync(path.join(out, "site", decodeURI(link.split("?")[0]))))
        .map(([, , link]) => `${page}: ${link}`),
    );
    expect(broken).toEqual([]);
  });

  test("is one commit by the workbook; npm ci leaves its tree clean and a grader without the bug zoo", () => {
    expect(run("git", ["log", "--format=%an <%ae>|%cn <%ce>|%s"], out).stdout.trim()).toBe(
      "Raft Workbook <workbook@example.invalid>|Raft Workbook <workbook@example.invalid>|Starter repository",
    );
    const install = run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], out);
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.status).toBe(0);
    expect(run("git", ["status", "--short"], out).stdout).toBe("");
    const zoo = run(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        "-p",
        'require("./grader/chapters/registry").CHAPTERS.map((c) => c.mutants.length).join()',
      ],
      out,
    );
    expect(zoo.stdout.trim()).toBe(CHAPTERS.map(() => 0).join());
  });

  test("every shipped command works as a student runs it", () => {
    const report = path.join(work, "results.json");
    const graded = run("npm", ["run", "grade", "--", "--format", "gradescope", "--out", report], out);
    expect(graded.status).toBe(1);
    expect(graded.stdout).toMatch(/Total 0 \/ \d+ points/);
    expect(JSON.parse(fs.readFileSync(report, "utf8")).score).toBe(0);

    const file = path.join(out, "exercises", CHAPTERS[0].file);
    const stub = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, "// my attempt\n");
    expect(run("npm", ["run", "reset", "--", "--chapter", "1"], out).status).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toBe(stub);
    expect(fs.readdirSync(path.join(out, "backups"))).toHaveLength(1);

    const hint = run("npm", ["run", "hint", "--", "--chapter", "1"], out);
    expect(hint.status).toBe(1);
    const [, page, section] = /\(on the site: (site\/[^#\s]+)#([^)\s]+)\)/.exec(hint.stdout) ?? [];
    expect(hint.stdout).toContain(`read: chapters/${textFileOf(CHAPTERS[0])}#${section}`);
    expect(fs.readFileSync(path.join(out, page), "utf8")).toContain(`id="${section}"`);

    const progress = run("npm", ["run", "progress"], out);
    expect(progress.status).toBe(0);
    expect(progress.stdout).toMatch(/total 0\/\d+ points/);
    const typecheck = run("npm", ["run", "typecheck"], out);
    expect(typecheck.stdout + typecheck.stderr).not.toMatch(/error/i);
    expect(typecheck.status).toBe(0);
    const replay = run("npm", ["run", "replay", "--", "--only", "ch1.leader-appends", "--no-inspect"], out);
    expect(replay.status).toBe(1);
    expect(replay.stdout + replay.stderr).toContain("TODO 1.");
    expect(fs.existsSync(path.join(out, ".vscode/launch.json"))).toBe(true);
    expect(run("git", ["status", "--short"], out).stdout).toBe("");
  });

  test("grades the reference's chapter file with full marks", () => {
    fs.copyFileSync(path.join(ROOT, "solutions", CHAPTERS[0].file), path.join(out, "exercises", CHAPTERS[0].file));
    expect(run("npm", ["run", "grade", "--", "--chapter", "1"], out).status).toBe(0);
  });
});

describe("export:gradescope", () => {
  // Laid out as Gradescope lays it out: the bundle in source/, installed once by its setup.sh.
  const root = tmp("autograder");
  const source = path.join(root, "source");
  const zip = path.join(root, "autograder.zip");
  const made = script("grader/export/gradescope.ts", ["--out", zip]);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Grades `submission` as Gradescope would, from a fresh submission/ folder. */
  function runAutograder(submission: Record<string, string>): {
    status: number | null;
    results: { score: number; output: string; tests: { status: string }[] };
  } {
    for (const dir of ["submission", "results"]) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, "submission"), { recursive: true });
    for (const [file, text] of Object.entries(submission)) {
      fs.mkdirSync(path.dirname(path.join(root, "submission", file)), { recursive: true });
      fs.writeFileSync(path.join(root, "submission", file), text);
    }
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

  test("setup.sh installs the bundle's packages", () => {
    for (const [name, data] of Object.entries(unzipSync(fs.readFileSync(zip)))) {
      fs.mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
      fs.writeFileSync(path.join(source, name), data);
    }
    const setup = spawnSync("bash", [path.join(source, "setup.sh")], {
      encoding: "utf8",
      timeout: 170_000,
      env: { ...STUDENT_ENV, npm_config_prefer_offline: "true" },
    });
    expect(setup.stderr).not.toMatch(/npm error/);
    expect(setup.status).toBe(0);
  });

  test("grades a whole-repository submission and a bare exercises folder", () => {
    const ch1 = fs.readFileSync(path.join(ROOT, "solutions", CHAPTERS[0].file), "utf8");
    const repo = runAutograder({ [`exercises/${CHAPTERS[0].file}`]: ch1, "README.md": "mine" });
    expect(repo.status).toBe(0);
    const ch1Tests = repo.results.tests.filter((t) => (t as unknown as { tags: string[] }).tags.includes("chapter:1"));
    expect(ch1Tests.filter((t) => t.status !== "passed")).toEqual([]);
    expect(repo.results.score).toBe(100);
    const bare = runAutograder({ [CHAPTERS[0].file]: ch1 });
    expect(bare.results.score).toBe(100);
  });

  test("hostile submissions earn nothing there and change neither the grader nor run_autograder", () => {
    const fingerprint = () => {
      const hash = crypto.createHash("sha1");
      for (const rel of [
        "run_autograder",
        "grader/cli/grade.ts",
        "grader/harness/attempt.ts",
        "grader/sim/cluster.ts",
      ]) {
        hash.update(fs.readFileSync(path.join(source, rel)));
      }
      return hash.digest("hex");
    };
    const before = fingerprint();
    const attack = `require("fs").writeFileSync(${JSON.stringify(path.join(source, "run_autograder"))}, "echo pwned");`;
    const file = CHAPTERS[0].file;
    const stub = fs.readFileSync(path.join(ROOT, "exercises", file), "utf8");
    // Two of the attacks on the judge (the rest are tried through npm run grade in hostile.test.ts).
    for (const h of HOSTILE.filter((c) => c.base === "exercises").slice(0, 2)) {
      const impl = materialize(path.join(ROOT, "exercises"), h);
      const graded = runAutograder({ [`exercises/${file}`]: fs.readFileSync(path.join(impl, file), "utf8") });
      fs.rmSync(impl, { recursive: true, force: true });
      expect({ attack: h.id, score: graded.results.score }).toEqual({ attack: h.id, score: 0 });
    }
    const rewrite = runAutograder({ [`exercises/${file}`]: `// eslint-disable-next-line\n${attack}\n${stub}` });
    expect(rewrite.results.score).toBe(0);
    expect(fingerprint()).toBe(before);
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
    expect(out).not.toContain("\u001b[");
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
