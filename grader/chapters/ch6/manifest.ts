import type { TestSpec } from "../manifest";

/** Chapter 6's graded tests: the single source of their ids, points, hints and sections. */
export const TESTS: readonly TestSpec[] = [
  {
    id: "ch6.dedupe-rule",
    title: "the state machine applies each client's write once, and never one older than it has applied",
    points: 8,
    sources: [],
    hints: [
      "Keep, beside the values, the highest sequence number applied for each client: a write at or below it is a retry.",
      "The table lives in the state machine (KvStore), so a restart rebuilds it from the log together with the values.",
    ],
    section: "exactly-once",
  },
  {
    id: "ch6.004-kv-on-log",
    title: "article 004: puts and appends go through the log, and every replica's state machine ends the same",
    points: 8,
    sources: ["004-kv-on-log"],
    hints: [
      "A write is proposed like chapter 5's; the state machine sees it only when it is applied, on every node alike.",
      "append adds to the end of the key's value; a key never written reads as the empty string.",
    ],
    section: "a-state-machine-on-the-log",
  },
  {
    id: "ch6.client-retries",
    title: "a client retries after a timeout, and goes where a refusal's leaderHint points",
    points: 8,
    sources: [],
    hints: [
      "tick() is called while an operation is under way: when env.now() reaches the deadline, try the next node.",
      "A refusal naming a leaderHint says where to go next; without one, try the next node in env.nodes.",
    ],
    section: "the-client",
  },
  {
    id: "ch6.004-stale-read",
    title: "article 004: a replaced leader that does not know it never answers a get with the old value",
    points: 12,
    sources: ["004-stale-read"],
    hints: [
      "A leader may answer a get only after a majority acknowledged a heartbeat round it sent after the get arrived.",
      "Cut off with a minority, the old leader never gets that majority: the client times out and finds the new leader.",
    ],
    section: "leader-confirmed-reads",
  },
  {
    id: "ch6.etcd-new-leader-read",
    title: "etcd: a new leader waits for its first commit, and for applying it, before answering a get",
    points: 12,
    sources: ["etcd-new-leader-read"],
    hints: [
      "A new leader's commitIndex may lag what its predecessor committed; once an entry of its own term (its no-op) commits, it no longer does.",
      "readIndex is the commitIndex when the read is admitted; answer only once lastApplied has reached it.",
    ],
    section: "leader-confirmed-reads",
  },
  {
    id: "ch6.node-rules",
    title:
      "a follower's refusal names its leader; a held get is answered once the no-op commits, with a bare majority too",
    points: 6,
    sources: [],
    hints: [
      "A follower learns who leads from an AppendEntries of its own term only; a stale one names nobody current.",
      "When an entry of your term commits, the reads still without a readIndex get one at once: applyCommitted calls admitReads for a leader.",
      "A majority is more than half of the cluster, counting yourself: with three nodes, you and one follower.",
    ],
    section: "leader-confirmed-reads",
  },
  {
    id: "ch6.step-down-read",
    title: "a leader that steps down refuses at once the reads it was holding",
    points: 6,
    sources: [],
    hints: [
      "Stepping down, a leader can no longer confirm anything: the reads it holds get a not-leader refusal right away.",
      "The override of observeTerm in KvNode does this when chapter 5's observeTerm reports that the node stepped down (it returns true).",
    ],
    section: "leader-confirmed-reads",
  },
  {
    id: "ch6.etcd-stale-acks",
    title: "etcd: late and duplicated acknowledgements of an earlier round never confirm a read",
    points: 12,
    sources: ["etcd-stale-acks"],
    hints: [
      "An acknowledgement confirms a read only if it echoes the read's round or a later one: a reply of your term from an earlier round was sent before the read arrived.",
    ],
    section: "leader-confirmed-reads",
  },
  {
    id: "ch6.004-exactly-once",
    title: "article 004: a retried append whose first copy was committed is applied once",
    points: 12,
    sources: ["004-exactly-once"],
    hints: [
      "The retry carries the same client id and sequence number as the first copy; the state machine skips it when it comes.",
      "Detecting the retry at the leader when it is proposed is not enough: a new leader does not know what the old one saw.",
    ],
    section: "exactly-once",
  },
  {
    id: "ch6.004-linearizable",
    title: "300 seeds of five clients under crashes, partitions and a faulty network: every history is linearizable",
    points: 16,
    sources: ["004-linearizable"],
    hints: [
      "The checker names the operations that cannot be ordered: find which of them read, and which node answered it.",
      "Every rule of this chapter and the ones before it plays a part: check the failing run's trace with the player.",
    ],
    section: "linearizability",
  },
];
