import { HAZARDS } from "../zoo/hazards";
import { tiered } from "./tier";
import { zooSuite } from "./zoo-suite";

zooSuite(
  "learner code that misbehaves",
  // npm test: a throw, an endless loop and a malformed message. (The heap hog alone costs a minute:
  // each test of its chapter waits seconds for V8 to give up on a full heap.)
  tiered(
    HAZARDS.map((mutant) => ({ chapter: mutant.chapter, mutant })),
    (c) => ["hazard.throws", "hazard.infinite-loop", "hazard.malformed-message"].includes(c.mutant.id),
  ),
  true,
);
