/**
 * The self-tests come in two tiers. `npm test` grades a spread of the edited implementations:
 * one bug-zoo mutant per chapter, some correct variants, hazards and hostile submissions.
 * `npm run test:full` (RAFT_SELFTEST=full) grades every one of them, and adds the course
 * exports with their installs; CI runs both.
 */
export const FULL_SELFTEST = process.env.RAFT_SELFTEST === "full";

/** Every case in the full tier; in npm test's, the ones `quick` keeps. */
export function tiered<T>(cases: readonly T[], quick: (c: T, i: number, all: readonly T[]) => boolean): readonly T[] {
  return FULL_SELFTEST ? cases : cases.filter(quick);
}
