import { CHAPTERS } from "../chapters/registry";
import { tiered } from "./tier";
import { zooSuite } from "./zoo-suite";

zooSuite(
  "the bug zoo of every chapter",
  // npm test: each chapter's first mutant.
  tiered(
    CHAPTERS.flatMap((c) => c.mutants.map((mutant) => ({ chapter: c.number, mutant }))),
    (c, i, all) => all.findIndex((x) => x.chapter === c.chapter) === i,
  ),
  false,
);
