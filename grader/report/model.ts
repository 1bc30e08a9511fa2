/** The grader's verdict, in the shape every reporter renders. */
export interface TestOutcome {
  readonly id: string;
  readonly chapter: number;
  readonly title: string;
  readonly passed: boolean;
  readonly points: number;
  readonly maxPoints: number;
  readonly bonus: boolean;
  readonly tags: readonly string[];
  /** Why it failed, in the learner's terms; empty when it passed. */
  readonly message: string;
  readonly hints: readonly string[];
  /** Anchor in the chapter text that explains the idea behind the test. */
  readonly section: string;
  readonly seed?: number;
  readonly replay?: string;
  readonly trace?: string;
  readonly todo?: string;
  /** What kind of failure it was (a broken invariant, an end-state check, a fault, …). */
  readonly kind?: "load" | "fault" | "violation" | "budget" | "expectation";
  readonly durationMs: number;
}

export interface ChapterOutcome {
  readonly chapter: number;
  readonly title: string;
  readonly slug: string;
  readonly tests: readonly TestOutcome[];
  readonly points: number;
  readonly maxPoints: number;
  /** Compiler errors in the chapter's file, each "file:line:col — message". */
  readonly compileErrors: readonly string[];
}

export interface GradeReport {
  /** False when the grader itself could not run; `problem` says why. */
  readonly ran: boolean;
  readonly problem?: string;
  readonly impl: string;
  readonly seed?: number;
  /** Each chapter was graded on top of the reference's earlier chapters (--isolate). */
  readonly isolated?: boolean;
  readonly chapters: readonly ChapterOutcome[];
  readonly points: number;
  readonly maxPoints: number;
  readonly executionSeconds: number;
}

export function allPassed(report: GradeReport): boolean {
  return report.ran && report.chapters.every((c) => c.tests.every((t) => t.passed));
}
