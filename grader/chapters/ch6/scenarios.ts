import { encodeCommand, type KvOp, type NodeId } from "../../contract";
import { repairTicks } from "../../harness/horizons";
import { chaosSchedule, everywhere, pick } from "../../harness/scenario-helpers";
import { RELIABLE, type Action, type ClientPlan, type Scenario } from "../../scenarios/types";
import { Prng } from "../../sim/prng";

const FIVE: readonly NodeId[] = ["N1", "N2", "N3", "N4", "N5"];

const put = (key: string, value: string): KvOp => ({ op: "put", key, value });
const append = (key: string, value: string): KvOp => ({ op: "append", key, value });
const get = (key: string): KvOp => ({ op: "get", key });

/** A client with one operation, invoked at `start`. */
const once = (id: string, op: KvOp, start: number): ClientPlan => ({ id, ops: [op], start });

/**
 * Article 004's question: what if the leader has been replaced and does not know it yet? N1
 * leads and k = v1 is written; N1 and N2 are cut off from the three others, who elect a
 * leader and write k = v2. Only then does a get reach N1, which still believes it leads.
 */
export const STALE_READ: Scenario = {
  id: "004-stale-read",
  title: "Article 004: a get reaches an old leader that does not know it was replaced",
  source: "004-stale-read",
  nodes: FIVE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N1", term: 1 },
    {
      at: 20,
      partition: [
        ["N1", "N2"],
        ["N3", "N4", "N5"],
      ],
    },
    { at: 160, heal: true },
  ],
  clients: [once("c1", put("k", "v1"), 1), once("c2", put("k", "v2"), 60), once("c3", get("k"), 130)],
  until: 220,
};

/** When the old leader of QUICK_ELECTION is cut off, and when the others' new leader takes over. */
export const QUICK_ELECTION_AT = { cut: 20, elected: 28 } as const;

/**
 * The same question with the quickest election the timeouts allow. N3 leads first, so c2
 * learns it; N1 takes over in term 2, and is cut off alone at t=20. Eight ticks later N3
 * leads term 5 and takes c2's put of v2 at once: a follower may stand 10 ticks, the shortest
 * election timeout, after a heartbeat N1 sent just before the cut. c3's get reaches N1 just
 * after that put completed: N1 heard from a majority less than 20 ticks before, yet it no
 * longer leads. A lease shorter than the shortest timeout, counted from a heartbeat's sending,
 * has run out by then.
 */
export const QUICK_ELECTION: Scenario = {
  id: "quick-election-read",
  title: "a get reaches an old leader a few ticks after the quickest possible election replaced it",
  nodes: FIVE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N3", term: 1 },
    { at: 10, lead: "N1", term: 2 },
    { at: QUICK_ELECTION_AT.cut, partition: [["N1"], ["N2", "N3", "N4", "N5"]] },
    // Term 5, not 3: the others' own timers run out about now too, and one may stand for term 3.
    { at: QUICK_ELECTION_AT.elected, lead: "N3", term: 5 },
    { at: QUICK_ELECTION_AT.elected + 1, invoke: "c2", op: put("k", "v2") },
  ],
  clients: [
    once("c1", put("k", "v1"), 1),
    { id: "c2", ops: [get("k")], start: 3 },
    once("c3", get("k"), QUICK_ELECTION_AT.elected + 5),
  ],
  until: 120,
};

/** Writes from three clients, on a reliable network: every replica's state machine ends the same, and it is the log's. */
export const KV_ON_LOG: Scenario = {
  id: "004-kv-on-log",
  title: "Article 004: puts and appends go through the log, and every replica applies them alike",
  source: "004-kv-on-log",
  nodes: ["N1", "N2", "N3"],
  network: RELIABLE,
  schedule: [{ at: 0, lead: "N1", term: 1 }],
  clients: [
    { id: "c1", ops: [put("a", "1"), append("a", "2"), append("b", "x"), get("a")] },
    { id: "c2", ops: [append("a", "3"), put("b", "y"), append("b", "z")], start: 2 },
    { id: "c3", ops: [append("c", "p"), append("c", "q"), get("b")], start: 3 },
  ],
  until: 80,
};

/** The commands an old leader wrote, for logs that start with them: k = v1 … v5 by a client c0. */
export const OLD_PUTS = [1, 2, 3, 4, 5].map((seq) =>
  encodeCommand({ op: "put", key: "k", value: `v${seq}`, client: "c0", seq }),
);

