import type { AppendEntries, Message, NodeId, RequestVote } from "../../contract";
import { chaosSchedule, everywhere } from "../../harness/scenario-helpers";
import { parseLog } from "../../scenarios/notation";
import { RELIABLE, type Action, type Scenario } from "../../scenarios/types";
import { Prng } from "../../sim/prng";

export const NODES: readonly NodeId[] = ["N1", "N2", "N3", "N4", "N5"];

/** A heartbeat of `term` from `leader` whose prevLog is the last entry of `log`. */
function heartbeat(leader: NodeId, term: number, log: string): AppendEntries {
  const entries = parseLog(log);
  const prevLogTerm = entries.length > 0 ? entries[entries.length - 1].term : 0;
  return {
    type: "AppendEntries",
    term,
    leaderId: leader,
    prevLogIndex: entries.length,
    prevLogTerm,
    entries: [],
    leaderCommit: 0,
  };
}

function requestVote(candidate: NodeId, term: number, log: string): RequestVote {
  const entries = parseLog(log);
  const lastLogTerm = entries.length > 0 ? entries[entries.length - 1].term : 0;
  return { type: "RequestVote", term, candidateId: candidate, lastLogIndex: entries.length, lastLogTerm };
}

function inject(at: number, from: NodeId, to: NodeId, msg: Message): Action {
  return { at, inject: msg, from, to };
}

/** The longest election timeout the chapter allows (ELECTION_TIMEOUT is 10 to 20 ticks). */
const LONGEST_TIMEOUT = 20;

/**
 * Ticks within which a cluster that can elect a leader on a network that loses nothing must
 * have done so: the longest timeout five times over, room for a run of split votes even when a
 * correct node draws its timeouts from a narrow part of the range. Sized to what the chapter
 * allows, not to how fast the reference happens to be.
 */
export const ELECTION_BOUND = 5 * LONGEST_TIMEOUT;

// ---- a first election ----

/** Ticks within which a stable five-node cluster must have elected its first leader. */
export const FIRST_ELECTION_BOUND = ELECTION_BOUND;

/** Five nodes with the same log and no leader, on a network that delivers in order. */
export const FIRST_ELECTION: Scenario = {
  id: "first-election",
  title: "Five nodes with the same log and no leader: one of them is elected",
  nodes: NODES,
  logs: everywhere(NODES, "t1: a b"),
  network: RELIABLE,
  schedule: [],
  until: FIRST_ELECTION_BOUND + 10,
};

// ---- re-election after a crash ----

/** When the leader of the moment crashes, and when it comes back. */
export const CRASH_AT = FIRST_ELECTION_BOUND + 1;
/** Ticks after the crash within which the others must have elected a new leader. */
export const REELECTION_BOUND = ELECTION_BOUND;
export const RESTART_AT = CRASH_AT + REELECTION_BOUND;

/** The first election runs until just before the crash; this is that part on its own. */
export const BEFORE_CRASH: Scenario = {
  ...FIRST_ELECTION,
  id: "before-crash",
  title: "Five nodes elect a first leader",
  until: CRASH_AT - 1,
};

/** `leader`, the leader at CRASH_AT, crashes; the other four must replace it; then it comes back. */
export function reElection(leader: NodeId): Scenario {
  return {
    ...FIRST_ELECTION,
    id: "re-election",
    title: `The leader ${leader} crashes, the other four elect a new leader, and ${leader} comes back as a follower`,
    schedule: [
      { at: CRASH_AT, crash: leader },
      { at: RESTART_AT, restart: leader },
    ],
    until: RESTART_AT + 15,
  };
}

// ---- a vote survives a restart ----

/**
 * N3 votes for N1 in term 2, crashes and restarts; then N2 asks for N3's vote in the same term,
 * and N1 asks again (its first reply might have been lost). The requests are injected, so the
 * story does not depend on whose election timer runs out first; it is over before any does.
 */
