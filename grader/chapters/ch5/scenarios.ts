import type { AppendEntries, NodeId } from "../../contract";
import type { SearchSpace } from "../../harness/explore";
import { chaosSchedule, everywhere } from "../../harness/scenario-helpers";
import { RELIABLE, type Action, type MessageRule, type Scenario } from "../../scenarios/types";
import { Prng } from "../../sim/prng";

const FIVE: readonly NodeId[] = ["N1", "N2", "N3", "N4", "N5"];
const FOUR: readonly NodeId[] = FIVE.slice(0, 4);
const S5: readonly NodeId[] = ["S1", "S2", "S3", "S4", "S5"];

/** Only `candidate`'s RequestVotes get through: the scenario decides who can win, the nodes' own code runs the election. */
export function onlyCandidate(nodes: readonly NodeId[], candidate: NodeId): MessageRule[] {
  return nodes
    .filter((id) => id !== candidate)
    .map((from) => ({ from, type: "RequestVote" as const, action: "drop" as const }));
}

type AppendFields = Pick<AppendEntries, "term" | "prevLogIndex" | "prevLogTerm" | "entries" | "leaderCommit">;

/** Leader `from`'s AppendEntries, injected so that it reaches `to` at `at`. */
function appendFrom(at: number, from: NodeId, to: NodeId, m: AppendFields): Action {
  const { term, prevLogIndex, prevLogTerm, entries, leaderCommit } = m;
  return {
    at,
    from,
    to,
    inject: { type: "AppendEntries", term, leaderId: from, prevLogIndex, prevLogTerm, entries, leaderCommit },
  };
}

/** Writes `commands` to `node`, one per tick from `at`. */
function writes(node: NodeId, at: number, commands: readonly string[]): Action[] {
  return commands.map((command, i) => ({ at: at + i, write: node, command, id: command }));
}

/**
 * Article 002, Fig 6: the leader's commit point travels to the followers in LeaderCommit. F2 is
 * cut off while a, b, c commit on L and F1; it must not apply them before it hears that they
 * are committed, and it applies exactly them once it does.
 */
export const FIG6: Scenario = {
  id: "002-fig6",
  title: "Article 002, Fig 6: LeaderCommit carries the commit point to the followers",
  source: "002-fig6",
  nodes: ["L", "F1", "F2"],
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "L", term: 1 },
    { at: 3, partition: [["L", "F1"], ["F2"]] },
    ...writes("L", 4, ["a", "b", "c"]),
    { at: 44, heal: true },
  ],
  until: 90,
};

/** FIG6 stopped just before the heal: F1 has applied a b c, F2 nothing of them. */
export const FIG6_BEFORE_HEAL: Scenario = { ...FIG6, id: "002-fig6-before-heal", until: 43 };

/**
 * Article 002: a leader must not answer a client before a majority holds its entry. N1 leads,
 * then is cut off with N2 (a minority) and takes a write: nobody may hear "ok". Meanwhile the
 * majority side elects a leader and takes a write of its own, which must commit.
 */
export const NO_EARLY_ACK: Scenario = {
  id: "002-no-early-ack",
  title: "Article 002: no client hears ok for an entry only a minority holds",
  source: "002-no-early-ack",
  nodes: FIVE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N1", term: 1 },
    {
      at: 5,
      partition: [
        ["N1", "N2"],
        ["N3", "N4", "N5"],
      ],
    },
    { at: 6, write: "N1", command: "minority", id: "minority" },
    { at: 60, heal: true },
  ],
  until: 120,
};

/** An entry a majority holds survives its leader's crash: the next leader has it, commits it and everyone applies it. */
export const SURVIVES_CRASH: Scenario = {
  id: "002-majority-survives",
  title: "Article 002: an entry a majority holds survives the leader's crash",
  source: "002-no-early-ack",
  nodes: FIVE,
  network: RELIABLE,
  rules: [
    { from: "N1", to: "N4", type: "AppendEntries", action: "drop" },
    { from: "N1", to: "N5", type: "AppendEntries", action: "drop" },
  ],
  schedule: [
    { at: 0, lead: "N1", term: 1 },
    { at: 4, write: "N1", command: "kept", id: "kept" },
    { at: 8, crash: "N1" },
  ],
  until: 120,
};

const ENTRY5_LOGS = {
  N1: "t1: 1 2 3 4 t2: 5",
  N2: "t1: 1 2 3 4 t2: 5",
  N3: "t1: 1 2 3 4",
  N4: "t1: 1 2 3 4",
  N5: "t1: 1 2 3 4",
};

