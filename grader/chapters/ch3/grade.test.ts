import type { AppendEntries, AppendEntriesReply, NodeId, Progress } from "../../contract";
import type { Attempt } from "../../harness/attempt";
import { withCause } from "../../harness/failure";
import { gradedTests } from "../../harness/graded";
import { formatLog } from "../../scenarios/notation";
import type { Scenario } from "../../scenarios/types";
import type { RunResult } from "../../sim/cluster";
import { CHAPTER } from ".";
import {
  chaos,
  COMMENT_LEADER,
  COMMENT_PROBE,
  DIVERGENT,
  divergentFollower,
  DUPLICATE_REFUSAL,
  FIG4,
  FIG7,
  lastLeader,
  MATCH_INDEX,
  N1_N5_SCENARIO,
  NEW_FOLLOWER,
  OLD_TERM_REPLY,
  OUTDATED_FOLLOWER,
  RETRY,
  STALE_APPEND,
  staleProbe,
  STEP_DOWN,
} from "./scenarios";

const graded = gradedTests(CHAPTER);

const show = (log: string): string => log || "(only the base entry)";

/**
 * What a broken invariant most often means in this chapter, for tests that have no story of
 * their own to tell about it.
 */
function usualCause(problem: string): string | null {
  let m = /leader (\S+)'s matchIndex for (\S+) is (-?\d+), but the leader holds only/.exec(problem);
  if (m)
    return `${m[1]}'s matchIndex for ${m[2]} runs past the end of ${m[1]}'s own log: only a successful reply raises it, and only to that reply's prevLogIndex + entryCount.`;
  m = /leader (\S+)'s matchIndex for (\S+) is (\d+), but/.exec(problem);
  if (m) {
    return `${m[1]} believes ${m[2]} holds its entries through index ${m[3]}, and ${m[2]} does not. Either ${m[1]} counted more than ${m[2]}'s replies confirmed (prevLogIndex + entryCount of a success in ${m[1]}'s current term), or ${m[2]} answered success without keeping every entry it was sent, or later deleted entries that did not conflict.`;
  }
  if (/prevLogIndex must be an integer ≥ 0, got -|nextIndex for \S+ is (0|-)/.test(problem)) {
    return "A leader's nextIndex went below 1: it never steps back past 1, the index just after the base entry, which every log holds.";
  }
  if (/Log Matching/.test(problem)) {
    return "Entries ended up at the wrong index: an AppendEntries carries the leader's entries from nextIndex on, with prevLogIndex = nextIndex - 1, and the follower puts entry i of the message at prevLogIndex + 1 + i.";
  }
  return null;
}

/**
 * Runs `body`; when it fails on a broken run (an invariant, a guard), `explain` may put the
 * breakage in the story's own terms, falling back on the usual cause. Those words go first,
 * the simulator's report after. An unwritten TODO is left alone: its message says what to do.
 */
/** The learner-facing cause of a fault or broken invariant: the story's own `explain`, else the usual one. */
function explained<T>(body: () => T, explain: (problem: string) => string | null = () => null): T {
  return withCause(body, (failure) =>
    failure.context.todo !== undefined || failure.context.kind === "expectation"
      ? null
      : (explain(failure.message) ?? usualCause(failure.message)),
  );
}

function runStory(t: Attempt, scenario: Scenario, explain?: (problem: string) => string | null): RunResult {
  return explained(() => t.run(scenario), explain);
}

/** Checks every node's final log against the scenario's expectLogs; `why` adds the story of a node. */
function expectEndLogs(
  t: Attempt,
  run: RunResult,
  scenario: Scenario,
  why: (id: NodeId, got: string) => string = () => "",
): void {
  for (const [id, want] of Object.entries(scenario.expectLogs ?? {})) {
    const got = formatLog(run.logs[id]);
    t.check(
      got === want,
      () => `${id} should end with "${show(want)}" but holds "${show(got)}". ${why(id, got)}`.trim(),
      run,
      scenario,
    );
  }
}

function progressOf(run: RunResult, leader: NodeId): Readonly<Record<NodeId, Progress>> | undefined {
  return run.final.find((n) => n.id === leader)?.progress;
}