export const RESTART_VOTE: Scenario = {
  id: "restart-vote",
  title: "N3 votes for N1 in term 2, restarts, and is asked again by N2 and by N1 in term 2",
  nodes: NODES,
  logs: everywhere(NODES, "t1: a b"),
  network: RELIABLE,
  schedule: [
    inject(1, "N1", "N3", requestVote("N1", 2, "t1: a b")),
    { at: 2, crash: "N3" },
    { at: 3, restart: "N3" },
    inject(4, "N2", "N3", requestVote("N2", 2, "t1: a b")),
    inject(5, "N1", "N3", requestVote("N1", 2, "t1: a b")),
  ],
  until: 6,
};

// ---- old messages ----

export const STALE_BOUND = ELECTION_BOUND;
const STALE_LOG = "t1: a b";

/**
 * N1 led term 1 and crashed; N2–N5 have moved on to term 2. The network keeps delivering old
 * copies of term-1 traffic: N1's heartbeats and its RequestVote, and votes of term 1. None of
 * it may postpone an election (the timer is reset only by an AppendEntries of the current term
 * or by granting a vote), win a vote, or be counted as one. The old votes go to N2 alone, every tick: a candidate that counts
 * them wins before any real vote can arrive, and no other candidate can win the same term.
 */
export const STALE_MESSAGES: Scenario = {
  id: "stale-messages",
  title: "Old messages of term 1 keep arriving: they neither postpone the election nor count as votes",
  nodes: NODES,
  logs: everywhere(NODES, STALE_LOG),
  terms: { N2: 2, N3: 2, N4: 2, N5: 2 },
  network: RELIABLE,
  schedule: [
    { at: 0, crash: "N1" },
    ...Array.from({ length: STALE_BOUND }, (_, i) => i + 1).flatMap((at): Action[] => [
      ...(at % 2 === 1
        ? NODES.slice(1).flatMap((to) => [
            inject(at, "N1", to, heartbeat("N1", 1, STALE_LOG)),
            inject(at, "N1", to, requestVote("N1", 1, STALE_LOG)),
          ])
        : []),
      inject(at, "N1", "N2", { type: "RequestVoteReply", term: 1, voteGranted: true }),
      inject(at, "N5", "N2", { type: "RequestVoteReply", term: 1, voteGranted: true }),
    ]),
  ],
  until: STALE_BOUND,
};

/**
 * N2 has moved on to term 3 when N1's RequestVote of term 2 reaches it. N2 must answer it all
 * the same, refusing, with its own term: that is how N1 learns it is behind. The run is over
 * before any election timer runs out.
 */
export const OLD_REQUEST_VOTE: Scenario = {
  id: "old-request-vote",
  title: "N2, in term 3, receives N1's RequestVote of term 2 and refuses it with its term",
  nodes: ["N1", "N2", "N3"],
  logs: everywhere(["N1", "N2", "N3"], STALE_LOG),
  terms: { N1: 2, N2: 3, N3: 2 },
  network: RELIABLE,
  schedule: [inject(1, "N1", "N2", requestVote("N1", 2, STALE_LOG))],
  until: 2,
};

// ---- article 004: the election restriction ----

/** N4 (and, below, N5) stand first and lose, so the others' election comes a round later. */
export const N4_BOUND = 2 * ELECTION_BOUND;
const WITH_4 = "t1: 1 2 3 t2: 4";

/**
 * Article 004, after entry 4 was committed by N1 (term 2) and N1 crashed. N1's last heartbeat
 * reached N2, N3 and N5 but not N4, which lags behind: so N4's election timer nearly always
 * runs out first, and N4 asks for votes with a log that lacks the committed entry 4.
 */
export const N4_NOT_ELECTED: Scenario = {
  id: "004-n4-not-elected",
  title: "Article 004: N4 lacks the committed entry 4 and is not elected",
  source: "004-n4-not-elected",
  nodes: NODES,
  logs: { N1: "t1: 1 2 3 t2: 4 5 6 7", N2: WITH_4, N3: WITH_4, N4: "t1: 1 2 3", N5: WITH_4 },
  terms: { N4: 2 },
  network: RELIABLE,
  schedule: [
    ...["N2", "N3", "N5"].map((to) => inject(9, "N1", to, heartbeat("N1", 2, WITH_4))),
    { at: 9, crash: "N1" },
  ],
  until: N4_BOUND,
  stopOnLeader: true,
};

export const LONGEST_LOG_BOUND = 2 * ELECTION_BOUND;
const WITH_XY = "t1: 1 2 3 t2: 4 t3: p q t4: x y";

