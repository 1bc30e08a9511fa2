import { MUTANTS } from "../zoo/mutants";
import { zooSuite } from "./zoo-suite";

zooSuite(
  "the bug zoo of chapters 1 and 2",
  MUTANTS.filter((m) => m.chapter <= 2),
  false,
);
