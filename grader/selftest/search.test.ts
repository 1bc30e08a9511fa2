import * as fs from "node:fs";
import * as path from "node:path";
import type { NodeClass } from "../contract";
import { chapterInfo } from "../chapters/registry";
import { SEARCH as CH2_SEARCH } from "../chapters/ch2/scenarios";
import { SEARCH as CH3_SEARCH } from "../chapters/ch3/scenarios";
import { SEARCH as CH5_SEARCH } from "../chapters/ch5/scenarios";
import { MUTANTS as CH3_MUTANTS } from "../chapters/ch3/zoo";
import { searchTrusted, type SearchReport, type SearchSpace } from "../harness/explore";
import { materialize } from "../zoo/apply";
import { gradeCli, ROOT } from "./grade-cli";

/** Searches a space on the reference's class of the chapter, or a mutant's (trusted code, in this process). */
function search(chapter: number, space: SearchSpace, root = path.join(ROOT, "solutions")): SearchReport {
  const info = chapterInfo(chapter);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the class under search is picked at run time
  const nodeClass = require(path.join(root, info.file))[info.className] as NodeClass;
  return searchTrusted(space, nodeClass, info.invariants);
}

const mutant = (id: string) => {
  const found = CH3_MUTANTS.find((m) => m.id === id);
  if (!found) throw new Error(`no mutant ${id}`);
  return found;
};

describe("the exhaustive search of small clusters", () => {
  test.each([
    [2, CH2_SEARCH],
    [3, CH3_SEARCH],
    [5, CH5_SEARCH],
  ] as const)("finds no failing schedule of chapter %i's reference, and meets a state twice only once", (ch, space) => {
    const report = search(ch, space);
    expect(report.failing).toBeUndefined();
    expect(report.states).toBeGreaterThan(100);
    // Orders that reach the same state are searched once: far fewer states than schedules run.
    expect(report.runs).toBeGreaterThan(report.states * 2);
    expect(report.states).toBeLessThanOrEqual(space.maxStates);
  });

  test("stops at its depth, and says whether anything was left unsearched", () => {
    const shallow = search(3, { ...CH3_SEARCH, depth: 2 });
    expect(shallow.depth).toBe(2);
    expect(shallow.exhausted).toBe(false);
    const tiny: SearchSpace = { ...CH2_SEARCH, writes: [CH2_SEARCH.writes[0]], depth: 50 };
    const whole = search(2, tiny);
    expect(whole.exhausted).toBe(true);
    expect(whole.depth).toBeLessThan(50);
  });

  test("a matchIndex that a late reply lowers is found with a shortest schedule, which no shallower search finds", () => {
    const impl = materialize(path.join(ROOT, "solutions"), mutant("ch3.match-index-falls"));
    try {
      const found = search(3, CH3_SEARCH, impl);
      expect(found.failing).toBeDefined();
      const steps = found.failing?.steps ?? [];
      expect(steps.length).toBe(found.depth);
      expect(search(3, { ...CH3_SEARCH, depth: steps.length - 1 }, impl).failing).toBeUndefined();
      // Only a reply that arrives again, or late, lowers it: the schedule delivers one message twice.
      expect(new Set(steps).size).toBeLessThan(steps.length);
    } finally {
      fs.rmSync(impl, { recursive: true, force: true });
    }
  });

  test("its failure names the rule, lists the schedule step by step, and replays", () => {
    const impl = materialize(path.join(ROOT, "solutions"), mutant("ch3.truncate-always"));
    try {
      const run = gradeCli(["--impl", impl, "--chapter", "3", "--only", "ch3.search"]);
      expect(run.exitCode).toBe(1);
      // --only leaves one test in the report.
      const output = run.results?.tests[0]?.output ?? "";
      expect(output).toMatch(/found by an exhaustive search of \d+ distinct states/);
      expect(output).toMatch(/\n {4}1\. a client asks N1 to write "x"/);
      expect(output).toMatch(/replay: npm run grade -- .*--only ch3\.search --seed 1/);
      const again = gradeCli(["--impl", impl, "--chapter", "3", "--only", "ch3.search", "--seed", "1"]);
      expect(again.results?.tests[0]?.output).toBe(output);
    } finally {
      fs.rmSync(impl, { recursive: true, force: true });
    }
  });
});
