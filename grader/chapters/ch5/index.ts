import { CHAPTER as PREVIOUS } from "../ch4";
import type { ChapterDescriptor } from "../descriptor";
import { COMMIT_INVARIANTS } from "../../sim/invariants";
import { TESTS } from "./manifest";
import { ENTRY5_N2, ENTRY5_N5, FIG6, FIG8_A, FIG8_B, FIG8_C, FIG8_D, FIG8_E, TOLERATE_F } from "./scenarios";
import { MUTANTS } from "./zoo";

export const CHAPTER: ChapterDescriptor = {
  number: 5,
  slug: "commit-index",
  title: "The commit index",
  file: "ch5-commit.ts",
  className: "CommitNode",
  // Every invariant of chapter 4, and those that judge commitment.
  invariants: [...PREVIOUS.invariants, ...COMMIT_INVARIANTS],

  tests: TESTS,
  sources: [
    "002-fig6",
    "002-no-early-ack",
    "004-entry5-n2-wins",
    "004-entry5-n5-wins",
    "paper-fig8",
    "004-tolerate-f",
    "004-committed-survive",
  ],
  figures: [FIG6, ENTRY5_N2, ENTRY5_N5, FIG8_A, FIG8_B, FIG8_C, FIG8_D, FIG8_E, TOLERATE_F],
  mutants: MUTANTS,
};
