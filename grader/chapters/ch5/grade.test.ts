import type { NodeId } from "../../contract";
import type { Attempt } from "../../harness/attempt";
import { gradedTests } from "../../harness/graded";
import { appliedByIncarnation, withoutCommitRecord } from "../../harness/run-helpers";
import type { Scenario } from "../../scenarios/types";
import type { RunResult } from "../../sim/cluster";
import { CHAPTER } from ".";
import * as S from "./scenarios";

const graded = gradedTests(CHAPTER);

const WITHOUT_COMMIT_RECORD = withoutCommitRecord(CHAPTER.invariants);

/** What a node's latest incarnation applied, as "index:command" (a restart starts again at 1). */
function appliedNow(run: RunResult, node: NodeId): string[] {
  return appliedByIncarnation(run, node).map((a) => `${a.index}:${a.command === "" ? "no-op" : a.command}`);
}

const commitOf = (run: RunResult, node: NodeId): number => run.final.find((n) => n.id === node)?.commitIndex ?? 0;
type Ok = Extract<RunResult["replies"][number], { ok: true }>;
const isOk = (r: RunResult["replies"][number]): r is Ok => r.ok;
const oks = (run: RunResult, id: string): Ok[] => run.replies.filter(isOk).filter((r) => r.id === id);
const live = (run: RunResult): NodeId[] => run.final.filter((n) => n.up).map((n) => n.id);

/**
 * Every live node's state machine begins with `want`, in order; after it come at most no-ops
 * (a later leader's, which a correct cluster may well have elected by then).
 */
function expectApplied(t: Attempt, run: RunResult, scenario: Scenario, want: readonly string[], why: string): void {
  for (const id of live(run)) {
    const got = appliedNow(run, id);
    const ok = want.every((w, i) => got[i] === w) && got.slice(want.length).every((a) => a.endsWith(":no-op"));
    t.check(
      ok,
      () =>
        `${id} should have applied ${want.join(" ")} by t=${run.time} (and after that no more than no-ops), but applied ${got.join(" ") || "nothing"}. ${why}`,
      run,
      scenario,
    );
  }
}

