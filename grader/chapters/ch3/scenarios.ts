import type { AppendEntriesReply, NodeId } from "../../contract";
import { formatLog } from "../../scenarios/notation";
import { repairTicks } from "../../harness/horizons";
import type { SearchSpace } from "../../harness/explore";
import { everywhere, pick } from "../../harness/scenario-helpers";
import { RELIABLE, type Action, type NetworkFaults, type Scenario } from "../../scenarios/types";
import { Prng } from "../../sim/prng";
import { append } from "../../scenarios/inject";
import { probe } from "../ch2/scenarios";

/**
 * A log given as the term of each entry, as the Raft paper draws it. Entry i of term t is
 * named "i.t", so two logs share a command exactly when they share (index, term), and Log
 * Matching compares real entries rather than look-alikes.
 */
export function termsLog(terms: readonly number[]): string {
  return formatLog(terms.map((term, i) => ({ term, command: `${i + 1}.${term}` })));
}

const N1_N5 = ["N1", "N2", "N3", "N4", "N5"];

/**
 * Article 004's five nodes. N1 led term 2 and crashed holding 5 6 7, which nobody else got; N4
 * also missed 4. N5 leads term 3 and N1 comes back; N5 then writes p q. N5's log wins: N1
 * keeps 5 6 7 until p (term 3, index 5) contradicts them, and N4 is walked back to 3.
 */
export const N1_N5_SCENARIO: Scenario = {
  id: "004-n1-n5",
  title: "Article 004: N5 leads term 3 and every log ends as 1 2 3 4 p q",
  source: "004-n1-n5",
  nodes: N1_N5,
  logs: {
    N1: "t1: 1 2 3 t2: 4 5 6 7",
    N2: "t1: 1 2 3 t2: 4",
    N3: "t1: 1 2 3 t2: 4",
    N4: "t1: 1 2 3",
    N5: "t1: 1 2 3 t2: 4",
  },
  network: RELIABLE,
  schedule: [
    { at: 0, crash: "N1" },
    { at: 1, lead: "N5", term: 3 },
    { at: 2, restart: "N1" },
    { at: 4, write: "N5", command: "p" },
    { at: 5, write: "N5", command: "q" },
  ],
  until: 5 + repairTicks(6),
  expectLogs: everywhere(N1_N5, "t1: 1 2 3 t2: 4 t3: p q"),
};

/**
 * Article 002, Figs 4 and 5. The three logs agree through index 2. Cut off from the others,
 * n2 leads term 2 and takes c, which it cannot pass on. n0 then leads term 3 (n1 hears of
 * it, as it would by voting), is cut off in turn and takes d and e. When the network heals,
 * n0's log overwrites n2's c, and n2 learns of term 3 and steps down.
 */
export const FIG4: Scenario = {
  id: "002-fig4",
  title: "Article 002, Figs 4–5: n0's term-3 entries overwrite the entry n2 took in term 2",
  source: "002-fig4",
  nodes: ["n0", "n1", "n2"],
  logs: everywhere(["n0", "n1", "n2"], "t1: a b"),
  network: RELIABLE,
  schedule: [
    { at: 0, partition: [["n0", "n1"], ["n2"]] },
    { at: 1, lead: "n2", term: 2 },
    { at: 2, write: "n2", command: "c" },
    { at: 4, lead: "n0", term: 3 },
    { at: 7, partition: [["n0"], ["n1"], ["n2"]] },
    { at: 8, write: "n0", command: "d" },
    { at: 9, write: "n0", command: "e" },
    { at: 11, heal: true },
  ],
  until: 11 + repairTicks(4),
  expectLogs: everywhere(["n0", "n1", "n2"], "t1: a b t3: d e"),
};

/** Thirty-two entries over four terms: a long history for a follower to catch up on. */
export const LONG_LOG =
  "t1: a1 a2 a3 a4 a5 a6 a7 a8 t2: b1 b2 b3 b4 b5 b6 b7 b8 b9 b10 t3: c1 c2 c3 c4 c5 c6 t4: d1 d2 d3 d4 d5 d6 d7 d8";

/**
 * Article 000's newcomer: N holds nothing but the base entry. The leader starts at the end of
 * its own log and steps back one entry per refusal until both agree on the base entry, then
 * sends everything.
 */
