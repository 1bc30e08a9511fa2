import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { materializeVariant, VARIANTS, type Variant } from "../zoo/variants";
import { chapterScore, gradeCliAsync, SOME_SEEDS, ROOT } from "./grade-cli";
import { tiered } from "./tier";

/**
 * The grader never fails a correct Raft: each correct variant of the reference gets full marks
 * in every chapter, bonus tests included, two gradings at a time.
 */
/**
 * The chapters a variant can change: those of the files it edits and every later one (which
 * builds on them). Earlier chapters run exactly the reference's code, graded in reference.test.ts.
 */
function affected(variant: Variant): number[] {
  const first = Math.min(...variant.edits.map((e) => CHAPTERS.find((c) => c.file === e.file)?.number ?? 1));
  return CHAPTERS.map((c) => c.number).filter((n) => n >= first);
}

describe("correct variants of the reference", () => {
  // npm test: an election timer off the tick grid, and a read round that waits for the next heartbeat.
  const quick = ["timeout-fractional", "reads-wait-for-heartbeat"];
  const variants = tiered(VARIANTS, (v) => quick.includes(v.id));
  test.concurrent.each(variants.map((v) => [v.id, v] as const))(
    "%s gets full marks in every chapter",
    async (_id, variant) => {
      const impl = materializeVariant(path.join(ROOT, "solutions"), variant);
      const run = await gradeCliAsync(
        ["--impl", impl, ...affected(variant).flatMap((n) => ["--chapter", String(n)])],
        SOME_SEEDS,
      );
      fs.rmSync(impl, { recursive: true, force: true });
      expect(run.stderr).toBe("");
      expect(run.results).not.toBeNull();
      const failed = (run.results?.tests ?? []).filter((t) => t.status !== "passed").map((t) => [t.name, t.output]);
      expect(failed).toEqual([]);
      for (const c of CHAPTERS.filter((x) => affected(variant).includes(x.number))) {
        const { score, max } = chapterScore(run, c.number);
        expect({ chapter: c.number, score }).toEqual({ chapter: c.number, score: max });
      }
      expect(run.exitCode).toBe(0);
    },
  );
});
