import * as fs from "node:fs";
import * as path from "node:path";
import type { ChapterDescriptor } from "../chapters/descriptor";
import { Attempt } from "./attempt";
import { GradeFailure } from "./failure";
import { readSettings } from "./settings";

/**
 * Declares the graded tests of a chapter. Each test's title starts with its stable id in
 * brackets, which is how the CLI matches jest's results to the manifest's points.
 */
export function gradedTests(chapter: ChapterDescriptor) {
  return function graded(id: string, body: (attempt: Attempt) => void): void {
    const spec = chapter.tests.find((t) => t.id === id);
    if (!spec) throw new Error(`test ${id} is not in the descriptor of chapter ${chapter.number}`);
    test(`[${id}] ${spec.title}`, () => {
      try {
        body(new Attempt(id, chapter));
      } catch (err) {
        leaveDetails(id, err);
        throw err;
      }
    });
  };
}

/** Leaves a failed test's structured details where the CLI's reporters pick them up. */
function leaveDetails(id: string, err: unknown): void {
  const dir = readSettings().resultsDir;
  if (!dir) return;
  const e = err instanceof Error ? err : new Error(String(err));
  const context = e instanceof GradeFailure ? e.context : { kind: "expectation" };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ id, message: e.message, context }));
}
