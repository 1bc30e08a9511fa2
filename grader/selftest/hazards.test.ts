import { HAZARDS } from "../zoo/hazards";
import { zooSuite } from "./zoo-suite";

zooSuite(
  "learner code that misbehaves",
  HAZARDS.map((mutant) => ({ chapter: mutant.chapter, mutant })),
  true,
);
