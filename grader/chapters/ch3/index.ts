import type { ChapterDescriptor } from "../descriptor";
import { TESTS } from "./manifest";
import { FIG4, FIG7, N1_N5_SCENARIO, NEW_FOLLOWER, OUTDATED_FOLLOWER, STALE_APPEND } from "./scenarios";
import { MUTANTS } from "./zoo";

export const CHAPTER: ChapterDescriptor = {
  number: 3,
  slug: "conflict-backtracking",
  title: "Conflict backtracking",
  file: "ch3-backtrack.ts",
  className: "BacktrackNode",
  invariants: [
    "election-safety",
    "leader-append-only",
    "log-matching",
    "leader-progress",
    "match-monotonic",
    "monotonic-terms",
  ],
  tests: TESTS,
  sources: [
    "004-n1-n5",
    "002-fig4",
    "000-new-follower",
    "000-outdated-follower",
    "000-comment",
    "paper-fig7",
    "paper-stale-append",
  ],
  figures: [N1_N5_SCENARIO, FIG4, NEW_FOLLOWER, OUTDATED_FOLLOWER, FIG7, STALE_APPEND],
  mutants: MUTANTS,
};
