import { CHAPTER as PREVIOUS } from "../ch5";
import type { ChapterDescriptor } from "../descriptor";
import { TESTS } from "./manifest";
import { EXACTLY_ONCE, KV_ON_LOG, NEW_LEADER_READ, STALE_ACKS, STALE_READ } from "./scenarios";
import { MUTANTS } from "./zoo";

export const CHAPTER: ChapterDescriptor = {
  number: 6,
  slug: "kv-store",
  title: "A key-value store with leader-confirmed reads",
  file: "ch6-kv.ts",
  className: "KvNode",
  clientClassName: "KvClient",
  // Chapter 5's invariants: a state machine on the log needs every one of them.
  invariants: PREVIOUS.invariants,
  tests: TESTS,
  sources: [
    "004-stale-read",
    "004-kv-on-log",
    "etcd-new-leader-read",
    "etcd-stale-acks",
    "004-exactly-once",
    "004-linearizable",
  ],
  figures: [STALE_READ, KV_ON_LOG, NEW_LEADER_READ, STALE_ACKS, EXACTLY_ONCE],
  mutants: MUTANTS,
};
