import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { materializeVariant, VARIANTS } from "../zoo/variants";
import { chapterScore, gradeCliAsync, SOME_SEEDS, ROOT } from "./grade-cli";

/**
 * The grader never fails a correct Raft: each correct variant of the reference gets full marks
 * in every chapter, bonus tests included, two gradings at a time.
 */
describe("correct variants of the reference", () => {
  test.concurrent.each(VARIANTS.map((v) => [v.id, v] as const))(
    "%s gets full marks in every chapter",
    async (_id, variant) => {
      const impl = materializeVariant(path.join(ROOT, "solutions"), variant);
      const run = await gradeCliAsync(
        ["--impl", impl, ...CHAPTERS.flatMap((c) => ["--chapter", String(c.number)])],
        SOME_SEEDS,
      );
      fs.rmSync(impl, { recursive: true, force: true });
      expect(run.stderr).toBe("");
      expect(run.results).not.toBeNull();
      const failed = (run.results?.tests ?? []).filter((t) => t.status !== "passed").map((t) => [t.name, t.output]);
      expect(failed).toEqual([]);
      for (const c of CHAPTERS) {
        const { score, max } = chapterScore(run, c.number);
        expect({ chapter: c.number, score }).toEqual({ chapter: c.number, score: max });
      }
      expect(run.exitCode).toBe(0);
    },
  );
});
