import type { ChapterDescriptor } from "../descriptor";
import { TESTS } from "./manifest";
import { FIG1 } from "../ch1/scenarios";
import { FIG2_MATCH, FIG2_MISMATCH, LEADER_PREV } from "./scenarios";
import { MUTANTS } from "./zoo";

export const CHAPTER: ChapterDescriptor = {
  number: 2,
  slug: "prevlog-checks",
  title: "prevLog checks",
  file: "ch2-prevlog.ts",
  className: "CheckedNode",
  invariants: ["election-safety", "leader-append-only", "log-matching"],
  tests: TESTS,
  sources: ["002-fig1", "002-fig2", "002-log-matching", "000-base-entry"],
  figures: [FIG1, FIG2_MATCH, FIG2_MISMATCH, LEADER_PREV],
  mutants: MUTANTS,
};
