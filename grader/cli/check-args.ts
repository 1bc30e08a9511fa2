import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { UsageError, type GradeArgs } from "./args";

/** The first existing ancestor of `target` that is a file, if any: nothing can be written under it. */
function fileAbove(target: string): string | null {
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(dir)) return fs.statSync(dir).isFile() ? dir : null;
    if (dir === path.dirname(dir)) return null;
  }
}

/**
 * Refuses, before any grading, what the file system says cannot work: each message is one line
 * a user can act on (the grader then writes its report where it still can, and exits 2).
 */
export function checkGradeArgs(args: GradeArgs): void {
  if (args.impl.trim() === "") throw new UsageError("--impl needs a folder; it was given an empty name");
  if (fs.existsSync(args.impl) && !fs.statSync(args.impl).isDirectory()) {
    throw new UsageError(
      `--impl ${args.impl}: that is a file; give the folder that holds ch1-broadcast.ts and the rest`,
    );
  }
  for (const { format, out } of args.formats) {
    if (out === undefined) continue;
    if (fs.existsSync(out) && fs.statSync(out).isDirectory()) {
      throw new UsageError(
        `--out ${out} (for --format ${format}) is a folder; give a file name, e.g. ${path.join(out, "results.json")}`,
      );
    }
    const blocker = fileAbove(out);
    if (blocker) throw new UsageError(`--out ${out}: ${blocker} is a file, so nothing can be written under it`);
  }
  if (args.traceDir !== undefined) {
    if (fs.existsSync(args.traceDir) && !fs.statSync(args.traceDir).isDirectory()) {
      throw new UsageError(`--trace-dir ${args.traceDir} is a file; give a folder for the trace files`);
    }
    const blocker = fileAbove(path.join(args.traceDir, "x"));
    if (blocker && blocker !== path.resolve(args.traceDir)) {
      throw new UsageError(`--trace-dir ${args.traceDir}: ${blocker} is a file, so no folder can be made under it`);
    }
  }
  if (args.only !== undefined) {
    const known = CHAPTERS.flatMap((c) => c.tests.map((t) => t.id));
    if (!known.includes(args.only)) {
      const prefix = args.only.split(".")[0];
      const near = known.filter((id) => id.startsWith(`${prefix}.`));
      throw new UsageError(
        `--only ${args.only}: there is no such test${near.length ? `; ${prefix}'s tests are ${near.join(", ")}` : ""}`,
      );
    }
  }
}
