/**
 * What a learner's module holds at module level (see state-free.ts, which reads it off the
 * source). Kept apart from the analysis so that a grading whose files all come from the
 * transpile cache never loads the compiler.
 */
export interface ModuleState {
  /** The module's non-exported top-level values, which it freezes once evaluated (the host freezes its exports). */
  readonly locals: readonly string[];
  /** Methods and accessors its classes declare. */
  readonly methods: readonly string[];
  /** Property names its code assigns or deletes, on any object. */
  readonly writes: readonly string[];
}

/** Whether modules that are each state-free may share one evaluation: none writes a property another declares as a method. */
export function stateFreeTogether(modules: readonly (ModuleState | null)[]): boolean {
  if (modules.some((m) => m === null)) return false;
  const methods = new Set(modules.flatMap((m) => m?.methods ?? []));
  return !modules.some((m) => m?.writes.some((w) => methods.has(w)));
}