/**
 * Article 004's longest log. N5 led term 3, wrote r s t and crashed; N1 led term 4 and
 * committed x y on N1–N4. N1's last heartbeat reaches N2–N4, N1 crashes, and N5, back up just
 * at election time, is nearly always the first whose timer runs out. Its log is the longest,
 * but its last entry is of term 3, older than x y: nobody may vote for it.
 */
export const LONGEST_LOG: Scenario = {
  id: "004-longest-log",
  title: "Article 004: N5 has the longest log (r s t of term 3) but N1–N4 hold x y of term 4, so N5 is not elected",
  source: "004-longest-log",
  nodes: NODES,
  logs: { N1: WITH_XY, N2: WITH_XY, N3: WITH_XY, N4: WITH_XY, N5: "t1: 1 2 3 t2: 4 t3: p q r s t" },
  network: RELIABLE,
  schedule: [
    ...["N2", "N3", "N4"].map((to) => inject(9, "N1", to, heartbeat("N1", 4, WITH_XY))),
    { at: 9, crash: "N1" },
  ],
  until: LONGEST_LOG_BOUND,
  stopOnLeader: true,
};

// ---- split votes ----

/**
 * On this slow network a node must time out a whole message delay before the others to win, so
 * split votes come in runs; a correct node drawing from only part of the range (16 to 20 ticks,
 * say) needs several hundred ticks in one seed of a few hundred.
 */
export const SPLIT_VOTE_BOUND = 50 * LONGEST_TIMEOUT;

/**
 * The leader N5 sends a last heartbeat and crashes. Its four followers, whose timers that
 * heartbeat restarted together, need three votes of the four that are up, on a slow network
 * (2–5 ticks a message): a node whose timer runs out a few ticks after another's stands before
 * the other's RequestVote reaches it, and the two split the votes. In about a third of the seeds
 * (seed 1 among them) the first election is split; random timeouts must still produce a leader.
 */
export const SPLIT_VOTE: Scenario = {
  id: "004-split-vote",
  title:
    "Article 004: the leader crashes, its followers split the vote, and retry after random timeouts until one wins",
  source: "004-split-vote",
  nodes: NODES,
  logs: everywhere(NODES, "t1: a"),
  network: { delay: [2, 5], drop: 0, duplicate: 0 },
  schedule: [
    ...["N1", "N2", "N3", "N4"].map((to) => inject(1, "N5", to, heartbeat("N5", 1, "t1: a"))),
    { at: 1, crash: "N5" },
  ],
  until: SPLIT_VOTE_BOUND,
  stopOnLeader: true,
};

// ---- minority partitions ----

export const PARTITION_AT = FIRST_ELECTION_BOUND;
/** Ticks after the split within which the side of three must have a leader (all three must vote for it). */
export const MAJORITY_BOUND = 2 * ELECTION_BOUND;
export const HEAL_AT = PARTITION_AT + MAJORITY_BOUND + 10;
export const MINORITY_SIDE: readonly NodeId[] = ["N1", "N2"];
export const MAJORITY_SIDE: readonly NodeId[] = NODES.filter((id) => !MINORITY_SIDE.includes(id));

/**
 * Five nodes elect a leader; the network then splits 2 | 3 for a while and heals. Whether the
 * leader is cut off with the two depends on the seed (in seed 1 it is); either way the side of
 * two must not elect anyone, the side of three must have a leader, and after healing a single
 * leader of the highest term remains.
 */
export const MINORITY: Scenario = {
  id: "004-minority",
  title: "Article 004: cut off from the majority, two nodes never elect a leader; the other three do",
  source: "004-minority",
  nodes: NODES,
  logs: everywhere(NODES, "t1: a"),
  network: RELIABLE,
  schedule: [
    { at: PARTITION_AT, partition: [MINORITY_SIDE, MAJORITY_SIDE] },
    { at: HEAL_AT, heal: true },
  ],
  until: HEAL_AT + 30,
};

// ---- chaos ----

/** Faults stop here: the network heals and every node is back up. */
export const CHAOS_CALM = 40;
export const CHAOS_UNTIL = CHAOS_CALM + ELECTION_BOUND;