function appendsTo(run: RunResult, from: NodeId, to: NodeId): { i: number; t: number; msg: AppendEntries }[] {
  return run.sent.flatMap((s, i) =>
    s.from === from && s.to === to && s.msg.type === "AppendEntries" ? [{ i, t: s.t, msg: s.msg }] : [],
  );
}

function repliesTo(run: RunResult, from: NodeId, to: NodeId): { i: number; t: number; msg: AppendEntriesReply }[] {
  return run.sent.flatMap((s, i) =>
    s.from === from && s.to === to && s.msg.type === "AppendEntriesReply" ? [{ i, t: s.t, msg: s.msg }] : [],
  );
}

graded("ch3.004-n1-n5", (t) => {
  const scenario = N1_N5_SCENARIO;
  const run = runStory(t, scenario);
  expectEndLogs(t, run, scenario, (id, got) => {
    if (id === "N5") return "N5 is the leader: it only appends to its own log.";
    if (id === "N1" && /\b[567]\b/.test(got)) {
      return /\bq\b/.test(got)
        ? "N1 still holds some of its old 5 6 7 after q: when an entry conflicts, delete it and every entry after it, then append."
        : "N1 came back holding 5 6 7, which nobody else has; p and q of term 3 conflict with them at indexes 5 and 6, so N1 must delete them and take p q.";
    }
    if (id === "N4")
      return "N4 lacks 4, so it refuses N5's first AppendEntries (which follows entry 4); N5 should step back one entry and send 4 p q after entry 3.";
    return "";
  });
});

graded("ch3.002-fig4", (t) => {
  const run = runStory(t, FIG4);
  expectEndLogs(t, run, FIG4, (id) =>
    id === "n2"
      ? "n2 took c in term 2 but never passed it on; n0's d of term 3 sits at the same index, so after the heal n2 must delete c and take d e."
      : id === "n1"
        ? "n1 held a b and heard of term 3 before being cut off; after the heal n0 should bring it d e."
        : "",
  );
  const n2 = run.final.find((n) => n.id === "n2")!;
  t.check(
    n2.role !== "leader" && n2.term === 3,
    () =>
      `n2 led term 2; after the heal it met term 3 (in n0's AppendEntries, or in a refusal from n0 or n1), so it must adopt term 3 and step down to follower. At the end it is ${n2.role} in term ${n2.term}.`,
    run,
    FIG4,
  );
});

graded("ch3.000-new-follower", (t) => {
  const run = runStory(t, NEW_FOLLOWER);
  const got = formatLog(run.logs.N);
  const refusals = repliesTo(run, "N", "L").filter((r) => !r.msg.success).length;
  t.check(
    got !== "",
    () =>
      `N joined holding only the base entry and still holds nothing at the end, after refusing ${refusals} AppendEntries: each refusal should move L's nextIndex for N back by one and L should send again, until the probe names index 0 (the base entry, which every log holds) and N can take everything.`,
    run,
    NEW_FOLLOWER,
  );
  expectEndLogs(t, run, NEW_FOLLOWER, (id) =>
    id === "N" ? "L steps back one entry per refusal until it reaches the base entry, then sends N its whole log." : "",
  );
});

graded("ch3.000-outdated-follower", (t) => {
  const run = runStory(t, OUTDATED_FOLLOWER);
  expectEndLogs(t, run, OUTDATED_FOLLOWER, (id) =>
    id === "F2"
      ? "F2 missed c d e while it was cut off. L leads term 3 starting from the end of its own log, so once the network heals F2 refuses L's AppendEntries, and L must step back one entry per refusal (or per heartbeat) until it names b, which F2 holds."
      : "",
  );
});