export const NEW_FOLLOWER: Scenario = {
  id: "000-new-follower",
  title: "Article 000: a brand-new follower with only the base entry catches up on 32 entries",
  source: "000-new-follower",
  nodes: ["L", "F1", "F2", "N"],
  logs: { L: LONG_LOG, F1: LONG_LOG, F2: LONG_LOG, N: "" },
  network: RELIABLE,
  schedule: [
    { at: 1, lead: "L", term: 5 },
    { at: 2, write: "L", command: "e1" },
  ],
  until: 2 + repairTicks(33),
  expectLogs: everywhere(["L", "F1", "F2", "N"], `${LONG_LOG} t5: e1`),
};

/**
 * Article 000's outdated follower: F2 missed c d e during a network failure and is still cut
 * off when L leads term 3 and writes f. L starts every nextIndex at the end of its own log, so
 * once the network heals, F2 refuses until L has stepped back to b, and is then repaired.
 */
export const OUTDATED_FOLLOWER: Scenario = {
  id: "000-outdated-follower",
  title: "Article 000: a follower that missed messages during a network failure is repaired",
  source: "000-outdated-follower",
  nodes: ["L", "F1", "F2"],
  logs: { L: "t1: a b t2: c d e", F1: "t1: a b t2: c d e", F2: "t1: a b" },
  network: RELIABLE,
  schedule: [
    { at: 0, partition: [["L", "F1"], ["F2"]] },
    { at: 1, lead: "L", term: 3 },
    { at: 2, write: "L", command: "f" },
    { at: 5, heal: true },
  ],
  until: 5 + repairTicks(6),
  expectLogs: everywhere(["L", "F1", "F2"], "t1: a b t2: c d e t3: f"),
};

/** Article 000's comment: one AppendEntries carrying three entries to a follower that lacks them all. */
export const COMMENT_PROBE = probe(
  "000-comment",
  "Article 000's comment: F must keep all three entries of one AppendEntries",
  "t1: a",
  append(1, 1, 1, [
    { term: 1, command: "b" },
    { term: 1, command: "c" },
    { term: 1, command: "d" },
  ]),
  "000-comment",
);

/** The same bug with a real leader: after three refusals, L sends b c d, in one message unless it caps its messages. */
export const COMMENT_LEADER: Scenario = {
  id: "000-comment-leader",
  title: "Article 000's comment: a lagging follower gets three entries in one AppendEntries",
  source: "000-comment",
  nodes: ["L", "F"],
  logs: { L: "t1: a b c d", F: "t1: a" },
  network: RELIABLE,
  schedule: [{ at: 1, lead: "L", term: 2 }],
  until: 1 + repairTicks(4),
  expectLogs: { L: "t1: a b c d", F: "t1: a b c d" },
};

/** Figure 7 of the Raft paper: the leader of term 8 and the followers (a)–(f), by entry terms. */
export const FIG7_TERMS: Readonly<Record<NodeId, readonly number[]>> = {
  L: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
  a: [1, 1, 1, 4, 4, 5, 5, 6, 6],
  b: [1, 1, 1, 4],
  c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
  d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
  e: [1, 1, 1, 4, 4, 4, 4],
  f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
};
const FIG7_NODES = Object.keys(FIG7_TERMS);
const FIG7_END = termsLog([...FIG7_TERMS.L, 8]);

/**
 * Raft paper, Figure 7: a follower may lack entries (a, b), hold extra ones (c, d), or both
 * (e, f). The leader of term 8 writes one entry and brings all six to its own log.
 */
export const FIG7: Scenario = {
  id: "paper-fig7",
  title: "Raft paper, Figure 7: followers (a)–(f) all end with the term-8 leader's log",
  source: "paper-fig7",
  nodes: FIG7_NODES,
  logs: Object.fromEntries(FIG7_NODES.map((id) => [id, termsLog(FIG7_TERMS[id])])),
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "L", term: 8 },
    { at: 1, write: "L", command: "11.8" },
  ],
  until: 1 + repairTicks(FIG7_TERMS.L.length + 1),
  expectLogs: everywhere(FIG7_NODES, FIG7_END),
};

/**
 * The Raft paper's rule with a real leader: the AppendEntries that carries b to F is held up
 * in the network and arrives after F has taken b c d from later messages. F's entries all
 * match it, so F must delete nothing.
 */
