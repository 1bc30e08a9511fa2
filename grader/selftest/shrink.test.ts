import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { describeShrunk, shrinkSchedule } from "../harness/shrink";
import { RELIABLE, type Action, type Scenario } from "../scenarios/types";
import { materialize } from "../zoo/apply";
import { gradeCliAsync, ROOT, testsOfChapter } from "./grade-cli";

const steps: Action[] = Array.from({ length: 12 }, (_, i) => ({ at: i, crash: `N${i}` }));
const story: Scenario = {
  id: "s",
  title: "s",
  nodes: [],
  network: { delay: [1, 3], drop: 0.1, duplicate: 0 },
  schedule: steps,
  until: 20,
};
const crashes = (s: Scenario) => s.schedule.map((a) => ("crash" in a ? a.crash : "")).join(" ");

describe("shrinking a failing schedule", () => {
  test("keeps exactly the steps the failure needs, and a reliable network when it still fails", () => {
    const trial = (s: Scenario) => (/N3\b/.test(crashes(s)) && /N8\b/.test(crashes(s)) ? "broke at t=9" : null);
    const shrunk = shrinkSchedule(story, "broke at t=11", trial);
    expect(crashes(shrunk.scenario)).toBe("N3 N8");
    expect(shrunk.scenario.network).toBe(RELIABLE);
    expect(shrunk.removed).toBe(10);
    expect(describeShrunk(shrunk, story)).toContain("shrunk to 2 of 12 scheduled steps, on a reliable network");
  });

  test("never trades the failure for another one", () => {
    const trial = (s: Scenario) => (s.schedule.length === 12 ? "the old failure" : "another failure");
    const shrunk = shrinkSchedule(story, "the old failure", trial);
    expect(shrunk.scenario.schedule).toHaveLength(12);
    expect(shrunk.removed).toBe(0);
  });

  test("never leaves a node down that the run restarted, and keeps the steps marked keep", () => {
    const schedule: Action[] = [
      { at: 1, crash: "N1" },
      { at: 2, write: "N2", command: "x" },
      { at: 3, restart: "N1" },
      { at: 4, crash: "N2" },
      { at: 9, write: "N3", command: "final", keep: true },
    ];
    const seen: string[] = [];
    const trial = (s: Scenario) => {
      seen.push(describeShrunk({ scenario: s, problem: "", removed: 0, trials: 0 }, s));
      return "nobody acknowledged final";
    };
    const shrunk = shrinkSchedule({ ...story, schedule }, "nobody acknowledged final", trial);
    expect(shrunk.scenario.schedule).toEqual([{ at: 9, write: "N3", command: "final", keep: true }]);
    expect(seen.filter((s) => /N1 crashes(?![^]*N1 restarts)/.test(s))).toEqual([]);
    expect(seen.every((s) => s.includes('"final"'))).toBe(true);
  });

  test("stops after a bounded number of trial runs", () => {
    let trials = 0;
    shrinkSchedule(story, "x", () => {
      trials++;
      return trials % 2 === 0 ? "x" : null;
    });
    expect(trials).toBeLessThanOrEqual(120);
  });

  test("a zoo mutant caught by a randomized test is reported with a schedule of at most 10 steps", async () => {
    const mutant = CHAPTERS.flatMap((c) => c.mutants).find((m) => m.id === "ch3.match-index-falls");
    if (!mutant) throw new Error("the mutant ch3.match-index-falls is gone");
    const impl = materialize(path.join(ROOT, "solutions"), mutant);
    const run = await gradeCliAsync(["--impl", impl, "--chapter", "3", "--only", "ch3.randomized"]);
    fs.rmSync(impl, { recursive: true, force: true });
    const [failed] = testsOfChapter(run, 3).filter((t) => t.status === "failed");
    const shrunkTo = /shrunk to (\d+) of (\d+) scheduled steps/.exec(failed?.output ?? "");
    expect(shrunkTo).not.toBeNull();
    expect(Number(shrunkTo?.[1])).toBeLessThanOrEqual(10);
    expect(Number(shrunkTo?.[1])).toBeLessThan(Number(shrunkTo?.[2]));
  });
});
