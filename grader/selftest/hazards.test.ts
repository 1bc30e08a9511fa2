import { HAZARDS } from "../zoo/mutants";
import { zooSuite } from "./zoo-suite";

zooSuite("learner code that misbehaves", HAZARDS, true);
