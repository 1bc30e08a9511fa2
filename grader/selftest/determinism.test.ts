import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { materialize, type Edit } from "../zoo/apply";
import { gradeCliAsync, ROOT, SOME_SEEDS, testsOfChapter, type GradeRun } from "./grade-cli";
import { FULL_SELFTEST } from "./tier";

/**
 * Two gradings side by side, with a tenth of the randomized seeds: every chapter in the full
 * tier; in npm test's, chapter 6, whose runs have timers, elections, restarts and clients.
 */
const TRACED = FULL_SELFTEST ? [] : ["--chapter", "6"];

test("two runs with the same seed write byte-identical trace files", async () => {
  const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "raft-traces-")));
  const runs = await Promise.all(
    dirs.map((dir) =>
      gradeCliAsync(["--impl", "solutions", ...TRACED, "--seed", "42", "--trace-dir", dir], SOME_SEEDS),
    ),
  );
  for (const run of runs) expect(run.exitCode).toBe(0);
  const [a, b] = dirs.map((d) => fs.readdirSync(d).sort());
  expect(a.length).toBeGreaterThan(5);
  expect(b).toEqual(a);
  for (const name of a) {
    const [x, y] = dirs.map((d) => fs.readFileSync(path.join(d, name)));
    expect({ name, same: x.equals(y) }).toEqual({ name, same: true });
    expect(JSON.parse(x.toString()).seed).toBe(42);
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * A follower that counts, in module state, every AppendEntries any node of the process ever
 * received, and refuses the second: with modules shared between nodes or runs,
 * its failures would depend on which tests ran before. Evaluated afresh for each node, the
 * count is the node's own, and the full grade and the replay of one test say the same.
 */
const COUNTING: Edit = {
  id: "determinism.module-state",
  file: "ch2-prevlog.ts",
  find: "  protected prevLogMatches(prevLogIndex: number, prevLogTerm: number): boolean {\n",
  replace:
    "  protected prevLogMatches(prevLogIndex: number, prevLogTerm: number): boolean {\n    if (++received === 2) return false;\n",
  more: [{ find: "export class CheckedNode", replace: "let received = 0;\nexport class CheckedNode" }],
};

/** Reaches for the clock and randomness the moment its module loads. */
const AMBIENT: Edit = {
  id: "determinism.ambient",
  file: "ch2-prevlog.ts",
  find: "export class CheckedNode",
  replace: "const draw = Math.random;\nexport const pick = (): number => draw();\nexport class CheckedNode",
  more: [
    {
      find: "    const success = this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);",
      replace: "    const success = pick() >= 0 && this.prevLogMatches(msg.prevLogIndex, msg.prevLogTerm);",
    },
  ],
};

function failures(run: GradeRun): string[] {
  return testsOfChapter(run, 2)
    .filter((t) => t.status === "failed")
    .map((t) => `${t.number}: ${t.output.split("\n")[0]}`);
}

test("module state and ambient time or randomness give the same verdicts in every run and in a replay", async () => {
  for (const edit of [COUNTING, AMBIENT]) {
    const impl = materialize(path.join(ROOT, "solutions"), edit);
    const runs = await Promise.all([0, 1].map(() => gradeCliAsync(["--impl", impl, "--chapter", "2"])));
    const first = failures(runs[0]);
    expect(first.length).toBeGreaterThan(0);
    for (const run of runs.slice(1)) expect(failures(run)).toEqual(first);
    const id = first[0].split(":")[0];
    const replay = await gradeCliAsync(["--impl", impl, "--only", id]);
    expect(failures(replay)).toEqual([first[0]]);
    fs.rmSync(impl, { recursive: true, force: true });
  }
});