const THREE: readonly NodeId[] = ["N1", "N2", "N3"];

/**
 * A hint that names the first node: N2 leads, so c1's put, sent to N1 first, is refused with the
 * hint N2 and succeeds there. N1 takes over in term 5; c1's get, sent to N2 where its put
 * succeeded, is refused with the hint N1, and the client goes back to the first node.
 */
export const HINT_TO_FIRST: Scenario = {
  id: "client-hint-to-first",
  title: "a refusal's hint names the first node, and the client goes there",
  nodes: THREE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N2", term: 1 },
    { at: 10, lead: "N1", term: 5 },
  ],
  clients: [{ id: "c1", ops: [put("k", "v"), get("k")], start: 2, gap: 12 }],
  until: 40,
};

/**
 * Direct rule test: N2 leads term 2, so N1 learns from its AppendEntries who leads; a client's
 * put reaches N1 at t=6. From t=8 N2 is cut off (no heartbeat can set the record straight), at
 * t=10 a stale AppendEntries of term 1 from N3 reaches N1, and a second client's put reaches it
 * at t=12: both refusals should name N2.
 */
export const LEADER_HINTS: Scenario = {
  id: "rule-leader-hints",
  title: "a follower's refusal names the leader of its term, and a stale AppendEntries changes nothing",
  nodes: THREE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N2", term: 2 },
    { at: 8, partition: [["N1", "N3"], ["N2"]] },
    {
      at: 10,
      from: "N3",
      to: "N1",
      inject: {
        type: "AppendEntries",
        term: 1,
        leaderId: "N3",
        prevLogIndex: 0,
        prevLogTerm: 0,
        entries: [],
        leaderCommit: 0,
      },
    },
  ],
  clients: [once("c1", put("k", "a"), 5), once("c2", put("k", "b"), 11)],
  until: 14,
};

/**
 * Direct rule test: N1 leads term 1 of three nodes, and the first acknowledgements of its
 * no-op are slow, so a get reaches it before anything of its term is committed. Once the no-op
 * commits, the held get is admitted and answered, long before the client would retry.
 */
export const READ_AFTER_NOOP: Scenario = {
  id: "rule-read-after-noop",
  title: "a get held until the new leader's no-op commits is answered once it commits",
  nodes: THREE,
  network: RELIABLE,
  rules: [
    { from: "N2", to: "N1", type: "AppendEntriesReply", nth: 1, action: { delayBy: 6 } },
    { from: "N3", to: "N1", type: "AppendEntriesReply", nth: 1, action: { delayBy: 6 } },
  ],
  schedule: [{ at: 0, lead: "N1", term: 1 }],
  clients: [once("c1", get("k"), 1)],
  until: 19,
};

/** Direct rule test: with N3 down, N1 and N2 are a majority of three: a get is answered. */
export const READ_BARE_MAJORITY: Scenario = {
  id: "rule-read-bare-majority",
  title: "a leader with a bare majority up answers a get",
  nodes: THREE,
  network: RELIABLE,
  schedule: [
    { at: 0, crash: "N3" },
    { at: 0, lead: "N1", term: 1 },
  ],
  clients: [once("c1", get("k"), 1)],
  until: 19,
};

/**
 * Direct rule test: N1 leads term 1 of four nodes and its no-op commits with all four up; then
 * N3 and N4 crash, and a get reaches N1. N1 and N2 are half of four, not a majority: the get
 * cannot be confirmed.
 */
export const READ_HALF_OF_FOUR: Scenario = {
  id: "rule-read-half-of-four",
  title: "a leader of four nodes with only one follower up does not answer a get",
  nodes: ["N1", "N2", "N3", "N4"],
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N1", term: 1 },
    { at: 5, crash: "N3" },
    { at: 5, crash: "N4" },
  ],
  clients: [once("c1", get("k"), 6)],
  until: 24,
};

/**
 * Direct rule test: leader N1, cut off alone, holds a get it cannot confirm; then a RequestVote
 * of term 2 reaches it. Stepping down, it refuses the get at once, so the client goes elsewhere
 * without waiting out its timeout.
 */
export const STEP_DOWN_READ: Scenario = {
  id: "rule-step-down-read",
  title: "a leader that steps down refuses at once the reads it was holding",
  nodes: THREE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N1", term: 1 },
    { at: 5, partition: [["N1"], ["N2", "N3"]] },
    {
      at: 10,
      from: "N2",
      to: "N1",
      inject: { type: "RequestVote", term: 2, candidateId: "N2", lastLogIndex: 0, lastLogTerm: 0 },
    },
  ],
  clients: [once("c1", get("k"), 6)],
  until: 12,
};