/**
 * Who wins an election, decided by the scenario while the nodes' own code runs it: `winner`
 * stood alone several times while cut off (its term is well ahead), and only its RequestVotes
 * get through. Its first candidacy has the highest term, whatever timeouts the others draw.
 */
function scriptedWinner(nodes: readonly NodeId[], winner: NodeId, term: number) {
  return { terms: { ...everywhere(nodes, term), [winner]: term + 8 }, rules: onlyCandidate(nodes, winner) };
}

/**
 * Article 004's old entry 5: N1 led term 2 and stored 5 on itself and N2 only, then crashed.
 * Who wins the next election decides its fate; each outcome is reached on purpose.
 */
function entry5(winner: "N2" | "N5"): Scenario {
  return {
    id: `004-entry5-${winner.toLowerCase()}-wins`,
    title:
      winner === "N2"
        ? "Article 004: N2 wins, and the old entry 5 commits with N2's first entry of its own term"
        : "Article 004: N5 wins with the votes of N3 and N4, and overwrites the old entry 5 on N2",
    source: `004-entry5-${winner.toLowerCase()}-wins`,
    nodes: FIVE,
    logs: ENTRY5_LOGS,
    ...scriptedWinner(FIVE, winner, 2),
    network: RELIABLE,
    schedule: [{ at: 0, crash: "N1" }],
    until: 150,
  };
}

export const ENTRY5_N2 = entry5("N2");
export const ENTRY5_N5 = entry5("N5");

/** The Raft paper's Figure 8, stage (a): S1 leads term 2 and has stored its entry 2 on S2 only. */
export const FIG8_A: Scenario = {
  id: "paper-fig8-a",
  title: "Raft paper, Figure 8 (a): S1 leads term 2; its entry at index 2 reached S2 only",
  source: "paper-fig8",
  nodes: S5,
  logs: { S1: "t1: x t2: y", S2: "t1: x t2: y", S3: "t1: x", S4: "t1: x", S5: "t1: x" },
  schedule: [],
  until: 0,
};

/** Stage (b): S1 crashed; S5 won term 3 with S3, S4 and itself, and wrote its own entry at index 2. */
export const FIG8_B: Scenario = {
  ...FIG8_A,
  id: "paper-fig8-b",
  title: "Figure 8 (b): S5 leads term 3 and writes a different entry at index 2",
  logs: { ...FIG8_A.logs, S5: "t1: x t3: z" },
};

/** Stage (c) as the logs stand: S1 is back as leader of term 4, and y of term 2 now sits on S1, S2 and S3. */
const FIG8_C_LOGS = { S1: "t1: x t2: y", S2: "t1: x t2: y", S3: "t1: x t2: y", S4: "t1: x", S5: "t1: x t3: z" };

/**
 * Stage (c), the rule itself: S1 leads term 4, cut off from everyone, and hears from S2 and S3
 * that they hold y. A majority holds y, of term 2: S1 must not count it as committed.
 */
export const FIG8_C: Scenario = {
  id: "paper-fig8-c",
  title: "Figure 8 (c): a majority holds y of term 2, and the leader of term 4 does not commit it by counting",
  source: "paper-fig8",
  nodes: S5,
  logs: FIG8_C_LOGS,
  terms: { S1: 3, S2: 3, S3: 3, S4: 3, S5: 3 },
  network: RELIABLE,
  schedule: [
    { at: 0, partition: [["S1"], ["S2", "S3", "S4", "S5"]] },
    { at: 0, lead: "S1", term: 4 },
    ...(["S2", "S3"] as const).map((from, i) => ({
      at: 2 + i,
      from,
      to: "S1",
      inject: { type: "AppendEntriesReply" as const, term: 4, success: true, prevLogIndex: 1, entryCount: 1 },
    })),
  ],
  until: 8,
};

/** Stage (d): S1 crashes before its own entry reached a majority; S5 (last term 3) wins with S2, S3, S4 and overwrites y. */
export const FIG8_D: Scenario = {
  id: "paper-fig8-d",
  title: "Figure 8 (d): S5 is elected with S2, S3 and S4 and overwrites y everywhere",
  source: "paper-fig8",
  nodes: S5,
  logs: FIG8_C_LOGS,
  ...scriptedWinner(S5, "S5", 4),
  network: RELIABLE,
  schedule: [{ at: 0, crash: "S1" }],
  until: 150,
};