graded("ch3.000-comment", (t) => {
  const probe = t.run(COMMENT_PROBE);
  const got = formatLog(probe.logs.F);
  const diagnosis =
    got === "t1: a d"
      ? "F kept only d, the last entry of the message: its deletion runs inside the append loop, so writing each entry erases the one before it. This is the bug the reader's comment on article 000 points out: delete once, before the loop."
      : got === "t1: a"
        ? "F appended none of them: its append loop does not walk the entries the message carries (the comment's second point: loop over the new entries, not another list)."
        : "A follower that passes the check keeps its log through prevLogIndex and then holds every entry of the message, in order.";
  t.check(
    got === "t1: a b c d",
    () =>
      `F holds "t1: a" and received one AppendEntries (prevLogIndex 1, prevLogTerm 1) carrying b c d; it should end with "t1: a b c d" but holds "${show(got)}". ${diagnosis}`,
    probe,
    COMMENT_PROBE,
  );
  const reply = repliesTo(probe, "F", "L")[0]?.msg;
  t.check(
    reply !== undefined && reply.success && reply.entryCount === 3,
    () =>
      `F should answer that AppendEntries with success and entryCount 3; it ${reply ? `replied success: ${reply.success}, entryCount ${reply.entryCount}` : "sent no reply"}`,
    probe,
    COMMENT_PROBE,
  );

  const run = runStory(t, COMMENT_LEADER, (problem) =>
    /Log Matching|matchIndex for F/.test(problem)
      ? "L (term 2) stepped back from its last entry to a, the entry F holds, and then sent b c d in one AppendEntries; F must keep all three, in order."
      : null,
  );
  expectEndLogs(t, run, COMMENT_LEADER, (id) =>
    id === "F" ? "After three refusals L sends b c d in one message; F must keep every one of them." : "",
  );
});

const FIG7_STORY: Record<NodeId, string> = {
  a: "Follower (a) lacks entry 10.",
  b: "Follower (b) lacks entries 5 to 10.",
  c: "Follower (c) holds an extra entry 11 of term 6 that the leader never had.",
  d: "Follower (d) holds extra entries 11 and 12 of term 7.",
  e: "Follower (e) holds entries 6 and 7 of term 4 that conflict with the leader's 5.5 and 5.7, and lacks the rest.",
  f: "Follower (f) holds entries 4 to 11 of terms 2 and 3, all in conflict with the leader's.",
};

graded("ch3.paper-fig7", (t) => {
  const run = runStory(t, FIG7);
  expectEndLogs(t, run, FIG7, (id) =>
    id === "L"
      ? "The leader of term 8 only appends: its ten entries and the new 11.8."
      : `${FIG7_STORY[id] ?? ""} Every follower ends with the leader's log: it keeps what matches, deletes from the first conflict on, and takes what it lacks.`,
  );
});

graded("ch3.paper-stale-append", (t) => {
  const cases = [
    {
      scenario: staleProbe(
        "stale-entries",
        "an old AppendEntries carrying b arrives after the one carrying b c d",
        "t1: a",
        { prev: [1, 1], entries: ["b", "c", "d"] },
        { prev: [1, 1], entries: ["b"] },
      ),
      story:
        "F took b c d from one AppendEntries (prevLogIndex 1); then an older one, carrying only b after the same entry, arrived late.",
    },
    {
      scenario: staleProbe(
        "stale-heartbeat",
        "an old empty AppendEntries arrives after the one carrying b c d",
        "t1: a",
        { prev: [1, 1], entries: ["b", "c", "d"] },
        { prev: [1, 1], entries: [] },
      ),
      story:
        "F took b c d from one AppendEntries (prevLogIndex 1); then an older empty one (a heartbeat sent just after a) arrived late.",
    },
  ];
  for (const { scenario, story } of cases) {
    const run = t.run(scenario);
    const got = formatLog(run.logs.F);
    const lost = got.length < "t1: a t2: b c d".length && "t1: a t2: b c d".startsWith(got);
    t.check(
      got === "t1: a t2: b c d",
      () =>
        `${story} Every entry it carries is already in F's log with the same term, so nothing conflicts; F should still hold "t1: a t2: b c d" but holds "${show(got)}". ${lost ? "F deleted entries that did not conflict: delete only from the first entry whose term differs from the message's, never just because the message is shorter than your log." : ""}`.trim(),
      run,
      scenario,
    );
    const replies = repliesTo(run, "F", "L").map((r) => r.msg);
    t.check(
      replies.length === 2 && replies.every((r) => r.success),
      () =>
        `${story} Both pass the consistency check, so F should answer each with success; its replies were [${replies.map((r) => `success: ${r.success}`).join(", ")}]`,
      run,
      scenario,
    );
  }

  const run = runStory(t, STALE_APPEND, (problem) =>
    /matchIndex for F|Log Matching/.test(problem)
      ? "The AppendEntries that carried b to F was held up in the network and reached F only after F had taken b c d from later messages. All its entries matched F's log, so F should have deleted nothing."
      : null,
  );
  expectEndLogs(t, run, STALE_APPEND);
});

