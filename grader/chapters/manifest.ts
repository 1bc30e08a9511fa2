/** A graded test as the chapter's descriptor declares it: the single source of ids and points. */
export interface TestSpec {
  /** Stable id, e.g. "ch2.fig1-refused"; appears in test titles, reports and replay commands. */
  readonly id: string;
  readonly title: string;
  readonly points: number;
  /** Source examples this test turns into a scenario, e.g. "002-fig1"; become `source:` tags. */
  readonly sources: readonly string[];
  /** Shown when the test fails, gentlest first. */
  readonly hints: readonly string[];
  /** Anchor of the chapter section that explains the idea behind the test. */
  readonly section: string;
  /** Bonus tests add points beyond the chapter's 100%. */
  readonly bonus?: boolean;
}

export function tagsOf(chapter: number, spec: TestSpec): string[] {
  return [`chapter:${chapter}`, ...spec.sources.map((s) => `source:${s}`), ...(spec.bonus ? ["bonus"] : [])];
}
