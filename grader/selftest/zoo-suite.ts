import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { materialize } from "../zoo/apply";
import type { Mutant } from "../zoo/mutants";
import { chapterScore, gradeCli, ROOT, testsOfChapter } from "./grade-cli";

/**
 * Grades each mutant of the reference. It must lose points in its own chapter, with a failure
 * message that points at its mistake; with `othersIntact`, the chapters before it are graded in
 * the same run and must keep full marks, and the reports must still be written.
 */
export function zooSuite(title: string, mutants: readonly Mutant[], othersIntact: boolean): void {
  describe(title, () => {
    test.each(mutants.map((m) => [m.id, m] as const))("%s is caught", (_id, mutant) => {
      const impl = materialize(path.join(ROOT, "solutions"), mutant);
      const chapters = othersIntact
        ? CHAPTERS.map((c) => c.number).filter((n) => n <= mutant.chapter)
        : [mutant.chapter];
      const run = gradeCli(["--impl", impl, ...chapters.flatMap((n) => ["--chapter", String(n)])]);
      fs.rmSync(impl, { recursive: true, force: true });
      expect(run.stderr).toBe("");
      expect(run.exitCode).toBe(1);
      expect(run.results).not.toBeNull();
      const own = chapterScore(run, mutant.chapter);
      expect(own.score).toBeLessThan(own.max);
      const messages = testsOfChapter(run, mutant.chapter)
        .filter((t) => t.status === "failed")
        .map((t) => t.output);
      expect(messages.some((m) => mutant.expect.test(m)) ? mutant.expect : messages).toEqual(mutant.expect);
      if (othersIntact) {
        for (const n of chapters.filter((c) => c < mutant.chapter)) {
          const other = chapterScore(run, n);
          expect({ chapter: n, score: other.score }).toEqual({ chapter: n, score: other.max });
        }
      }
    });
  });
}
