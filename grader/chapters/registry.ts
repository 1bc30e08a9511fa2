import type { InvariantName } from "../sim/invariants";

/** One chapter of the workbook as the grader sees it. */
export interface ChapterInfo {
  readonly number: number;
  readonly slug: string;
  readonly title: string;
  /** The learner's file for this chapter, relative to the implementation root. */
  readonly file: string;
  /** The node class that file exports. */
  readonly className: string;
  /** Checked after every event of every run of this chapter. */
  readonly invariants: readonly InvariantName[];
}

export const CHAPTERS: readonly ChapterInfo[] = [
  {
    number: 1,
    slug: "vanilla-broadcast",
    title: "Vanilla broadcast",
    file: "ch1-broadcast.ts",
    className: "BroadcastNode",
    // Vanilla broadcast breaks Log Matching by design: that is the chapter's lesson.
    invariants: ["election-safety", "leader-append-only"],
  },
  {
    number: 2,
    slug: "prevlog-checks",
    title: "prevLog checks",
    file: "ch2-prevlog.ts",
    className: "CheckedNode",
    invariants: ["election-safety", "leader-append-only", "log-matching"],
  },
  {
    number: 3,
    slug: "conflict-backtracking",
    title: "Conflict backtracking",
    file: "ch3-backtrack.ts",
    className: "BacktrackNode",
    invariants: ["election-safety", "leader-append-only", "log-matching", "leader-progress"],
  },
  {
    number: 4,
    slug: "leader-election",
    title: "Leader election",
    file: "ch4-election.ts",
    className: "ElectionNode",
    invariants: [
      "election-safety",
      "leader-append-only",
      "log-matching",
      "leader-progress",
      "monotonic-terms",
      "one-vote-per-term",
    ],
  },
];

export function chapterInfo(n: number): ChapterInfo {
  const c = CHAPTERS.find((x) => x.number === n);
  if (!c) throw new Error(`there is no chapter ${n}; chapters are ${CHAPTERS.map((x) => x.number).join(", ")}`);
  return c;
}