/**
 * etcd's new-leader read: N5 led term 1 and committed k = v1 … v5 on N1, N4 and itself, then
 * crashed. N1 takes over in term 2 knowing nothing of what was committed (commitIndex is
 * volatile), and a get reaches it at once. N2 and N3 lack the whole log, so N1's first
 * AppendEntries to them are refused: they confirm N1 leads before anything of term 2 commits.
 * N4's traffic is slow.
 */
export const NEW_LEADER_READ: Scenario = {
  id: "etcd-new-leader-read",
  title: "etcd: a new leader gets a read before anything of its term has committed",
  source: "etcd-new-leader-read",
  nodes: FIVE,
  logs: {
    N1: `t1: ${OLD_PUTS.join(" ")}`,
    N4: `t1: ${OLD_PUTS.join(" ")}`,
    N5: `t1: ${OLD_PUTS.join(" ")}`,
  },
  terms: everywhere(FIVE, 1),
  network: RELIABLE,
  rules: [{ from: "N1", to: "N4", type: "AppendEntries", action: { delayBy: 8 } }],
  schedule: [
    { at: 0, crash: "N5" },
    { at: 0, lead: "N1", term: 2 },
  ],
  clients: [once("c1", get("k"), 0)],
  before: OLD_PUTS.map((_, i) => ({ client: "c0", op: put("k", `v${i + 1}`), call: i - 10, ret: i - 10 })),
  // Time for the slowest leader to bring N2 and N3 the whole log and its no-op, then a read's round and answer.
  until: repairTicks(OLD_PUTS.length + 1) + 20,
};

/**
 * etcd's stale acknowledgements: N1 leads, then is cut off alone; the others elect a leader
 * and write k = v2. A get reaches N1, and then late copies of the acknowledgements N2, N3 and
 * N4 sent N1 before the split arrive, some twice. They are of N1's term, but of earlier rounds.
 */
export const STALE_ACKS: Scenario = {
  id: "etcd-stale-acks",
  title: "etcd: late and duplicated acknowledgements of earlier rounds reach an isolated old leader",
  source: "etcd-stale-acks",
  nodes: FIVE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N1", term: 1 },
    { at: 12, partition: [["N1"], ["N2", "N3", "N4", "N5"]] },
    ...(["N2", "N3", "N4", "N2", "N3", "N4"] as const).map((from, i): Action => ({
      at: 104 + i,
      redeliver: { from, to: "N1", type: "AppendEntriesReply" },
    })),
    { at: 170, heal: true },
  ],
  clients: [once("c1", put("k", "v1"), 1), once("c2", put("k", "v2"), 40), once("c3", get("k"), 100)],
  until: 230,
};

/**
 * The same cut, with a read already waiting: c4's get reaches N1 just before the split, and
 * the acknowledgements of its round are the ones held back. c3's get then arrives while c4's
 * is still waiting. Those late acknowledgements were sent before c3's get arrived, so they
 * confirm c4's read and not c3's: c3's needs a round of its own.
 */
export const STALE_ACKS_PENDING: Scenario = {
  ...STALE_ACKS,
  id: "etcd-stale-acks-pending",
  title: "etcd: late acknowledgements of a round sent for an earlier read that is still waiting",
  clients: [...(STALE_ACKS.clients ?? []), once("c4", get("k"), 9)],
};

/**
 * etcd's stale acknowledgements across a restart: N1 leads term 1 and confirms a read (round 1)
 * with N2. It restarts, so its round counter starts again from 0, and leads term 3 with N3
 * alone, then is cut off; N2 and N3 elect a leader and write k = v2. A get reaches N1, which
 * admits it in its round 1, and a late copy of N2's acknowledgement of term 1, round 1 arrives.
 */
export const RESTART_STALE_ACKS: Scenario = {
  id: "etcd-restart-stale-acks",
  title: "etcd: an acknowledgement from before a restart reaches the leader that restarted",
  nodes: THREE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N1", term: 1 },
    { at: 10, crash: "N1" },
    { at: 11, restart: "N1" },
    { at: 11, partition: [["N1", "N3"], ["N2"]] },
    { at: 12, lead: "N1", term: 3 },
    { at: 16, partition: [["N1"], ["N2", "N3"]] },
    { at: 102, redeliver: { from: "N2", to: "N1", type: "AppendEntriesReply" } },
  ],
  clients: [
    { id: "c1", ops: [put("k", "v1"), get("k")], start: 1 },
    once("c2", put("k", "v2"), 40),
    once("c3", get("k"), 100),
  ],
  until: 130,
};

