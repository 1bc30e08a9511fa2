import { CHAPTERS } from "../chapters/registry";
import { zooSuite } from "./zoo-suite";

zooSuite(
  "the bug zoo of every chapter",
  CHAPTERS.flatMap((c) => c.mutants.map((mutant) => ({ chapter: c.number, mutant }))),
  false,
);