export const STALE_APPEND: Scenario = {
  id: "paper-stale-append",
  title: "A delayed old AppendEntries reaches F after newer ones and deletes nothing",
  source: "paper-stale-append",
  nodes: ["L", "F", "G"],
  logs: everywhere(["L", "F", "G"], "t1: a"),
  network: RELIABLE,
  // The 1st AppendEntries to F is the one sent on taking office; the 2nd carries b.
  rules: [{ from: "L", to: "F", type: "AppendEntries", nth: 2, action: { delayBy: 7 } }],
  schedule: [
    { at: 0, lead: "L", term: 2 },
    { at: 1, write: "L", command: "b" },
    { at: 3, write: "L", command: "c" },
    { at: 4, write: "L", command: "d" },
  ],
  until: 4 + repairTicks(4),
  expectLogs: everywhere(["L", "F", "G"], "t1: a t2: b c d"),
};

/** prevLogIndex and prevLogTerm, and the commands (all of term 2) the message carries. */
export interface AppendEntriesProbe {
  readonly prev: readonly [number, number];
  readonly entries: readonly string[];
}

/** F holds `log`; L's two AppendEntries of term 2 reach it newest first. */
export function staleProbe(
  id: string,
  title: string,
  log: string,
  fresh: AppendEntriesProbe,
  stale: AppendEntriesProbe,
): Scenario {
  return {
    id,
    title,
    source: "paper-stale-append",
    nodes: ["L", "F"],
    logs: { F: log },
    schedule: [
      {
        at: 1,
        inject: append(
          2,
          fresh.prev[0],
          fresh.prev[1],
          fresh.entries.map((command) => ({ term: 2, command })),
        ),
        from: "L",
        to: "F",
      },
      {
        at: 2,
        inject: append(
          2,
          stale.prev[0],
          stale.prev[1],
          stale.entries.map((command) => ({ term: 2, command })),
        ),
        from: "L",
        to: "F",
      },
    ],
    until: 5,
    stopWhenQuiet: true,
  };
}

/**
 * L leads term 2 and writes b, then c while F1's acknowledgement of b is on its way back; F1
 * crashes before c reaches it. That acknowledgement arrives when L's log is already a b c.
 */
export const MATCH_INDEX: Scenario = {
  id: "match-index",
  title: "F1 confirms b and crashes before c arrives: its matchIndex is 2",
  nodes: ["L", "F1", "F2"],
  logs: everywhere(["L", "F1", "F2"], "t1: a"),
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "L", term: 2 },
    { at: 1, write: "L", command: "b" },
    { at: 2, write: "L", command: "c" },
    { at: 3, crash: "F1" },
  ],
  until: 2 + repairTicks(3),
};

/** The success F sent when L took office, as a copy of it the network held back would arrive. */
export const FIRST_SUCCESS: AppendEntriesReply = {
  type: "AppendEntriesReply",
  term: 2,
  success: true,
  prevLogIndex: 1,
  entryCount: 0,
};

/**
 * L leads term 2 over logs holding a; F confirms a at once and, after L writes b, a b. F then
 * crashes, and a late copy of its first success (prevLogIndex 1, no entries) reaches L: it
 * proves less than L already knows, and L's matchIndex for F must stay 2.
 */
export const LATE_SUCCESS: Scenario = {
  id: "late-success",
  title: "a late copy of F's first success reaches L after F confirmed more: matchIndex stays 2",
  nodes: ["L", "F", "G"],
  logs: everywhere(["L", "F", "G"], "t1: a"),
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "L", term: 2 },
    { at: 3, write: "L", command: "b" },
    { at: 6, crash: "F" },
    { at: 7, inject: FIRST_SUCCESS, from: "F", to: "L" },
  ],
  until: 10,
};

/**
 * F holds only the base entry, so L's first probe is refused and L steps back to 1. Then a
 * copy of that same refusal arrives again (the network duplicated it).
 */
export const DUPLICATE_REFUSAL: Scenario = {
  id: "duplicate-refusal",
  title: "a duplicated refusal reaches L after it has stepped back to nextIndex 1",
  nodes: ["L", "F"],
  logs: { L: "t1: a", F: "" },
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "L", term: 2 },
    { at: 3, inject: refusal(2, 1), from: "F", to: "L" },
  ],
  until: 3 + repairTicks(1),
};

