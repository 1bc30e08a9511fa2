/**
 * One frozen empty list shared by everything that is usually empty (most events output
 * nothing): a list is made only for its first entry, which keeps the garbage collector out of
 * the simulator's loop.
 */
export const NONE: readonly never[] = Object.freeze([]);

/** The shared empty list, typed as a list to grow with grown(). */
export const none = <T>(): T[] => NONE as never[];

/** The list itself once it holds something; a new one in place of the shared empty one. */
export const grown = <T>(list: T[]): T[] => ((list as readonly T[]) === NONE ? [] : list);
