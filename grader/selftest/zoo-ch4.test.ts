import { MUTANTS } from "../zoo/mutants";
import { zooSuite } from "./zoo-suite";

zooSuite(
  "the bug zoo of chapter 4",
  MUTANTS.filter((m) => m.chapter === 4),
  false,
);