/** A follower's refusal of the AppendEntries whose prevLogIndex was `prevLogIndex`. */
function refusal(term: number, prevLogIndex: number): AppendEntriesReply {
  return { type: "AppendEntriesReply", term, success: false, prevLogIndex, entryCount: 0 };
}

/**
 * L leads term 3 holding c d after a b; F holds only a b. Leading at an odd tick keeps L's
 * retries (at odd ticks) apart from its heartbeats (at even ticks).
 */
export const RETRY: Scenario = {
  id: "retry",
  title: "F lacks c d: every refusal is answered at once with a probe one entry back",
  nodes: ["L", "F"],
  logs: { L: "t1: a b t2: c d", F: "t1: a b" },
  network: RELIABLE,
  schedule: [{ at: 1, lead: "L", term: 3 }],
  until: 1 + repairTicks(4),
  expectLogs: { L: "t1: a b t2: c d", F: "t1: a b t2: c d" },
};

/**
 * In term 2, F took b c from L and acknowledged them; that reply was held up in the network.
 * G then led term 3 and replaced F's b c with x y. Now L leads term 4, and the old reply
 * finally arrives: acted on, it would tell L that F holds a b c.
 */
export const OLD_TERM_REPLY: Scenario = {
  id: "old-term-reply",
  title: "a success reply from term 2 reaches L after it became leader of term 4",
  nodes: ["L", "F", "G"],
  logs: { L: "t1: a t2: b c", F: "t1: a t3: x y", G: "t1: a t3: x y" },
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "L", term: 4 },
    {
      at: 1,
      inject: { type: "AppendEntriesReply", term: 2, success: true, prevLogIndex: 1, entryCount: 2 },
      from: "F",
      to: "L",
    },
  ],
  until: 1 + repairTicks(3),
  expectLogs: everywhere(["L", "F", "G"], "t1: a t2: b c"),
};

/**
 * Receiver rule 3 at the rule itself: F holds x at index 2 from term 2, and L's AppendEntries
 * of term 3 brings x again at index 2, now of term 3. The commands are equal, the terms are
 * not: F's entry conflicts and goes, with the y after it.
 */
export const SAME_COMMAND = probe(
  "rule-same-command-other-term",
  "F's entry 2 holds the same command as L's but of term 2: it conflicts and is replaced",
  "t1: a t2: x y",
  append(3, 1, 1, [{ term: 3, command: "x" }]),
);

/** Receiver rule 1 at a follower: F is in term 3, and an AppendEntries of term 2 arrives. */
export const OLDER_TERM_AT_FOLLOWER: Scenario = {
  ...probe(
    "rule-older-term-follower",
    "an AppendEntries of term 2 reaches F in term 3",
    "t1: a",
    append(2, 1, 1, [{ term: 2, command: "b" }]),
  ),
  terms: { F: 3 },
};

/** Receiver rule 1 at a leader: L leads term 3, and X, an old leader of term 2, sends it an AppendEntries. */
export const OLDER_TERM_AT_LEADER: Scenario = {
  id: "rule-older-term-leader",
  title: "an AppendEntries of term 2 reaches the leader of term 3",
  nodes: ["L", "F", "X"],
  logs: everywhere(["L", "F", "X"], "t1: a"),
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "L", term: 3 },
    { at: 2, inject: { ...append(2, 1, 1, [{ term: 2, command: "b" }]), leaderId: "X" }, from: "X", to: "L" },
  ],
  until: 5,
};

/**
 * The rule for all servers, at a node that no longer leads: L, a follower of term 2 now, gets
 * a late AppendEntriesReply of term 3 from F, which answers what L sent while it led.
 */
export const NEWER_REPLY_AT_FOLLOWER: Scenario = {
  id: "rule-newer-reply-follower",
  title: "a follower of term 2 gets an AppendEntriesReply of term 3",
  nodes: ["L", "F"],
  logs: everywhere(["L", "F"], "t1: a"),
  terms: { L: 2, F: 3 },
  schedule: [
    {
      at: 1,
      inject: { type: "AppendEntriesReply", term: 3, success: false, prevLogIndex: 1, entryCount: 0 },
      from: "F",
      to: "L",
    },
  ],
  until: 3,
  stopWhenQuiet: true,
};