/** Stage (e): S1 stays up and stores an entry of term 4 on a majority: y commits with it, and S5 can no longer win. */
export const FIG8_E: Scenario = {
  id: "paper-fig8-e",
  title: "Figure 8 (e): S1 commits an entry of term 4, and y commits with it",
  source: "paper-fig8",
  nodes: S5,
  logs: FIG8_C_LOGS,
  terms: everywhere(S5, 3),
  network: RELIABLE,
  rules: [{ from: "S1", to: "S5", action: "drop" }],
  schedule: [
    { at: 0, crash: "S5" },
    { at: 0, lead: "S1", term: 4 },
    { at: 3, write: "S1", command: "w", id: "w" },
    { at: 30, crash: "S1" },
    { at: 31, restart: "S5" },
  ],
  until: 150,
};

/** Article 004: 2f + 1 = 5 nodes keep committing with f = 2 down, and stop (acknowledging nothing) with 3 down. */
export const TOLERATE_F: Scenario = {
  id: "004-tolerate-f",
  title: "Article 004: five nodes commit with two down, commit nothing with three down, and lose nothing",
  source: "004-tolerate-f",
  nodes: FIVE,
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "N1", term: 1 },
    { at: 3, crash: "N4" },
    { at: 3, crash: "N5" },
    ...writes("N1", 5, ["a", "b"]),
    { at: 20, crash: "N3" },
    ...writes("N1", 22, ["c", "d"]),
    { at: 60, restart: "N3" },
    { at: 60, restart: "N4" },
    { at: 60, restart: "N5" },
  ],
  until: 160,
};

/** Direct rule tests of chapter 5, each a node in a known state receiving one message. */
/**
 * Leader N1 of term 2, cut off from the others, is asked to write `writes` (from t=1, one a
 * tick); N2 at t=3 and N3 at t=5 confirm that they hold indexes 2 and 3 (its no-op and the
 * first write).
 */
function confirmedTwice(nodes: readonly NodeId[], writes: readonly string[]) {
  const confirm = (from: NodeId, at: number): Action => ({
    at,
    from,
    to: "N1",
    inject: { type: "AppendEntriesReply", term: 2, success: true, prevLogIndex: 1, entryCount: 2 },
  });
  return {
    nodes,
    logs: everywhere(nodes, "t1: a"),
    terms: everywhere(nodes, 1),
    network: RELIABLE,
    schedule: [
      { at: 0, partition: [["N1"], nodes.slice(1)] },
      { at: 0, lead: "N1", term: 2 },
      ...writes.map((command, i): Action => ({ at: 1 + i, write: "N1", command, id: command })),
      confirm("N2", 3),
      confirm("N3", 5),
    ],
  };
}

