import { MUTANTS } from "../zoo/mutants";
import { zooSuite } from "./zoo-suite";

zooSuite(
  "the bug zoo of chapter 3",
  MUTANTS.filter((m) => m.chapter === 3),
  false,
);