/**
 * Crashes and restarts (never more than two nodes down), partitions and heals, a network that
 * delays, reorders, drops and duplicates, and client writes sent to every node (only a leader
 * takes them). From CHAOS_CALM on, the cluster is whole again and the network reliable.
 */
export function chaos(seed: number): Scenario {
  const rng = new Prng(seed, "ch4-chaos");
  const { network, schedule } = chaosSchedule(rng, NODES, CHAOS_CALM, {
    maxDelay: 5,
    firstAt: 10,
    kinds: 4,
    gap: [3, 12],
  });
  return {
    id: "004-one-leader-per-term",
    title: `Crashes, restarts, partitions and an unreliable network (seed ${seed}): never two leaders in one term`,
    source: "004-one-leader-per-term",
    nodes: NODES,
    logs: everywhere(NODES, "t1: a"),
    network,
    schedule,
    until: CHAOS_UNTIL,
  };
}

/** The voter's log in the direct RequestVote rule tests: it ends at index 3 with an entry of term 2. */
export const VOTER_LOG = "t1: a t2: b c";

/**
 * Figure 2's RequestVote receiver, one message at a time: N1 (term 5, the log above) is cut off
 * from everyone, and the scenario hands it RequestVotes as `asks` say, one per tick from t=1.
 * It is over before any election timer can run out.
 */
export function voteRule(
  id: string,
  asks: readonly { from: NodeId; term: number; lastLogIndex: number; lastLogTerm: number }[],
): Scenario {
  const nodes = ["N1", "C", "D"];
  return {
    id: `rule-vote-${id}`,
    title: `N1 (term 5, log ${VOTER_LOG}) is asked for its vote: ${id}`,
    nodes,
    logs: { N1: VOTER_LOG },
    terms: { N1: 5, C: 5, D: 5 },
    network: RELIABLE,
    schedule: [
      { at: 0, partition: [["N1"], ["C"], ["D"]] },
      ...asks.map((a, i) => ({
        at: 1 + i,
        from: a.from,
        to: "N1",
        inject: {
          type: "RequestVote" as const,
          term: a.term,
          candidateId: a.from,
          lastLogIndex: a.lastLogIndex,
          lastLogTerm: a.lastLogTerm,
        },
      })),
    ],
    until: 1 + asks.length,
  };
}

/**
 * Figure 2's rule for followers' timers: N1 (term 5, the voter's log above) is cut off from
 * everyone, and at `at` the scenario hands it `msg` from `from`, or nothing. Whether that
 * message reset N1's election timer shows in when N1 first stands for election.
 */
export function timerRule(id: string, at: number, from: NodeId, msg: Message | null): Scenario {
  return {
    id: `rule-timer-${id}`,
    title: `N1 (term 5, log ${VOTER_LOG}), cut off alone, is handed ${id}`,
    nodes: ["N1", "C", "L"],
    logs: { N1: VOTER_LOG },
    terms: { N1: 5, C: 5, L: 5 },
    network: RELIABLE,
    schedule: [{ at: 0, partition: [["N1"], ["C"], ["L"]] }, ...(msg ? [inject(at, from, "N1", msg)] : [])],
    // Past the latest moment a timer reset at `at` may run out.
    until: at + 21,
  };
}

/** The messages of the timer rule, each of term 5 unless its name says otherwise. */
export const TIMER_MESSAGES = {
  grantedVote: requestVote("C", 5, VOTER_LOG),
  refusedVote: requestVote("C", 5, "t1: a"),
  heartbeat: heartbeat("L", 5, VOTER_LOG),
  mismatchedAppend: heartbeat("L", 5, "t1: a t2: b c t5: d"),
  olderAppend: heartbeat("L", 4, VOTER_LOG),
} as const;

/**
 * Figure 2's candidate rules: N1, cut off alone, stands for election on its own timer; at
 * `at` the scenario hands it an AppendEntries of `term` from L, a leader it has not heard of.
 */