graded("ch5.leader-commit-rule", (t) => {
  const { majority } = S.RULES;
  const one = t.run({ ...majority, until: 4 }, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  t.check(
    commitOf(one, "N1") === 0,
    () =>
      `N1 leads term 2 of five nodes and had one confirmation from N2 for index 3: N1 and N2 are two of five, not a majority, yet N1's commitIndex is ${commitOf(one, "N1")}. The leader counted itself more than once, or counted a peer that had not confirmed.`,
    one,
    majority,
  );
  const two = t.run(majority, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  t.check(
    commitOf(two, "N1") === 3,
    () =>
      `N1 then had two confirmations, from N2 and N3, for index 3 (an entry of its term 2): with itself that is three of five, a majority, so its commitIndex should be 3, but it is ${commitOf(two, "N1")}. Count the leader itself once, plus each peer whose matchIndex is at least N.`,
    two,
    majority,
  );
  const applied = appliedNow(two, "N1");
  t.check(
    applied.join(" ") === "1:a 2:no-op 3:b",
    () =>
      `having committed index 3, N1 should have applied 1:a 2:no-op 3:b, and applied ${applied.join(" ") || "nothing"}`,
    two,
    majority,
  );
  t.check(
    oks(two, "b").some((r) => r.index === 3),
    () =>
      `the client that wrote b should hear ok with index 3 once index 3 is applied; it heard ${JSON.stringify(two.replies)}`,
    two,
    majority,
  );
  const { majorityTail } = S.RULES;
  const tail = t.run(majorityTail, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  t.check(
    commitOf(tail, "N1") === 3,
    () =>
      `N1 holds a, its no-op, b and c (index 4); N2 and N3 confirmed up to index 3, and c is on N1 alone. The highest N a majority holds is 3, so N1's commitIndex should be 3, but it is ${commitOf(tail, "N1")}: look at every N from the last entry down to commitIndex + 1, not only at the last entry.`,
    tail,
    majorityTail,
  );
  const leading = { ...S.RULES.formerLeader, until: 1 };
  const early = t.run(leading, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  t.check(
    commitOf(early, "N1") === 0,
    () =>
      `N1 leads term 2 holding a and b, both of term 1, and its no-op; at t=1 N2 and N3 confirmed index 2. b is on three of five, but it is of term 1: a leader moves commitIndex only to an entry of its current term (Raft paper, Figure 8), and b commits with the first entry of term 2 that a majority holds. N1's commitIndex at t=1 is ${commitOf(early, "N1")}, not 0.`,
    early,
    leading,
  );
});

graded("ch5.leader-commit-quorum", (t) => {
  const { evenQuorum, formerLeader } = S.RULES;
  const half = t.run({ ...evenQuorum, until: 4 }, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  t.check(
    commitOf(half, "N1") === 0,
    () =>
      `N1 leads term 2 of four nodes and N2 alone confirmed index 3: N1 and N2 are two of four, half the cluster and not a majority, yet N1's commitIndex is ${commitOf(half, "N1")}. A majority is more than half: holders * 2 > cluster size.`,
    half,
    evenQuorum,
  );
  const more = t.run(evenQuorum, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  t.check(
    commitOf(more, "N1") === 3,
    () =>
      `N1 then had N3's confirmation too: three of four hold index 3, so N1's commitIndex should be 3, but it is ${commitOf(more, "N1")}.`,
    more,
    evenQuorum,
  );
  const former = t.run(formerLeader, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  t.check(
    commitOf(former, "N1") === 1,
    () =>
      `N1 led term 2 and its matchIndex said N2 and N3 held index 2; N4's AppendEntries of term 3 made N1 a follower holding a and x (term 3, index 2) with leaderCommit 1, and then a success reply reached it. N1's commitIndex should stay 1, and it is ${commitOf(former, "N1")}: only a leader applies the commit rule, and a follower learns its commit point from leaderCommit alone.`,
    former,
    formerLeader,
  );
});

graded("ch5.follower-commit-min", (t) => {
  const { followerMin } = S.RULES;
  const run = t.run(followerMin, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  const got = appliedNow(run, "F");
  const beyond = got.filter((a) => Number(a.split(":")[0]) > 2);
  t.check(
    got.join(" ") === "1:a 2:b" && commitOf(run, "F") === 2,
    () =>
      `L's AppendEntries (term 2, leaderCommit 5) vouched for F's log up to index 2 (prevLogIndex 1 and one entry, b); F's c d e after it were never checked against L's log. F's commitIndex should be min(leaderCommit, prevLogIndex + entries.length) = 2, and it applied ${got.join(" ") || "nothing"} with commitIndex ${commitOf(run, "F")}.${beyond.length ? ` F applied ${beyond.join(" ")}, entries the message never checked: they may be a dead leader's, and L's own entries 3-5 are f g h.` : ""}`,
    run,
    followerMin,
  );
  const { followerKeeps } = S.RULES;
  const kept = t.run(followerKeeps, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  const applied = appliedNow(kept, "F");
  t.check(
    applied.join(" ") === "1:a 2:b 3:c 4:d" && commitOf(kept, "F") === 4,
    () =>
      `F (log a b c d e) accepted L's AppendEntries (prevLogIndex 5, leaderCommit 4) at t=1, so its commitIndex became 4; at t=2 it got another of L's AppendEntries of term 2 (prevLogIndex 1, one entry b, leaderCommit 5), which vouches for F's log only up to index 2. min(5, 2) = 2 is below F's commitIndex, and a commitIndex never moves back, so it should stay 4 with a b c d applied; F applied ${applied.join(" ") || "nothing"} and ended with commitIndex ${commitOf(kept, "F")}.`,
    kept,
    followerKeeps,
  );
});

graded("ch5.002-fig6", (t) => {
  const before = t.run(S.FIG6_BEFORE_HEAL);
  const f2 = appliedNow(before, "F2").filter((a) => !a.endsWith("no-op"));
  t.check(
    f2.length === 0,
    () =>
      `F2 was cut off from t=3 to t=44, so it never heard that a, b or c were committed, yet it applied ${f2.join(" ")}: a follower applies only up to the commitIndex it learns from leaderCommit.`,
    before,
    S.FIG6_BEFORE_HEAL,
  );
  const f1 = appliedNow(before, "F1");
  t.check(
    f1.join(" ") === "1:no-op 2:a 3:b 4:c",
    () =>
      `by t=43, a, b and c are committed on L and F1 (two of three); F1 learns that from the leaderCommit of L's next AppendEntries and should have applied 1:no-op 2:a 3:b 4:c, but applied ${f1.join(" ") || "nothing"}.`,
    before,
    S.FIG6_BEFORE_HEAL,
  );
  const after = t.run(S.FIG6);
  expectApplied(
    t,
    after,
    S.FIG6,
    ["1:no-op", "2:a", "3:b", "4:c"],
    "Once the network heals, L's AppendEntries bring F2 the entries and the commit point.",
  );
});

graded("ch5.ack-after-commit", (t) => {
  const scenario: Scenario = {
    id: "ack-after-commit",
    title: "the followers' confirmations arrive late; the client hears ok only after them",
    nodes: ["L", "F1", "F2"],
    rules: [{ type: "AppendEntriesReply", action: { delayBy: 6 } }],
    schedule: [
      { at: 0, lead: "L", term: 1 },
      { at: 2, write: "L", command: "a", id: "a" },
    ],
    until: 30,
  };
  const run = t.run(scenario);
  const got = oks(run, "a");
  t.check(
    got.length === 1 && got[0].index === 2,
    () =>
      `the client that wrote a should hear exactly one ok, with index 2 (after L's no-op at 1), once a is committed; it heard ${got.length === 0 ? "nothing" : JSON.stringify(got)}.`,
    run,
    scenario,
  );
});

graded("ch5.002-no-early-ack", (t) => {
  const minority = t.run(S.NO_EARLY_ACK);
  t.check(
    oks(minority, "minority").length === 0,
    () =>
      `N1 was cut off with N2, two of five nodes, when a client asked it to write "minority": that entry can never commit there, and N1 must not answer ok, but it did (${JSON.stringify(oks(minority, "minority"))}).`,
    minority,
    S.NO_EARLY_ACK,
  );
  const crash = t.run(S.SURVIVES_CRASH);
  t.check(
    oks(crash, "kept").length === 1,
    () =>
      `"kept" reached N1, N2 and N3 (a majority) before N1 crashed at t=8; N1 should have answered ok first, and answered ${JSON.stringify(crash.replies)}.`,
    crash,
    S.SURVIVES_CRASH,
  );
  expectApplied(
    t,
    crash,
    S.SURVIVES_CRASH,
    ["1:no-op", "2:kept", "3:no-op"],
    "An entry a majority holds is in the log of every later leader, which commits it with its own no-op.",
  );
});

graded("ch5.no-op", (t) => {
  const nodes = ["N1", "N2", "N3"];
  const scenario: Scenario = {
    id: "quiet-old-entries",
    title: "a quiet cluster with entries of term 1 on a majority elects a leader",
    nodes,
    logs: { N1: "t1: a b", N2: "t1: a b", N3: "t1: a" },
    terms: { N1: 1, N2: 1, N3: 1 },
    schedule: [],
    until: 120,
  };
  const run = t.run(scenario);
  for (const id of nodes) {
    const got = appliedNow(run, id).filter((a) => !a.endsWith("no-op"));
    t.check(
      got.slice(0, 2).join(" ") === "1:a 2:b",
      () =>
        `a and b of term 1 sit on a majority and a leader was elected${run.leaders.length ? ` (${run.leaders.map((l) => `${l.node} in term ${l.term}`).join(", ")})` : ""}, but no client wrote anything, and ${id} applied ${got.join(" ") || "nothing"} by t=${run.time}. A leader commits by counting only entries of its own term: it needs a no-op of its own term to commit a and b.`,
      run,
      scenario,
    );
  }
});

graded("ch5.004-entry5-n2-wins", (t) => {
  const run = t.run(S.ENTRY5_N2);
  const leader = run.leaders.find((l) => l.node === "N2");
  t.check(
    leader !== undefined,
    () => `only N2's RequestVotes get through, and N2 was never elected (leaders: ${JSON.stringify(run.leaders)})`,
    run,
    S.ENTRY5_N2,
  );
  expectApplied(
    t,
    run,
    S.ENTRY5_N2,
    ["1:1", "2:2", "3:3", "4:4", "5:5", "6:no-op"],
    "N2 leads with 5 in its log: replicating its log brings 5 to the others, and its no-op at 6, once on a majority, commits 5 with it.",
  );
  const n2 = run.applied.N2.filter((a) => a.index >= 5);
  t.check(
    n2.length >= 2 && n2[0].t === n2[1].t,
    () =>
      `N2 should commit 5 and its no-op at 6 together, when the no-op reaches a majority; it applied 5 at t=${n2[0]?.t} and 6 at t=${n2[1]?.t}.`,
    run,
    S.ENTRY5_N2,
  );
});

graded("ch5.004-entry5-n5-wins", (t) => {
  const run = t.run(S.ENTRY5_N5);
  t.check(
    run.leaders.some((l) => l.node === "N5"),
    () =>
      `only N5's RequestVotes get through, with N3 and N4 to grant them, and N5 was never elected (leaders: ${JSON.stringify(run.leaders)})`,
    run,
    S.ENTRY5_N5,
  );
  const applied5 = Object.entries(run.applied).filter(([, as]) => as.some((a) => a.command === "5"));
  t.check(
    applied5.length === 0,
    () =>
      `entry 5 was never committed and N5's no-op overwrote it, yet ${applied5.map(([id]) => id).join(", ")} applied it`,
    run,
    S.ENTRY5_N5,
  );
  expectApplied(
    t,
    run,
    S.ENTRY5_N5,
    ["1:1", "2:2", "3:3", "4:4", "5:no-op"],
    "N5's no-op takes index 5 and, on a majority, commits.",
  );
});

graded("ch5.paper-fig8", (t) => {
  const c = t.run(S.FIG8_C);
  t.check(
    commitOf(c, "S1") === 0,
    () =>
      `Figure 8 (c): S1 leads term 4 and knows that S1, S2 and S3 hold y, of term 2, at index 2; its commitIndex should stay 0, but it is ${commitOf(c, "S1")}. An entry of an older term on a majority is not committed: S5 could still be elected and overwrite it, as in (d). Commit by counting only entries of your current term.`,
    c,
    S.FIG8_C,
  );
  const d = t.run(S.FIG8_D);
  expectApplied(
    t,
    d,
    S.FIG8_D,
    ["1:x", "2:z", "3:no-op"],
    "Figure 8 (d): S5 (last term 3) is elected with S2, S3 and S4, and its z replaces y at index 2; y was never committed, so nobody may have applied it.",
  );
  const e = t.run(S.FIG8_E);
  const want = ["1:x", "2:y", "3:no-op", "4:w"];
  for (const id of live(e)) {
    const got = appliedNow(e, id);
    t.check(
      want.every((w, i) => got[i] === w),
      () =>
        `Figure 8 (e): S1 stores its own entries of term 4 on a majority, which commits y with them, so ${id} should have applied ${want.join(" ")} first; it applied ${got.join(" ") || "nothing"}.`,
      e,
      S.FIG8_E,
    );
  }
});

graded("ch5.restart-reapply", (t) => {
  const scenario: Scenario = {
    id: "restart-reapply",
    title: "N3 restarts and rebuilds its state machine from the log",
    nodes: ["N1", "N2", "N3"],
    schedule: [
      { at: 0, lead: "N1", term: 1 },
      { at: 2, write: "N1", command: "a", id: "a" },
      { at: 3, write: "N1", command: "b", id: "b" },
      { at: 12, crash: "N3" },
      { at: 16, restart: "N3" },
    ],
    until: 40,
  };
  const run = t.run(scenario);
  const got = appliedNow(run, "N3");
  t.check(
    got.join(" ") === "1:no-op 2:a 3:b",
    () =>
      `N3 restarted at t=16, with its log but an empty state machine; it should have applied 1:no-op 2:a 3:b again by t=40, and applied ${got.join(" ") || "nothing"}. commitIndex and lastApplied are volatile: a restarted node starts both at 0, and applies again from index 1 once it learns the commit point.`,
    run,
    scenario,
  );
});

graded("ch5.004-tolerate-f", (t) => {
  const run = t.run(S.TOLERATE_F);
  for (const id of ["a", "b"]) {
    const ok = oks(run, id).filter((r) => r.t < 20);
    t.check(
      ok.length === 1,
      () =>
        `with N4 and N5 down, three of five nodes still commit: the write of ${id} should be acknowledged before t=20; replies: ${JSON.stringify(run.replies)}`,
      run,
      S.TOLERATE_F,
    );
  }
  const early = run.replies.filter((r) => r.ok && r.t >= 20 && r.t < 60);
  t.check(
    early.length === 0,
    () =>
      `with N3, N4 and N5 down, N1 and N2 are a minority: nothing can commit, yet ${JSON.stringify(early)} were acknowledged`,
    run,
    S.TOLERATE_F,
  );
  const acked = run.replies.filter(isOk).map((r) => `${r.index}:${r.id}`);
  for (const id of live(run)) {
    const got = appliedNow(run, id);
    const lost = acked.filter((a) => !got.includes(a));
    t.check(
      lost.length === 0,
      () =>
        `every node is back by t=60, and by t=${run.time} ${id} should have applied every acknowledged write; it lacks ${lost.join(" ")} (it applied ${got.join(" ")})`,
      run,
      S.TOLERATE_F,
    );
  }
});

graded("ch5.004-committed-survive", (t) => {
  t.runMany(t.seeds(600), S.chaos, (run) => {
    const acked = run.replies.filter(isOk).filter((r) => r.index !== undefined);
    const nodes = live(run);
    const states = nodes.map((id) => ({ id, applied: appliedNow(run, id) }));
    for (const r of acked) {
      const command = r.id.split("@")[0];
      const missing = states.filter((s) => !s.applied.includes(`${r.index}:${command}`));
      if (missing.length > 0) {
        return `${r.node} acknowledged ${command} at index ${r.index} (t=${r.t}), and by t=${run.time}, ${S.CHAOS_UNTIL - S.CHAOS_CALM} ticks after the network healed, ${missing.map((m) => m.id).join(", ")} had not applied it there`;
      }
    }
    const longest = states.reduce((a, b) => (b.applied.length > a.applied.length ? b : a));
    for (const s of states) {
      if (s.applied.some((a, i) => a !== longest.applied[i])) {
        return `${s.id} and ${longest.id} applied different sequences: ${s.applied.join(" ")} against ${longest.applied.join(" ")}`;
      }
    }
    if (!run.replies.some((r) => r.ok && r.id.startsWith("final@"))) {
      return `every node was up on a reliable network from t=${S.CHAOS_CALM}, and a client wrote "final" to every node at t=${S.CHAOS_CALM + 40}; the leader should have committed and acknowledged it within ${S.CHAOS_UNTIL - S.CHAOS_CALM - 40} ticks, and nobody did`;
    }
    return null;
  });
});

graded("ch5.search", (t) => {
  t.explore(S.SEARCH);
});