/**
 * Article 004's exactly-once: c1's append reaches leader N1, which stores it on every follower
 * and crashes before it can count them. c1 hears nothing, and retries elsewhere with the same
 * sequence number; the next leader commits the first copy and the retry: the state machine
 * must apply it once.
 */
export const EXACTLY_ONCE: Scenario = {
  id: "004-exactly-once",
  title: "Article 004: a retried append, whose first copy was committed, is applied once",
  source: "004-exactly-once",
  nodes: FIVE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N1", term: 1 },
    { at: 9, crash: "N1" },
    { at: 90, restart: "N1" },
  ],
  clients: [{ id: "c1", ops: [put("k", "a"), append("k", "x"), get("k")], start: 1 }],
  until: 160,
};

/** Direct rule test: a follower applies, through its state machine, a log in which a retry and an old write follow the first copy. */
export const DEDUPE_RULE: Scenario = {
  id: "rule-dedupe",
  title: "a follower's state machine applies each client's write once, and never an older one",
  nodes: ["L", "F"],
  terms: { L: 1, F: 1 },
  network: RELIABLE,
  schedule: [
    { at: 0, partition: [["L"], ["F"]] },
    {
      at: 1,
      from: "L",
      to: "F",
      inject: {
        type: "AppendEntries",
        term: 1,
        leaderId: "L",
        prevLogIndex: 0,
        prevLogTerm: 0,
        entries: [
          encodeCommand({ op: "put", key: "k", value: "a", client: "c1", seq: 1 }),
          encodeCommand({ op: "append", key: "k", value: "b", client: "c1", seq: 2 }),
          encodeCommand({ op: "append", key: "k", value: "b", client: "c1", seq: 2 }),
          encodeCommand({ op: "append", key: "k", value: "c", client: "c2", seq: 1 }),
          encodeCommand({ op: "put", key: "k", value: "a", client: "c1", seq: 1 }),
        ].map((command) => ({ term: 1, command })),
        leaderCommit: 5,
      },
    },
  ],
  until: 3,
};

export const LIN_CALM = 150;
export const LIN_UNTIL = 320;
const KEYS = ["x", "y"];
const LIN_CLIENTS = 5;

/**
 * Article 004's promise, seen by clients: five clients put, append and get on two keys while
 * nodes crash and restart, the network splits, drops, delays, reorders and duplicates; then
 * calm. Each client's history, with every operation's invocation and completion, must be
 * linearizable, key by key.
 */
export function linChaos(seed: number): Scenario {
  const rng = new Prng(seed, "ch6-chaos");
  const { network, schedule } = chaosSchedule(rng, FIVE, LIN_CALM, { maxDelay: 4, firstAt: 8, kinds: 3, gap: [4, 12] });
  const clients = Array.from({ length: LIN_CLIENTS }, (_, c): ClientPlan => {
    const ops = Array.from({ length: 8 }, (_, i): KvOp => {
      const key = pick(rng, KEYS);
      const draw = rng.int(0, 2);
      return draw === 0 ? get(key) : draw === 1 ? put(key, `${c + 1}.${i}`) : append(key, `${c + 1}.${i} `);
    });
    return { id: `c${c + 1}`, ops: [...ops, get(KEYS[0]), get(KEYS[1])], start: rng.int(1, 20), gap: rng.int(1, 6) };
  });
  return {
    id: "004-linearizable",
    title: `Five clients under crashes, partitions and a faulty network (seed ${seed}): every history is linearizable`,
    source: "004-linearizable",
    nodes: FIVE,
    network,
    schedule,
    clients,
    until: LIN_UNTIL,
  };
}

/** N1, the first node a client tries, is down, and N5 leads: a client must time out on N1, and then follow a refusal's leaderHint. */
export const CLIENT_RETRY: Scenario = {
  id: "client-retry",
  title: "a client gives up on a node that is down, and follows a refusal's hint to the leader",
  nodes: FIVE,
  network: RELIABLE,
  schedule: [
    { at: 0, crash: "N1" },
    { at: 0, lead: "N5", term: 1 },
  ],
  clients: [{ id: "c1", ops: [put("k", "v"), get("k")], start: 3 }],
  until: 120,
};
