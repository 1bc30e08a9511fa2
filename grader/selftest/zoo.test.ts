import { MUTANTS } from "../zoo/mutants";
import { zooSuite } from "./zoo-suite";

zooSuite("the bug zoo", MUTANTS, false);
