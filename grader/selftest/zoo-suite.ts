import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { materialize } from "../zoo/apply";
import type { Mutant } from "../zoo/mutant";
import { chapterScore, gradeCliAsync, SOME_SEEDS, ROOT, testsOfChapter } from "./grade-cli";

/** A mistake and the chapter that must catch it. */
export interface ZooCase {
  readonly chapter: number;
  readonly mutant: Mutant;
}

/**
 * Grades each mutant of the reference, two at a time. It must lose points in its own chapter,
 * with a failure message that points at its mistake; with `othersIntact`, the chapters before
 * it are graded in the same run and must keep full marks, and the reports must still be written.
 */
export function zooSuite(title: string, cases: readonly ZooCase[], othersIntact: boolean): void {
  describe(title, () => {
    test.concurrent.each(cases.map((c) => [c.mutant.id, c] as const))(
      "%s is caught",
      async (_id, { chapter, mutant }) => {
        const impl = materialize(path.join(ROOT, "solutions"), mutant);
        const chapters = othersIntact ? CHAPTERS.map((c) => c.number).filter((n) => n <= chapter) : [chapter];
        const run = await gradeCliAsync(
          ["--impl", impl, ...chapters.flatMap((n) => ["--chapter", String(n)])],
          SOME_SEEDS,
        );
        fs.rmSync(impl, { recursive: true, force: true });
        expect(run.stderr).toBe("");
        expect(run.exitCode).toBe(1);
        expect(run.results).not.toBeNull();
        const own = chapterScore(run, chapter);
        expect(own.score).toBeLessThan(own.max);
        const messages = testsOfChapter(run, chapter)
          .filter((t) => t.status === "failed")
          .map((t) => t.output);
        expect(messages.some((m) => mutant.expect.test(m)) ? mutant.expect : messages).toEqual(mutant.expect);
        if (othersIntact) {
          for (const n of chapters.filter((c) => c < chapter)) {
            const other = chapterScore(run, n);
            expect({ chapter: n, score: other.score }).toEqual({ chapter: n, score: other.max });
          }
        }
      },
    );
  });
}