graded("ch3.retry-at-once", (t) => {
  const run = runStory(t, RETRY);
  const probes = appendsTo(run, "L", "F");
  const refusals = repliesTo(run, "F", "L").filter((r) => !r.msg.success && r.msg.term === 3);
  for (const refused of refusals) {
    const sentBefore = probes.filter((p) => p.i < refused.i);
    const newest = Math.min(...sentBefore.map((p) => p.msg.prevLogIndex));
    // A refusal of a probe L has already stepped past needs no answer.
    if (refused.msg.prevLogIndex !== newest) continue;
    const arrived = refused.t + 1;
    const retry = probes.find((p) => p.t === arrived && p.msg.prevLogIndex < refused.msg.prevLogIndex);
    t.check(
      retry !== undefined,
      () =>
        `F (holding "t1: a b") refused L's AppendEntries with prevLogIndex ${refused.msg.prevLogIndex}; the refusal reached L at t=${arrived} and L did not try again then: on a refusal, step nextIndex back one and send a new AppendEntries at once, carrying the entries from the new nextIndex on.`,
      run,
      RETRY,
    );
  }
  t.check(
    refusals.some((r) => r.msg.prevLogIndex === 4),
    () =>
      "F lacks c d, so it should refuse L's first AppendEntries, which names d (prevLogIndex 4, prevLogTerm 2), with success: false; it did not",
    run,
    RETRY,
  );
  expectEndLogs(t, run, RETRY);
});

graded("ch3.match-index", (t) => {
  const run = runStory(t, MATCH_INDEX, (problem) =>
    /matchIndex for F1/.test(problem)
      ? "F1 confirmed b (its reply echoed prevLogIndex 1 and 1 entry, so it holds L's entries through index 2) and then crashed before c reached it. When that reply came in, L already held a b c: matchIndex counts what the reply confirms, prevLogIndex + entryCount, not the leader's log length or nextIndex."
      : null,
  );
  const progress = progressOf(run, "L");
  t.check(
    progress !== undefined,
    () => "L should still be leader of term 2 at the end and report its progress(), but it does not",
    run,
    MATCH_INDEX,
  );
  const want: Record<NodeId, number> = { F1: 2, F2: 3 };
  for (const [id, m] of Object.entries(want)) {
    const got = progress![id]?.matchIndex;
    t.check(
      got === m,
      () =>
        `L's matchIndex for ${id} should be ${m} at the end (${id === "F1" ? "F1 confirmed a b before it crashed" : "F2 confirmed a b c"}) but is ${got}: on a successful reply, raise matchIndex to prevLogIndex + entryCount.`,
      run,
      MATCH_INDEX,
    );
  }
});

graded("ch3.next-index-floor", (t) => {
  const run = runStory(t, DUPLICATE_REFUSAL, (problem) =>
    /prevLogIndex must be an integer ≥ 0, got -|nextIndex for F is (0|-)/.test(problem)
      ? "L's nextIndex for F went below 1. F's refusal of prevLogIndex 1 arrived a second time (the network duplicated it) after L had already stepped back to nextIndex 1. nextIndex never goes below 1, the index just after the base entry that every log holds; and a refusal of a probe you have already stepped past should not move nextIndex again."
      : null,
  );
  const f = formatLog(run.logs.F);
  t.check(f === "t1: a", () => `F should end with L's log "t1: a" but holds "${show(f)}"`, run, DUPLICATE_REFUSAL);
  const p = progressOf(run, "L")?.F;
  t.check(
    p !== undefined && p.nextIndex === 2 && p.matchIndex === 1,
    () =>
      `once F holds a, L's progress for F should be nextIndex 2, matchIndex 1; it is ${p ? `nextIndex ${p.nextIndex}, matchIndex ${p.matchIndex}` : "not reported (is L still leader?)"}`,
    run,
    DUPLICATE_REFUSAL,
  );
});