export const RULES = {
  /** A leader of term 2 with two entries of its term; successes arrive one by one from a five-node cluster. */
  majority: {
    id: "rule-majority",
    title: "a leader counts itself once: with 5 nodes, two confirmations make a majority",
    ...confirmedTwice(FIVE, ["b"]),
    until: 6,
  } satisfies Scenario,
  /** The same, with a later write the followers never confirm: the majority holds index 3, not the last entry. */
  majorityTail: {
    id: "rule-majority-tail",
    title:
      "a leader commits the highest entry of its term a majority holds, even when its last entry is on itself alone",
    ...confirmedTwice(FIVE, ["b", "c"]),
    until: 6,
  } satisfies Scenario,
  /** The majority rule in an even-sized cluster: two of four is half, not more than half. */
  evenQuorum: {
    id: "rule-even-quorum",
    title: "with four nodes, a leader and one follower are not a majority; a leader and two followers are",
    ...confirmedTwice(FOUR, ["b"]),
    until: 7,
  } satisfies Scenario,
  /**
   * A leader whose matchIndex says N2 and N3 hold index 2 (an entry of term 1, so nothing was
   * committed) steps down to a leader of term 3 that replaces index 2 with an entry of term 3;
   * then a success reaches it. The commit rule is a leader's: as a follower its commitIndex
   * comes from leaderCommit alone, whatever its old matchIndex says.
   */
  formerLeader: {
    id: "rule-former-leader",
    title: "a leader that stepped down commits nothing on its old matchIndex",
    nodes: FIVE,
    logs: { N1: "t1: a b", N2: "t1: a b", N3: "t1: a b", N4: "t1: a", N5: "t1: a" },
    terms: everywhere(FIVE, 1),
    network: RELIABLE,
    schedule: [
      { at: 0, partition: [["N1"], ["N2", "N3", "N4", "N5"]] },
      { at: 0, lead: "N1", term: 2 },
      {
        at: 1,
        from: "N2",
        to: "N1",
        inject: { type: "AppendEntriesReply", term: 2, success: true, prevLogIndex: 2, entryCount: 0 },
      },
      {
        at: 1,
        from: "N3",
        to: "N1",
        inject: { type: "AppendEntriesReply", term: 2, success: true, prevLogIndex: 2, entryCount: 0 },
      },
      appendFrom(2, "N4", "N1", {
        term: 3,
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: [{ term: 3, command: "x" }],
        leaderCommit: 1,
      }),
      {
        at: 3,
        from: "N5",
        to: "N1",
        inject: { type: "AppendEntriesReply", term: 3, success: true, prevLogIndex: 1, entryCount: 1 },
      },
    ],
    until: 5,
  } satisfies Scenario,
  /** A follower holding an unchecked tail gets an AppendEntries whose entries end before leaderCommit. */
  followerMin: {
    id: "rule-follower-min",
    title: "a follower's commitIndex is min(leaderCommit, the last entry the message made it hold)",
    nodes: ["L", "F"],
    logs: { L: "t1: a b t2: f g h", F: "t1: a b c d e" },
    terms: { L: 2, F: 1 },
    network: RELIABLE,
    schedule: [
      { at: 0, partition: [["L"], ["F"]] },
      appendFrom(1, "L", "F", {
        term: 2,
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: [{ term: 1, command: "b" }],
        leaderCommit: 5,
      }),
    ],
    until: 3,
  } satisfies Scenario,
  followerKeeps: {
    id: "rule-follower-keeps-commit",
    title: "an AppendEntries that vouches for less than a follower has committed leaves its commitIndex where it is",
    nodes: ["L", "F"],
    logs: { L: "t1: a b c d e", F: "t1: a b c d e" },
    terms: { L: 2, F: 2 },
    network: RELIABLE,
    schedule: [
      { at: 0, partition: [["L"], ["F"]] },
      appendFrom(1, "L", "F", { term: 2, prevLogIndex: 5, prevLogTerm: 1, entries: [], leaderCommit: 4 }),
      appendFrom(2, "L", "F", {
        term: 2,
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: [{ term: 1, command: "b" }],
        leaderCommit: 5,
      }),
    ],
    until: 4,
  } satisfies Scenario,
};

export const CHAOS_CALM = 160;
export const CHAOS_UNTIL = 280;

/**
 * Article 004's promise under chaos: crashes and restarts, partitions, drops, delays,
 * reordering and duplicates, clients writing to any node; then calm, and the cluster must
 * agree on every acknowledged write and take a new one.
 */
export function chaos(seed: number): Scenario {
  const rng = new Prng(seed, "ch5-chaos");
  const { network, schedule } = chaosSchedule(rng, FIVE, CHAOS_CALM, {
    maxDelay: 4,
    firstAt: 8,
    kinds: 5,
    gap: [3, 10],
    writeId: (command, node) => `${command}@${node}`,
  });
  schedule.push(
    ...FIVE.map((id) => ({ at: CHAOS_CALM + 40, write: id, command: "final", id: `final@${id}`, keep: true as const })),
  );
  return {
    id: "004-committed-survive",
    title: `Crashes, partitions and a faulty network (seed ${seed}): no acknowledged write is ever lost`,
    source: "004-committed-survive",
    nodes: FIVE,
    network,
    schedule,
    until: CHAOS_UNTIL,
  };
}

/**
 * Every schedule of a leader of term 3 that holds an entry of term 2 no one else has, and one
 * write, to a depth of six steps: the old entry may commit only with one of term 3, and no node
 * applies or acknowledges anything before it is committed, in any state.
 */
export const SEARCH: SearchSpace = {
  id: "search",
  title: "Every interleaving of a leader committing an older term's entry, with loss, duplication and reordering",
  nodes: ["N1", "N2", "N3"],
  logs: { N1: "t1: a t2: b", N2: "t1: a", N3: "t1: a" },
  setup: [{ at: 0, lead: "N1", term: 3 }],
  writes: [{ to: "N1", command: "x" }],
  depth: 6,
  maxStates: 2_000,
};
