/**
 * A known mistake, written as a small edit of the reference implementation. Kept as an edit
 * rather than a copy so it stays in step with the reference; an edit whose `find` text no
 * longer occurs fails loudly instead of silently testing nothing.
 */
export interface Mutant {
  readonly id: string;
  /** The classic mistake, in a learner's words. */
  readonly mistake: string;
  /** Relative to the implementation root. */
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  /** Further edits of the same file, applied in order after the first; each replaces the first occurrence left. */
  readonly more?: readonly { readonly find: string; readonly replace: string }[];
  /** A failure message of that chapter must match this: it has to point at the mistake. */
  readonly expect: RegExp;
}

/** Learner code that misbehaves beyond Raft (throws, loops, allocates): the chapter that must catch it. */
export interface Hazard extends Mutant {
  readonly chapter: number;
}