graded("ch3.old-term-reply", (t) => {
  const run = runStory(t, OLD_TERM_REPLY, (problem) =>
    /matchIndex for F/.test(problem)
      ? "A success reply F sent in term 2 (about b c, when L led term 2) reached L after L became leader of term 4; since then G's term 3 has replaced b c on F with x y. A reply from an older term says nothing about F's log now: ignore replies whose term is below your current term."
      : null,
  );
  expectEndLogs(t, run, OLD_TERM_REPLY, (id) =>
    id === "L" ? "" : `L leads term 4: ${id}'s x y of term 3 conflict with L's b c and give way.`,
  );
});

graded("ch3.step-down", (t) => {
  const run = runStory(t, STEP_DOWN);
  const heard = repliesTo(run, "F2", "L").find((r) => r.msg.term === 3);
  t.check(
    heard !== undefined,
    () =>
      "F2 is in term 3 and L's AppendEntries says term 2: F2 should refuse it with a reply carrying its own term 3, so that L learns it is outdated; F2 sent no such reply",
    run,
    STEP_DOWN,
  );
  const l = run.final.find((n) => n.id === "L")!;
  t.check(
    l.role === "follower" && l.term === 3,
    () =>
      `L led term 2 and F2 answered with term 3: a newer term means another leader may exist, so L must adopt term 3 and become a follower. At the end L is ${l.role} in term ${l.term}.`,
    run,
    STEP_DOWN,
  );
  const arrived = heard!.t + 1;
  const late = appendsTo(run, "L", "F1").filter((p) => p.t > arrived);
  t.check(
    late.length === 0,
    () =>
      `after F2's term-3 reply reached L at t=${arrived}, L should send no more AppendEntries, but it sent ${late.length} more to F1`,
    run,
    STEP_DOWN,
  );
  const log = formatLog(run.logs.L);
  t.check(
    log === "t1: a",
    () =>
      `a client's write reached L at t=6, after it had stepped down: L should refuse it and keep "t1: a" but holds "${log}"`,
    run,
    STEP_DOWN,
  );
});

graded("ch3.randomized", (t) => {
  explained(() =>
    t.runMany(t.seeds(300), chaos, (run, seed) => {
      const last = lastLeader(chaos(seed));
      const leader = run.final.find((n) => n.id === last.node)!;
      if (leader.role !== "leader" || leader.term !== last.term) {
        return `${last.node} was the last to lead (term ${last.term}) and no node ever had a newer term, so it should still lead at the end; it is ${leader.role} in term ${leader.term}`;
      }
      const want = formatLog(run.logs[last.node]);
      for (const [id, log] of Object.entries(run.logs)) {
        const got = formatLog(log);
        if (got !== want) {
          return `after the network healed and stayed reliable, every log should become the last leader's: ${last.node} (term ${last.term}) holds "${show(want)}" but ${id} holds "${show(got)}"`;
        }
      }
      return null;
    }),
  );
});

/** Round trips a repair took: the distinct probes F refused before its log matched L's. */
function refusedProbes(run: RunResult): number {
  const refused = run.sent.filter((s) => s.from === "F" && s.msg.type === "AppendEntriesReply" && !s.msg.success);
  return new Set(refused.map((s) => (s.msg as AppendEntriesReply).prevLogIndex)).size;
}

graded("ch3.fast-backup", (t) => {
  const limit = 60;
  const divergent = DIVERGENT.terms * DIVERGENT.perTerm;
  const fastScenario = divergentFollower("fast-backup");
  const fast = t.run(fastScenario, t.seed, { className: "FastBackupNode", trace: false });
  const oneStepScenario = divergentFollower("fast-backup-one-step");
  const oneStep = t.run(oneStepScenario, t.seed, { className: "BacktrackNode", trace: false });
  const repaired = formatLog(fast.logs.F) === formatLog(fast.logs.L);
  const counts = `FastBackupNode needed ${refusedProbes(fast)} refused probes; your one-step BacktrackNode needed ${refusedProbes(oneStep)} on the same logs`;
  t.check(
    repaired,
    () => `F, ${divergent} divergent entries behind, never caught up with FastBackupNode's leader. ${counts}.`,
    fast,
    fastScenario,
  );
  t.check(
    refusedProbes(fast) <= limit,
    () =>
      `fast backup should repair F in at most ${limit} round trips (one per term of ${DIVERGENT.perTerm} entries); ${counts}.`,
    fast,
    fastScenario,
  );
});
