import * as path from "node:path";
import type { NodeClass } from "../contract";
import type { ChapterDescriptor } from "../chapters/descriptor";
import { GradeFailure } from "./failure";
import { readSettings } from "./settings";

/**
 * Loads the node class of a chapter (or another class its file exports, such as a stretch
 * exercise's) from the implementation being graded. A file that does
 * not compile or throws while loading fails the test that needed it, with the reason, so the
 * other chapters are still graded.
 */
/** What grading a chapter needs of its descriptor. */
export type GradedChapter = Pick<ChapterDescriptor, "number" | "file" | "className" | "invariants">;

export function loadNodeClass(info: GradedChapter, className?: string): NodeClass {
  const { implRoot, implArg } = readSettings();
  const file = path.join(implRoot, info.file);
  let mod: Record<string, unknown>;
  try {
    mod = require(file) as Record<string, unknown>;
  } catch (err) {
    const e = err as Error;
    throw new GradeFailure(`${path.join(implArg, info.file)} could not be loaded: ${firstLines(e.message, 12)}`, {
      kind: "load",
    });
  }
  const name = className ?? info.className;
  const cls = mod[name];
  if (typeof cls !== "function") {
    throw new GradeFailure(`${path.join(implArg, info.file)} must export the class ${name}`, { kind: "load" });
  }
  return cls as NodeClass;
}

function firstLines(text: string, n: number): string {
  const lines = text.split("\n");
  return lines.length > n ? [...lines.slice(0, n), "…"].join("\n") : text;
}