/** When a client's write reaches L in STEP_DOWN, by which time L has heard of term 3. */
export const STEP_DOWN_WRITE_AT = 6;

/**
 * F2 has heard of term 3 and L has not; L now leads term 2, an outdated term. F1 takes L's
 * messages, but F2 refuses them with its term 3, and L must step down.
 */
export const STEP_DOWN: Scenario = {
  id: "step-down",
  title: "a reply carrying term 3 reaches the leader of term 2",
  nodes: ["L", "F1", "F2"],
  logs: everywhere(["L", "F1", "F2"], "t1: a"),
  terms: { F2: 3 },
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "L", term: 2 },
    { at: STEP_DOWN_WRITE_AT, write: "L", command: "b" },
  ],
  until: 12,
};

/**
 * Scripted leader changes under a hostile network: each reign a random live node leads a new,
 * higher term and takes a few writes, while messages are delayed, reordered, duplicated and
 * dropped, the network splits and nodes crash. At the end everything is restarted, healed
 * and made reliable, and the last leader has time to bring every log to its own.
 */
export function chaos(seed: number): Scenario {
  const rng = new Prng(seed, "ch3-chaos");
  const nodes = Array.from({ length: rng.int(3, 5) }, (_, i) => `N${i + 1}`);
  const network: NetworkFaults = {
    delay: [1, rng.int(1, 4)],
    drop: rng.int(0, 20) / 100,
    duplicate: rng.int(0, 25) / 100,
  };
  const schedule: Action[] = [];
  const down = new Set<NodeId>();
  let at = 0;
  let term = 0;
  let writes = 0;
  let leader: NodeId = nodes[0];
  const reigns = rng.int(2, 4);
  for (let r = 0; r < reigns; r++) {
    leader = pick(
      rng,
      nodes.filter((n) => !down.has(n)),
    );
    term += rng.int(1, 2);
    schedule.push({ at, lead: leader, term });
    for (let w = rng.int(1, 3); w > 0; w--) {
      at += rng.int(0, 2);
      schedule.push({ at, write: leader, command: `${term}.${++writes}` });
    }
    at += rng.int(0, 2);
    switch (rng.int(0, 4)) {
      case 0: {
        const cut = new Set(nodes.filter(() => rng.chance(0.5)));
        schedule.push({ at, partition: [nodes.filter((n) => cut.has(n)), nodes.filter((n) => !cut.has(n))] });
        break;
      }
      case 1: {
        const victim = pick(
          rng,
          nodes.filter((n) => !down.has(n)),
        );
        if (nodes.length - down.size > 2) {
          down.add(victim);
          schedule.push({ at, crash: victim });
        }
        break;
      }
      case 2:
        schedule.push({ at, heal: true });
        break;
      case 3: {
        const back = [...down];
        if (back.length > 0) {
          const who = pick(rng, back);
          down.delete(who);
          schedule.push({ at, restart: who });
        }
        break;
      }
    }
    at += rng.int(1, 5);
  }
  schedule.push({ at, heal: true }, { at, network: RELIABLE });
  for (const who of down) schedule.push({ at, restart: who });
  // Half the time the last leader carries on through the heal; otherwise a fresh reign starts.
  if (down.has(leader) || rng.chance(0.5)) {
    leader = pick(rng, nodes);
    term += 1;
    schedule.push({ at: at + 1, lead: leader, term }, { at: at + 2, write: leader, command: `${term}.${++writes}` });
  }
  // Messages sent before the heal may still be on their way; then the last leader repairs every log.
  return {
    id: "chaos",
    title: `${reigns} scripted reigns under delays, reordering, duplicates, drops, partitions and crashes (seed ${seed})`,
    nodes,
    network,
    schedule,
    until: at + 2 + network.delay[1] + repairTicks(writes),
  };
}

/** The node that leads last in a scenario's schedule, and its term. */
export function lastLeader(scenario: Scenario): { node: NodeId; term: number } {
  let last = { node: "", term: -1 };
  for (const a of scenario.schedule) if ("lead" in a) last = { node: a.lead, term: a.term };
  return last;
}

