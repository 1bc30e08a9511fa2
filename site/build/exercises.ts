import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../../grader/chapters/registry";
import type { ChapterSource } from "./chapters";
import { BuildError } from "./errors";
import type { Heading } from "./markdown";
import { listTodos, type Todo } from "../../grader/stubs/generate";

export interface StubFile {
  readonly path: string;
  /** The class the grader loads from this file, when it is the chapter's graded file. */
  readonly className: string | null;
  readonly todos: readonly Todo[];
}

export interface GradedTest {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  readonly bonus: boolean;
  readonly sources: readonly string[];
  readonly section: Heading;
}

/** What a chapter's exercises page shows: the files to edit, each graded test, and how to grade. */
export interface Exercises {
  readonly files: readonly StubFile[];
  readonly tests: readonly GradedTest[];
  readonly points: number;
  readonly bonusPoints: number;
  readonly command: string;
}

export function exercisesFor(chapter: ChapterSource, headings: readonly Heading[], root: string): Exercises {
  const n = chapter.meta.number;
  const info = CHAPTERS.find((c) => c.number === n);
  const files = chapter.meta.exercises.map((rel): StubFile => {
    const full = path.resolve(root, rel);
    if (!fs.existsSync(full))
      throw new BuildError(
        `${chapter.file}: front matter lists exercise file "${rel}", which does not exist (paths are relative to the repository root)`,
      );
    const graded = info !== undefined && path.basename(rel) === path.basename(info.file);
    return {
      path: rel,
      className: graded ? info.className : null,
      todos: listTodos(fs.readFileSync(full, "utf8"), rel),
    };
  });
  const tests = (info?.tests ?? []).map((spec): GradedTest => {
    const section = headings.find((h) => h.id === spec.section);
    if (!section) {
      throw new BuildError(
        `${chapter.file}: graded test ${spec.id} points readers at section "#${spec.section}", but chapter ${n} has no heading with that anchor (it has ${headings.map((h) => `#${h.id}`).join(", ") || "no headings"})`,
      );
    }
    return {
      id: spec.id,
      title: spec.title,
      points: spec.points,
      bonus: spec.bonus === true,
      sources: spec.sources,
      section,
    };
  });
  const sum = (list: readonly GradedTest[]) => list.reduce((s, t) => s + t.points, 0);
  return {
    files,
    tests,
    points: sum(tests.filter((t) => !t.bonus)),
    bonusPoints: sum(tests.filter((t) => t.bonus)),
    command: `npm run grade -- --chapter ${n}`,
  };
}
