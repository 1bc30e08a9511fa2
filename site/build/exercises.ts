import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../../grader/chapters/registry";
import type { ChapterSource } from "./chapters";
import { BuildError } from "./errors";
import type { Heading } from "./markdown";
import { listTodos, type Todo } from "../../grader/stubs/generate";

/** A TODO with the class whose method it is: one file may hold a chapter's class and a stretch subclass. */
export interface ClassTodo extends Todo {
  readonly className: string;
}

export interface StubFile {
  readonly path: string;
  /** The class the grader loads from this file, when it is the chapter's graded file. */
  readonly className: string | null;
  readonly todos: readonly ClassTodo[];
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

const CLASS = /^export\s+(?:abstract\s+)?class\s+(\w+)/gm;

/**
 * Each TODO with the class it sits in: the last class declared before its comment. The stubs
 * declare their classes at the top level, one after another, so position alone tells.
 */
function todosByClass(source: string, file: string): ClassTodo[] {
  const classes = [...source.matchAll(CLASS)].map((m) => ({ name: m[1], at: m.index }));
  return listTodos(source, file).map((todo) => {
    const at = source.search(new RegExp(`TODO ${todo.id.replace(".", "\\.")}\\b`));
    const owner = classes.filter((c) => c.at < at).pop();
    if (!owner) throw new BuildError(`${file}: TODO ${todo.id} is outside every exported class`);
    return { ...todo, className: owner.name };
  });
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
      todos: todosByClass(fs.readFileSync(full, "utf8"), rel),
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
    // A text without a descriptor (the epilogue) is not graded: its check is a chaos run of your code.
    command: info ? `npm run grade -- --chapter ${n}` : "npm run cluster:chaos -- --impl exercises",
  };
}
