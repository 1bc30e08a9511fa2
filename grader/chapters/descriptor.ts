import type { Scenario } from "../scenarios/types";
import type { InvariantName } from "../sim/invariants";
import type { Mutant } from "../zoo/mutant";
import type { TestSpec } from "./manifest";

/**
 * Everything the grader, the study site and the exports know about one chapter. A chapter is
 * its text (chapters/NN-slug.md), its reference file (solutions/<file>) and its descriptor
 * folder (grader/chapters/chN/: this object in index.ts, its graded suite in grade.test.ts);
 * every list elsewhere is derived from the descriptors.
 */
export interface ChapterDescriptor {
  readonly number: number;
  /** The chapter text is chapters/<two-digit number>-<slug>.md. */
  readonly slug: string;
  /** Must equal the title in the chapter text's front matter. */
  readonly title: string;
  /** The learner's file for this chapter, relative to the implementation root. */
  readonly file: string;
  /** The node class that file exports and the graded tests run. */
  readonly className: string;
  /** The client class the same file exports, for chapters whose scenarios have clients (chapter 6). */
  readonly clientClassName?: string;
  /** Checked after every event of every run of this chapter. */
  readonly invariants: readonly InvariantName[];
  /** The graded tests: ids, points, hints, sections and source tags. */
  readonly tests: readonly TestSpec[];
  /** Source examples the chapter must turn into scenarios, each tagged on a passing test. */
  readonly sources: readonly string[];
  /** The scenarios the chapter text draws (```raft-logs) and plays (```raft-player), by id. */
  readonly figures: readonly Scenario[];
  /** The bug zoo: mistakes this chapter's tests must catch. */
  readonly mutants: readonly Mutant[];
}

/** The chapter text's file name: chapters/01-vanilla-broadcast.md for chapter 1. */
export function textFileOf(c: Pick<ChapterDescriptor, "number" | "slug">): string {
  return `${String(c.number).padStart(2, "0")}-${c.slug}.md`;
}

/** What running a chapter's class needs of its descriptor. */
export type GradedChapter = Pick<ChapterDescriptor, "number" | "file" | "className" | "invariants" | "clientClassName">;