/** How many entries and terms the stretch exercise's follower holds that the leader does not. */
export const DIVERGENT = { terms: 50, perTerm: 20 } as const;

/**
 * The fast-backup stretch: after a shared first entry, F holds 1,000 entries of its own in 50
 * terms of 20, and the leader 1,000 others of one later term. One step back per refusal needs
 * about a thousand round trips to find where they agree; skipping a term per refusal, about 50.
 */
export function divergentFollower(id: string): Scenario {
  const own = Array.from({ length: DIVERGENT.terms }, (_, t) => {
    const commands = Array.from({ length: DIVERGENT.perTerm }, (_, i) => `f${t * DIVERGENT.perTerm + i + 1}`);
    return `t${t + 2}: ${commands.join(" ")}`;
  });
  const leaderTerm = DIVERGENT.terms + 2;
  const leaders = Array.from({ length: DIVERGENT.terms * DIVERGENT.perTerm }, (_, i) => `l${i + 1}`);
  return {
    id,
    title: `A follower ${DIVERGENT.terms * DIVERGENT.perTerm} divergent entries behind, in ${DIVERGENT.terms} terms of ${DIVERGENT.perTerm}`,
    nodes: ["L", "F"],
    logs: { L: `t1: a t${leaderTerm}: ${leaders.join(" ")}`, F: `t1: a ${own.join(" ")}` },
    network: RELIABLE,
    schedule: [{ at: 0, lead: "L", term: leaderTerm + 1 }],
    until: 2 * DIVERGENT.terms * DIVERGENT.perTerm + 200,
    stopWhenQuiet: false,
  };
}

/**
 * Every schedule of a leader of term 2 bringing a follower that holds its first entry and an
 * empty one up to date, with two writes, to a depth of six steps: any message sent may arrive
 * at any step, again or never. Deleting only what conflicts, and the leader's nextIndex and
 * matchIndex, must be right in every state, however late or often a reply arrives.
 */
export const SEARCH: SearchSpace = {
  id: "search",
  title: "Every interleaving of a leader bringing two followers up to date, with loss, duplication and reordering",
  nodes: ["N1", "N2", "N3"],
  logs: { N1: "t1: a", N2: "t1: a", N3: "" },
  setup: [{ at: 0, lead: "N1", term: 2 }],
  writes: [
    { to: "N1", command: "x" },
    { to: "N1", command: "y" },
  ],
  depth: 6,
  maxStates: 2_000,
};

/** When word of a newer leader reaches L in `REELECTED`, and when L is elected again. */
export const REELECTED_AT = { stepDown: 4, again: 6 } as const;

/**
 * Figure 2's leader state after every election. L leads term 3: F1 holds all of L's log and
 * confirms it, F2 holds only a and refuses the first probe; by t=3 both have answered and
 * crash. An AppendEntries of term 4 then tells L that another node leads, and L is elected
 * again, for term 5, with nobody up to answer it.
 */
export const REELECTED: Scenario = {
  id: "reelected",
  title: "L leads term 3, steps down and leads term 5: its nextIndex and matchIndex start afresh",
  nodes: ["L", "F1", "F2"],
  logs: { L: "t1: a t2: b c", F1: "t1: a t2: b c", F2: "t1: a" },
  network: RELIABLE,
  schedule: [
    { at: 0, lead: "L", term: 3 },
    { at: 3, crash: "F1" },
    { at: 3, crash: "F2" },
    { at: REELECTED_AT.stepDown, inject: { ...append(4, 3, 2, []), leaderId: "F1" }, from: "F1", to: "L" },
    { at: REELECTED_AT.again, lead: "L", term: 5 },
  ],
  until: REELECTED_AT.again + 1,
};

/** A fast-backup refusal's hint: the follower's term at prevLogIndex, and where that term starts in its log. */
export interface Hint {
  readonly conflictTerm: number;
  readonly conflictIndex: number;
}

/** Figure 7's leader, just elected for term 8, so its nextIndex for X is 11. */
const FIG7_LEADER = { log: termsLog(FIG7_TERMS.L), term: 8, next: FIG7_TERMS.L.length + 1 } as const;

/**
 * The leader's side of fast backup, one refusal at a time: Figure 7's leader of term 8, with
 * X down, gets at t=1 a refusal of its first probe from X, carrying `hint` (or none).
 */