export function candidateRule(at: number, term: number): Scenario {
  return {
    id: `rule-candidate-${term}`,
    title: `candidate N1 receives an AppendEntries of term ${term} from L`,
    nodes: ["N1", "L", "X"],
    network: RELIABLE,
    schedule: [
      { at: 0, partition: [["N1"], ["L"], ["X"]] },
      {
        at,
        from: "L",
        to: "N1",
        inject: {
          type: "AppendEntries",
          term,
          leaderId: "L",
          prevLogIndex: 0,
          prevLogTerm: 0,
          entries: [],
          leaderCommit: 0,
        },
      },
    ],
    until: at,
  };
}

/**
 * Figure 2's candidate rule in a cluster of four: N1, cut off alone, stands on its own timer;
 * then `grants` (N2, then N3) answer its RequestVote of `term`, one tick apart from `at`. Two of
 * four is half, not a majority; three of four is.
 */
export function evenVotes(at: number, term: number, grants: readonly NodeId[]): Scenario {
  return {
    id: `rule-even-votes-${grants.length}`,
    title: `candidate N1 of four nodes hears ${grants.length} granted vote${grants.length === 1 ? "" : "s"}`,
    nodes: ["N1", "N2", "N3", "N4"],
    network: RELIABLE,
    schedule: [
      { at: 0, partition: [["N1"], ["N2", "N3", "N4"]] },
      ...grants.map((from, i): Action => ({
        at: at + i,
        from,
        to: "N1",
        inject: { type: "RequestVoteReply", term, voteGranted: true },
      })),
    ],
    until: at + grants.length,
  };
}

/**
 * Leader N1 of `term` (made as in evenVotes, by N2 and N3 from `at`) gets, a tick after it won,
 * N4's RequestVote of that same term: an election it already won, so nothing for it to follow.
 */
export function sameTermRequest(at: number, term: number): Scenario {
  const won = evenVotes(at, term, ["N2", "N3"]);
  return {
    ...won,
    id: "rule-same-term-request",
    title: `leader N1 of term ${term} gets a RequestVote of its own term`,
    schedule: [
      ...won.schedule,
      {
        at: won.until + 1,
        from: "N4",
        to: "N1",
        inject: { type: "RequestVote", term, candidateId: "N4", lastLogIndex: 0, lastLogTerm: 0 },
      },
    ],
    until: won.until + 1,
  };
}

/**
 * Figure 2's rule for all servers, on a reply: candidate N1 of `term`, cut off alone in a
 * cluster of four, hears at `at` that N2 refused its vote from the newer term `term + 1`.
 */
export function newerVoteReply(at: number, term: number): Scenario {
  const alone = evenVotes(at, term, []);
  return {
    ...alone,
    id: "rule-newer-vote-reply",
    title: `candidate N1 of term ${term} gets a refusal of term ${term + 1}`,
    schedule: [
      ...alone.schedule,
      { at, from: "N2", to: "N1", inject: { type: "RequestVoteReply", term: term + 1, voteGranted: false } },
    ],
    until: at,
  };
}

/** By when a node cut off alone has surely stood twice: two of its longest timeouts, with a tick to spare. */
export const TWO_TIMEOUTS_BY = 2 * LONGEST_TIMEOUT + 1;

/** By when a follower that hears only old messages must have stood: its longest timeout, with a tick to spare. */
export const OLD_ONLY_BY = LONGEST_TIMEOUT + 1;

/**
 * Figure 2's follower rule, one node at a time: N1 (term 5), cut off alone, gets an
 * AppendEntries and a RequestVote of the older term 4 at every tick. Neither comes from a
 * current leader or wins its vote, so its election timer runs on as if nothing came.
 */
export const OLD_MESSAGES_ONLY: Scenario = {
  id: "rule-old-messages-only",
  title: "N1 (term 5), alone, gets an AppendEntries and a RequestVote of term 4 at every tick",
  nodes: ["N1", "L", "C"],
  logs: { N1: VOTER_LOG },
  terms: { N1: 5 },
  network: RELIABLE,
  schedule: [
    { at: 0, partition: [["N1"], ["L"], ["C"]] },
    ...Array.from({ length: OLD_ONLY_BY }, (_, i) => i + 1).flatMap((at): Action[] => [
      inject(at, "L", "N1", heartbeat("L", 4, VOTER_LOG)),
      inject(at, "C", "N1", requestVote("C", 4, "t1: a t4: x y z")),
    ]),
  ],
  until: OLD_ONLY_BY,
};
