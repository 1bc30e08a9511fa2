import * as fs from "node:fs";
import * as path from "node:path";
import type { ChapterDescriptor } from "../chapters/descriptor";
import { Attempt } from "./attempt";
import { GradeFailure } from "./failure";
import { readSettings } from "./settings";

/**
 * Declares the graded tests of a chapter. Each test's title starts with its stable id in
 * brackets, which is how the CLI matches jest's results to the manifest's points. They run in
 * the descriptor's order, whatever the order of the suite's file: a chapter lists its quick
 * rule tests before its long randomized runs, so a mistake is named soonest by the most
 * precise test.
 */
export function gradedTests(chapter: ChapterDescriptor) {
  const bodies = new Map<string, (attempt: Attempt) => void>();
  for (const spec of chapter.tests) {
    test(`[${spec.id}] ${spec.title}`, () => {
      const body = bodies.get(spec.id);
      if (!body) throw new Error(`test ${spec.id} has no body in chapter ${chapter.number}'s suite`);
      try {
        body(new Attempt(spec.id, chapter));
      } catch (err) {
        leaveDetails(spec.id, err);
        throw err;
      }
    });
  }
  return function graded(id: string, body: (attempt: Attempt) => void): void {
    if (!chapter.tests.some((t) => t.id === id))
      throw new Error(`test ${id} is not in the descriptor of chapter ${chapter.number}`);
    if (bodies.has(id)) throw new Error(`test ${id} is declared twice in chapter ${chapter.number}'s suite`);
    bodies.set(id, body);
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