export function hintedRefusal(hint: Hint | undefined): Scenario {
  const refusal: AppendEntriesReply = {
    type: "AppendEntriesReply",
    term: FIG7_LEADER.term,
    success: false,
    prevLogIndex: FIG7_LEADER.next - 1,
    entryCount: 0,
    ...hint,
  };
  return {
    id: `hinted-refusal-${hint ? `${hint.conflictTerm}-${hint.conflictIndex}` : "none"}`,
    title: `Figure 7's leader of term 8 gets a refusal of its first probe ${hint ? `hinting term ${hint.conflictTerm} from index ${hint.conflictIndex}` : "with no hint"}`,
    nodes: ["L", "X"],
    logs: { L: FIG7_LEADER.log, X: "" },
    network: RELIABLE,
    schedule: [
      { at: 0, crash: "X" },
      { at: 0, lead: "L", term: FIG7_LEADER.term },
      { at: 1, inject: refusal, from: "X", to: "L" },
    ],
    until: 1,
  };
}

/**
 * Where Figure 7's leader must send its next probe after `hintedRefusal(hint)`: the nextIndex
 * it jumps to, where the hint alone would send it, and its own last index of conflictTerm
 * (0 when it holds none, or for term 0, which no entry has).
 */
export function expectedJump(hint: Hint | undefined): { next: number; hinted: number; held: number } {
  const back = FIG7_LEADER.next - 1;
  if (!hint) return { next: back, hinted: back, held: 0 };
  const held = hint.conflictTerm > 0 ? FIG7_TERMS.L.lastIndexOf(hint.conflictTerm) + 1 : 0;
  const hinted = held > 0 ? held + 1 : hint.conflictIndex;
  return { next: Math.min(back, hinted), hinted, held };
}

/** The follower's side of fast backup: F, holding the entry terms `terms`, gets a probe of term 8 after `prev` = (prevLogIndex, prevLogTerm) that it must refuse. */
export function refusingFollower(name: string, terms: readonly number[], prev: readonly [number, number]): Scenario {
  return {
    ...probe(
      `refusal-hint-${name}-${prev[0]}`,
      `F, holding ${name}, refuses a probe after (${prev[0]}, term ${prev[1]})`,
      termsLog(terms),
      append(FIG7_LEADER.term, prev[0], prev[1], []),
    ),
    until: 1,
  };
}

/** The hint a follower holding `terms` owes a refusal of a probe after index `prevLogIndex`. */
export function expectedHint(terms: readonly number[], prevLogIndex: number): Hint {
  if (prevLogIndex > terms.length) return { conflictTerm: 0, conflictIndex: terms.length + 1 };
  const conflictTerm = terms[prevLogIndex - 1];
  return { conflictTerm, conflictIndex: terms.indexOf(conflictTerm) + 1 };
}

/** The follower's cases: a log too short, a term that starts mid-log or at index 1, and an empty log. */
export const HINT_CASES: readonly { name: string; terms: readonly number[]; prev: readonly [number, number] }[] = [
  { name: "Figure 7's (e)", terms: FIG7_TERMS.e, prev: [10, 6] },
  { name: "Figure 7's (e)", terms: FIG7_TERMS.e, prev: [7, 5] },
  { name: "Figure 7's (f)", terms: FIG7_TERMS.f, prev: [10, 6] },
  { name: "Figure 7's (f)", terms: FIG7_TERMS.f, prev: [6, 5] },
  { name: "three entries of term 2", terms: [2, 2, 2], prev: [3, 1] },
  { name: "only the base entry", terms: [], prev: [1, 1] },
];

/**
 * The leader's cases, each a hint on the refusal of its first probe: none; a short log, whose
 * conflictIndex lies behind or (never honestly) ahead of the probe; a term the leader lacks,
 * older or newer than its own; a term it holds near its end or at its start.
 */
export const JUMP_CASES: readonly (Hint | undefined)[] = [
  undefined,
  { conflictTerm: 0, conflictIndex: 8 },
  { conflictTerm: 0, conflictIndex: 50 },
  { conflictTerm: 3, conflictIndex: 7 },
  { conflictTerm: 7, conflictIndex: 9 },
  { conflictTerm: 4, conflictIndex: 4 },
  { conflictTerm: 1, conflictIndex: 1 },
];
