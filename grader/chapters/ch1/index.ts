import type { ChapterDescriptor } from "../descriptor";
import { TESTS } from "./manifest";
import { FIG1, inOrder } from "./scenarios";
import { MUTANTS } from "./zoo";

export const CHAPTER: ChapterDescriptor = {
  number: 1,
  slug: "vanilla-broadcast",
  title: "Vanilla broadcast",
  file: "ch1-broadcast.ts",
  className: "BroadcastNode",
  // Vanilla broadcast breaks Log Matching by design: that is the chapter's lesson.
  invariants: ["election-safety", "leader-append-only"],
  tests: TESTS,
  sources: ["002-fig1"],
  figures: [FIG1, inOrder(["L", "F1", "F2"], ["a", "b", "c", "d", "e"])],
  mutants: MUTANTS,
};
