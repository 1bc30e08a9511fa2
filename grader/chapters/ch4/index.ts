import { CHAPTER as PREVIOUS } from "../ch3";
import type { ChapterDescriptor } from "../descriptor";
import { TESTS } from "./manifest";
import { LONGEST_LOG, MINORITY, N4_NOT_ELECTED, SPLIT_VOTE } from "./scenarios";
import { MUTANTS } from "./zoo";

export const CHAPTER: ChapterDescriptor = {
  number: 4,
  slug: "leader-election",
  title: "Leader election",
  file: "ch4-election.ts",
  className: "ElectionNode",
  // Chapter 3's invariants, and one vote per term now that nodes vote.
  invariants: [...PREVIOUS.invariants, "one-vote-per-term"],
  tests: TESTS,
  sources: ["004-n4-not-elected", "004-longest-log", "004-split-vote", "004-minority", "004-one-leader-per-term"],
  figures: [N4_NOT_ELECTED, LONGEST_LOG, SPLIT_VOTE, MINORITY],
  mutants: MUTANTS,
};
