import type { AppendEntriesReply, NodeId, Progress } from "../../contract";
import type { Attempt } from "../../harness/attempt";
import { explainBrokenRun } from "../../harness/explain";
import { gradedTests } from "../../harness/graded";
import { finalOf, isPrefix, receivedAt, repliesTo, sentOf, showLog } from "../../harness/run-helpers";
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
  expectedHint,
  expectedJump,
  FIG4,
  FIG7,
  FIG7_TERMS,
  HINT_CASES,
  hintedRefusal,
  type Hint,
  JUMP_CASES,
  lastLeader,
  LATE_SUCCESS,
  MATCH_INDEX,
  N1_N5_SCENARIO,
  NEW_FOLLOWER,
  NEWER_REPLY_AT_FOLLOWER,
  OLD_TERM_REPLY,
  OLDER_TERM_AT_FOLLOWER,
  OLDER_TERM_AT_LEADER,
  OUTDATED_FOLLOWER,
  REELECTED,
  REELECTED_AT,
  refusingFollower,
  RETRY,
  SAME_COMMAND,
  STALE_APPEND,
  staleProbe,
  STEP_DOWN,
  STEP_DOWN_WRITE_AT,
  SEARCH,
} from "./scenarios";

const graded = gradedTests(CHAPTER);

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

/** Runs `body`; a broken run is put in the story's own terms by `explain`, else in the chapter's usual ones. */
function explained<T>(body: () => T, explain: (problem: string) => string | null = () => null): T {
  return explainBrokenRun(body, (problem) => explain(problem) ?? usualCause(problem));
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
      () => `${id} should end with "${showLog(want)}" but holds "${showLog(got)}". ${why(id, got)}`.trim(),
      run,
      scenario,
    );
  }
}

function progressOf(run: RunResult, leader: NodeId): Readonly<Record<NodeId, Progress>> | undefined {
  return run.final.find((n) => n.id === leader)?.progress;
}

/**
 * For a follower that accepted a probe of `leader`'s term and still ended holding only a
 * prefix of the leader's log: how far it got. Empty otherwise, when there is no such story.
 */
function shortOf(run: RunResult, id: NodeId, leader: NodeId, term: number): string {
  const mine = run.logs[id];
  const theirs = run.logs[leader];
  const prefix = isPrefix(mine, theirs);
  const accepted = repliesTo(run, id, leader).find((r) => r.msg.success && r.msg.term === term);
  if (!accepted || !prefix || mine.length >= theirs.length) return "";
  return `${id} accepted an AppendEntries of term ${term} at t=${accepted.t}, yet at the end (t=${run.time}) it held ${leader}'s first ${mine.length} entries and lacked the ${theirs.length - mine.length} after them: after a probe is accepted, the leader goes on sending what the follower lacks, from its new nextIndex, until it holds everything.`;
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
    if (id !== "N4") return "";
    const refused = repliesTo(run, "N4", "N5").find(
      (r) => !r.msg.success && r.msg.term === 3 && r.msg.prevLogIndex === 4,
    );
    if (!refused)
      return "N4 lacks 4: it should refuse an AppendEntries that follows entry 4 (prevLogIndex 4, prevLogTerm 2), and it refused none.";
    return `N4 lacks 4, so it refused N5's AppendEntries that follows entry 4 (at t=${refused.t}); N5 should step back one entry and send what follows entry 3: 4 p q. ${shortOf(run, "N4", "N5", 3)}`;
  });
});

graded("ch3.002-fig4", (t) => {
  const run = runStory(t, FIG4);
  expectEndLogs(t, run, FIG4, (id) =>
    id === "n2"
      ? "n2 took c in term 2 but never passed it on; n0's d of term 3 sits at the same index, so after the heal n2 must delete c and take d e."
      : id === "n1"
        ? "n1 held a b; n0 led term 3 from t=4, was cut off from n1 from t=7 until the heal at t=11, and should then bring it d e."
        : "",
  );
  const n2 = finalOf(run, "n2");
  const news = run.sent.find((s) => s.to === "n2" && s.msg.term >= 3 && receivedAt(s) !== undefined);
  t.check(
    n2.role !== "leader" && n2.term === 3,
    () =>
      `n2 led term 2; ${news ? `at t=${receivedAt(news)} it received ${news.from}'s ${news.msg.type} of term ${news.msg.term}, so it must adopt that term and step down to follower` : "after the heal at t=11 no message of term 3 reached it, though n0 leads term 3 and should send it AppendEntries on every heartbeat"}. At the end it is ${n2.role} in term ${n2.term}.`,
    run,
    FIG4,
  );
});

graded("ch3.000-new-follower", (t) => {
  const run = runStory(t, NEW_FOLLOWER);
  const got = formatLog(run.logs.N);
  const refusals = repliesTo(run, "N", "L").filter((r) => !r.msg.success).length;
  const probes = sentOf(run, "AppendEntries", "L", "N").map((p) => p.msg.prevLogIndex);
  t.check(
    got !== "",
    () =>
      `N joined holding only the base entry and still holds nothing at the end (t=${run.time}), after refusing ${refusals} AppendEntries; ${probes.length > 0 ? `the lowest prevLogIndex L named to N was ${Math.min(...probes)}` : "L sent N none"}. Each refusal should move L's nextIndex for N back by one and L should send again, until the probe names index 0 (the base entry, which every log holds) and N can take what follows.`,
    run,
    NEW_FOLLOWER,
  );
  expectEndLogs(t, run, NEW_FOLLOWER, (id) =>
    id === "N"
      ? shortOf(run, "N", "L", 5) ||
        "L steps back one entry per refusal until it reaches the base entry; N should then take everything L sends after it."
      : "",
  );
});

graded("ch3.000-outdated-follower", (t) => {
  const run = runStory(t, OUTDATED_FOLLOWER);
  expectEndLogs(t, run, OUTDATED_FOLLOWER, (id) =>
    id === "F2"
      ? `F2 lacks c d e and was cut off until t=5. L took office in term 3 holding a b c d e, so its probes start after its own last entry; once the network heals F2 should refuse them, and L should step back one entry per refusal until it names b, which F2 holds. ${shortOf(run, "F2", "L", 3)}`
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
      `F holds "t1: a" and received one AppendEntries (prevLogIndex 1, prevLogTerm 1) carrying b c d; it should end with "t1: a b c d" but holds "${showLog(got)}". ${diagnosis}`,
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
      ? "F holds a and lacks b c d: once L (term 2) names a, the entry F holds, F must keep every entry of each AppendEntries that follows it, in order."
      : null,
  );
  const batch = sentOf(run, "AppendEntries", "L", "F").find(
    (p) => p.msg.prevLogIndex === 1 && p.msg.entries.length === 3 && receivedAt(run.sent[p.i]) !== undefined,
  );
  expectEndLogs(t, run, COMMENT_LEADER, (id) =>
    id !== "F"
      ? ""
      : batch
        ? `F received b c d in one AppendEntries after entry a (sent at t=${batch.t}); it must keep every one of them.`
        : "F lacks b c d: once L's probe names a, the entry F holds, F should keep every entry L sends after it, in order.",
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
      : `${FIG7_STORY[id] ?? ""} Every follower should end with the leader's log: keep what matches, delete from the first conflict on, and take what is missing. ${shortOf(run, id, "L", 8)}`,
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
        `${story} Every entry it carries is already in F's log with the same term, so nothing conflicts; F should still hold "t1: a t2: b c d" but holds "${showLog(got)}". ${lost ? "F deleted entries that did not conflict: delete only from the first entry whose term differs from the message's, never just because the message is shorter than your log." : ""}`.trim(),
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
      ? "The AppendEntries that carried b to F was held up in the network for 7 ticks, and later ones reached F before it. Entries F already holds with the same term never conflict: delete only from the first entry whose term differs from the message's."
      : null,
  );
  expectEndLogs(t, run, STALE_APPEND);
});

graded("ch3.retry-at-once", (t) => {
  const run = runStory(t, RETRY);
  const probes = sentOf(run, "AppendEntries", "L", "F");
  const refusals = repliesTo(run, "F", "L").filter((r) => !r.msg.success && r.msg.term === 3);
  for (const refused of refusals) {
    const sentBefore = probes.filter((p) => p.i < refused.i);
    const newest = Math.min(...sentBefore.map((p) => p.msg.prevLogIndex));
    // A refusal of a probe L has already stepped past needs no answer, nor one the run ended before L received.
    const arrived = receivedAt(run.sent[refused.i]);
    if (refused.msg.prevLogIndex !== newest || arrived === undefined) continue;
    const retry = probes.find((p) => p.t === arrived && p.msg.prevLogIndex < refused.msg.prevLogIndex);
    t.check(
      retry !== undefined,
      () =>
        `F (holding "t1: a b") refused L's AppendEntries with prevLogIndex ${refused.msg.prevLogIndex}; the refusal reached L at t=${arrived} and L did not try again then: on a refusal, step nextIndex back one and send a new AppendEntries at once, carrying the entries from the new nextIndex on.`,
      run,
      RETRY,
    );
  }
  const first = probes[0]?.msg;
  t.check(
    refusals.some((r) => r.msg.prevLogIndex === 4),
    () =>
      `F lacks c d, so it should refuse with success: false an AppendEntries that names d (prevLogIndex 4, prevLogTerm 2), as the first one of a leader holding a b c d does; ${first ? `L's first AppendEntries to F named prevLogIndex ${first.prevLogIndex}, prevLogTerm ${first.prevLogTerm},` : "L sent F none,"} and F refused no AppendEntries naming index 4`,
    run,
    RETRY,
  );
  expectEndLogs(t, run, RETRY);
});

/** A success that reached the leader, and the index through which it says the follower holds the leader's entries. */
interface Confirmation {
  readonly t: number;
  /** Injected messages are handed over before the tick's deliveries. */
  readonly order: number;
  readonly reply: AppendEntriesReply;
  readonly through: number;
}

/** The successes of `term` from `follower` that reached `leader`, as they arrived: sent ones and injected ones. */
function confirmations(
  run: RunResult,
  scenario: Scenario,
  follower: NodeId,
  leader: NodeId,
  term: number,
): Confirmation[] {
  const of = (t: number, order: number, reply: AppendEntriesReply): Confirmation[] =>
    reply.success && reply.term === term ? [{ t, order, reply, through: reply.prevLogIndex + reply.entryCount }] : [];
  const sent = repliesTo(run, follower, leader).flatMap((r) => {
    const at = receivedAt(run.sent[r.i]);
    return at === undefined ? [] : of(at, 1, r.msg);
  });
  const injected = scenario.schedule.flatMap((a) =>
    "inject" in a &&
    a.from === follower &&
    a.to === leader &&
    a.inject.type === "AppendEntriesReply" &&
    a.at <= run.time
      ? of(a.at, 0, a.inject)
      : [],
  );
  return [...sent, ...injected].sort((a, b) => a.t - b.t || a.order - b.order);
}

/**
 * A leader's matchIndex for a follower must end exactly at the most that follower's successes
 * of the leader's term confirmed: each success raises it to prevLogIndex + entryCount, and one
 * that proves less never lowers it.
 */
function expectMatchIndex(t: Attempt, run: RunResult, scenario: Scenario, followers: readonly NodeId[]): void {
  const { node: leader, term } = lastLeader(scenario);
  const progress = progressOf(run, leader);
  if (!progress)
    return t.fail(
      `${leader} should still be leader of term ${term} at the end and report its progress(), but it does not`,
      run,
      scenario,
    );
  for (const id of followers) {
    const seen = confirmations(run, scenario, id, leader, term);
    const best = seen.reduce<Confirmation | undefined>((b, c) => (b && b.through >= c.through ? b : c), undefined);
    const want = best?.through ?? 0;
    const got = progress[id]?.matchIndex;
    const last = seen.at(-1);
    const confirmed = best
      ? `${id}'s successes of term ${term} that reached ${leader} confirm its entries through index ${want} (the highest: prevLogIndex ${best.reply.prevLogIndex} + entryCount ${best.reply.entryCount}, arrived at t=${best.t})`
      : `none of ${id}'s successes of term ${term} reached ${leader}`;
    const advice =
      last && got === last.through && got < want
        ? `it is ${got}, what the last success to arrive confirms (prevLogIndex ${last.reply.prevLogIndex} + entryCount ${last.reply.entryCount}, at t=${last.t}). matchIndex only rises: keep the larger value when a late or duplicated success proves less than is already known.`
        : got !== undefined && got < want
          ? `it is ${got}: on a successful reply, raise matchIndex to prevLogIndex + entryCount.`
          : `it is ${got}: matchIndex counts what the reply confirms, prevLogIndex + entryCount, not the leader's log length or nextIndex.`;
    t.check(
      got === want,
      () => `${leader}'s matchIndex for ${id} should be ${want} at the end: ${confirmed}; ${advice}`,
      run,
      scenario,
    );
  }
}

graded("ch3.match-index", (t) => {
  const run = runStory(t, MATCH_INDEX, (problem) =>
    /matchIndex for F1/.test(problem)
      ? "L took b at t=1 and c at t=2; F1 crashed at t=3, before c could reach it. matchIndex counts what the reply confirms, prevLogIndex + entryCount, not the leader's log length or nextIndex."
      : null,
  );
  expectMatchIndex(t, run, MATCH_INDEX, ["F1", "F2"]);
  expectMatchIndex(t, runStory(t, LATE_SUCCESS), LATE_SUCCESS, ["F", "G"]);
});

graded("ch3.next-index-floor", (t) => {
  const run = runStory(t, DUPLICATE_REFUSAL, (problem) =>
    /prevLogIndex must be an integer ≥ 0, got -|nextIndex for F is (0|-)/.test(problem)
      ? "L's nextIndex for F went below 1. F's refusal of prevLogIndex 1 arrived a second time (the network duplicated it) after L had already stepped back to nextIndex 1. nextIndex never goes below 1, the index just after the base entry that every log holds; and a refusal of a probe you have already stepped past should not move nextIndex again."
      : null,
  );
  const f = formatLog(run.logs.F);
  t.check(f === "t1: a", () => `F should end with L's log "t1: a" but holds "${showLog(f)}"`, run, DUPLICATE_REFUSAL);
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
  if (!heard)
    return t.fail(
      "F2 is in term 3 and L's AppendEntries says term 2: F2 should refuse it with a reply carrying its own term 3, so that L learns it is outdated; F2 sent no such reply",
      run,
      STEP_DOWN,
    );
  const arrived = receivedAt(run.sent[heard.i]);
  if (arrived === undefined)
    return t.fail(
      `F2 sent its first reply of term 3 at t=${heard.t}, too late to reach L before the run ended at t=${run.time}: a leader sends every peer an AppendEntries as soon as it takes office`,
      run,
      STEP_DOWN,
    );
  const l = finalOf(run, "L");
  t.check(
    l.role === "follower" && l.term === 3,
    () =>
      `L led term 2 and F2 answered with term 3 (the reply reached L at t=${arrived}): a newer term means another leader may exist, so L must adopt term 3 and become a follower. At the end L is ${l.role} in term ${l.term}.`,
    run,
    STEP_DOWN,
  );
  const late = sentOf(run, "AppendEntries", "L", "F1").filter((p) => p.t > arrived);
  t.check(
    late.length === 0,
    () =>
      `after F2's term-3 reply reached L at t=${arrived}, L should send no more AppendEntries, but it sent ${late.length} more to F1`,
    run,
    STEP_DOWN,
  );
  // A write that came before the news was a leader's to take.
  const log = formatLog(run.logs.L);
  t.check(
    log === "t1: a" || arrived >= STEP_DOWN_WRITE_AT,
    () =>
      `a client's write reached L at t=${STEP_DOWN_WRITE_AT}, after it had stepped down: L should refuse it and keep "t1: a" but holds "${log}"`,
    run,
    STEP_DOWN,
  );
  const former = t.run(NEWER_REPLY_AT_FOLLOWER);
  const was = finalOf(former, "L");
  t.check(
    was.term === 3 && was.role === "follower",
    () =>
      `L, a follower of term 2, got a late AppendEntriesReply of term 3 from F. Any message of a newer term, a reply too and whatever the receiver's role, makes a node adopt that term: L should end a follower of term 3; it is a ${was.role} of term ${was.term}.`,
    former,
    NEWER_REPLY_AT_FOLLOWER,
  );
});

graded("ch3.randomized", (t) => {
  explained(() =>
    t.runMany(t.seeds(300), chaos, (run, _seed, scenario) => {
      const last = lastLeader(scenario);
      // A shrunk schedule may make nobody leader: then no log has anyone's to converge to.
      if (last.node === "") return null;
      const leader = finalOf(run, last.node);
      if (leader.role !== "leader" || leader.term !== last.term) {
        return `${last.node} was the last to lead (term ${last.term}) and no node ever had a newer term, so it should still lead at the end; it is ${leader.role} in term ${leader.term}`;
      }
      const want = formatLog(run.logs[last.node]);
      for (const [id, log] of Object.entries(run.logs)) {
        const got = formatLog(log);
        if (got !== want) {
          return `after the network healed and stayed reliable, every log should become the last leader's: ${last.node} (term ${last.term}) holds "${showLog(want)}" but ${id} holds "${showLog(got)}"`;
        }
      }
      return null;
    }),
  );
});

/** The first success F sent in the leader's term: the moment the search for where their logs agree ended. */
function firstAccepted(run: RunResult, term: number) {
  return repliesTo(run, "F", "L").find((r) => r.msg.success && r.msg.term === term);
}

/**
 * Round trips of refusals before F first accepted a probe, on a network that takes a tick each
 * way: a leader that also acts on older refusals sends more probes, but not more round trips.
 */
function refusedRoundTrips(run: RunResult, term: number): number | undefined {
  const first = repliesTo(run, "F", "L")[0];
  const accepted = firstAccepted(run, term);
  return first && accepted ? (accepted.t - first.t) / 2 : undefined;
}

graded("ch3.fast-backup", (t) => {
  const limit = 60;
  const divergent = DIVERGENT.terms * DIVERGENT.perTerm;
  const fastScenario = divergentFollower("fast-backup");
  const { term } = lastLeader(fastScenario);
  const fast = t.run(fastScenario, t.seed, { className: "FastBackupNode", trace: false });
  const oneStepScenario = divergentFollower("fast-backup-one-step");
  const oneStep = t.run(oneStepScenario, t.seed, { className: "BacktrackNode", trace: false });
  const count = (run: RunResult) => refusedRoundTrips(run, term) ?? `more than ${Math.floor(run.time / 2)}`;
  const counts = `FastBackupNode's leader went through ${count(fast)} round trips of refusals before F accepted a probe; your one-step BacktrackNode's, ${count(oneStep)} on the same logs`;
  // Agreement is what backing up is for; how fast the entries follow is the leader's business.
  t.check(
    firstAccepted(fast, term) !== undefined && isPrefix(fast.logs.F, fast.logs.L),
    () =>
      `F, ${divergent} divergent entries behind, still held entries that conflict with FastBackupNode's leader at the end (t=${fast.time}). ${counts}.`,
    fast,
    fastScenario,
  );
  t.check(
    (refusedRoundTrips(fast, term) ?? Infinity) <= limit,
    () =>
      `fast backup should find where F agrees with L in at most ${limit} round trips (one per term of ${DIVERGENT.perTerm} entries); ${counts}.`,
    fast,
    fastScenario,
  );
});

const showProgress = (p: Progress | undefined): string =>
  p ? `nextIndex ${p.nextIndex}, matchIndex ${p.matchIndex}` : "not reported";

graded("ch3.leader-rules", (t) => {
  const early = { ...REELECTED, until: 3 };
  const before = runStory(t, early);
  const p = progressOf(before, "L");
  t.check(
    p?.F1?.nextIndex === 4 && p.F1.matchIndex === 3,
    () =>
      `L leads term 3 holding "t1: a t2: b c". F1 holds the same log and accepted L's first AppendEntries (prevLogIndex 3, no entries); its success reached L at t=2. At t=3 L's progress for F1 should be nextIndex 4, matchIndex 3; it is ${showProgress(p?.F1)}.`,
    before,
    early,
  );
  const lastProbe = sentOf(before, "AppendEntries", "L", "F2").at(-1)?.msg;
  t.check(
    p?.F2?.nextIndex === 3 && p.F2.matchIndex === 0 && lastProbe?.prevLogIndex === 2,
    () =>
      `F2 holds only a, so it refused L's first AppendEntries (prevLogIndex 3); the refusal reached L at t=2. On a refusal a leader decrements nextIndex by one and tries again: at t=3 L's progress for F2 should be nextIndex 3, matchIndex 0, with its last AppendEntries to F2 naming prevLogIndex 2. Its progress is ${showProgress(p?.F2)}, and its last AppendEntries to F2 named ${lastProbe ? `prevLogIndex ${lastProbe.prevLogIndex}` : "nothing"}.`,
    before,
    early,
  );
  const run = runStory(t, REELECTED);
  const l = finalOf(run, "L");
  const after = progressOf(run, "L");
  for (const id of ["F1", "F2"]) {
    t.check(
      l.role === "leader" && l.term === 5 && after?.[id]?.nextIndex === 4 && after[id].matchIndex === 0,
      () =>
        `L led term 3 (F1 confirmed its log through index 3, F2 refused once), stepped down at t=${REELECTED_AT.stepDown} on an AppendEntries of term 4, and was elected again for term 5 at t=${REELECTED_AT.again}, with both followers down. A leader's nextIndex and matchIndex start afresh after every election: nextIndex just past its last entry (4), matchIndex 0, since nothing learned in term 3 says what a follower holds now. ${l.role === "leader" && l.term === 5 ? `At t=${run.time} L's progress for ${id} is ${showProgress(after?.[id])}.` : `At t=${run.time} L is a ${l.role} of term ${l.term}, not the leader of term 5.`}`,
      run,
      REELECTED,
    );
  }
});

const showReply = (reply: AppendEntriesReply | undefined): string =>
  reply ? `success ${String(reply.success)} with term ${reply.term}` : "nothing";

graded("ch3.receiver-rules", (t) => {
  const same = t.run(SAME_COMMAND);
  const got = formatLog(same.logs.F);
  const accepted = repliesTo(same, "F", "L")[0]?.msg;
  t.check(
    got === "t1: a t3: x" && accepted?.success === true,
    () =>
      `F held "t1: a t2: x y" and got L's AppendEntries of term 3 with prevLogIndex 1, prevLogTerm 1 and one entry, x of term 3. F's entry 2 is x too, but of term 2: same index, other term, so it conflicts, and it goes with everything after it. F should answer success and hold "t1: a t3: x"; it answered ${showReply(accepted)} and holds "${showLog(got)}". Compare entries by term, never by command: a command can come back in a later term, at the same index, as another entry.`,
    same,
    SAME_COMMAND,
  );
  const cases = [
    { scenario: OLDER_TERM_AT_FOLLOWER, node: "F", from: "L", role: "follower", log: "t1: a" },
    { scenario: OLDER_TERM_AT_LEADER, node: "L", from: "X", role: "leader", log: "t1: a" },
  ];
  for (const { scenario, node, from, role, log } of cases) {
    const run = t.run(scenario);
    const reply = repliesTo(run, node, from)[0]?.msg;
    const end = finalOf(run, node);
    const kept = formatLog(run.logs[node]);
    t.check(
      reply?.success === false && reply.term === 3 && end.role === role && end.term === 3 && kept === log,
      () =>
        `${node}, a ${role} of term 3 holding "${log}", got ${from}'s AppendEntries of term 2 carrying b. A message of an older term comes from a leader that has been replaced: ${node} should refuse it with its own term 3, so that ${from} learns of term 3, and stay a ${role} of term 3 with its log as it was. It answered ${showReply(reply)}, and ended a ${end.role} of term ${end.term} holding "${showLog(kept)}".`,
      run,
      scenario,
    );
  }
});

const showHint = (reply: AppendEntriesReply | undefined): string =>
  reply
    ? `success ${String(reply.success)}, conflictTerm ${reply.conflictTerm ?? "(none)"}, conflictIndex ${reply.conflictIndex ?? "(none)"}`
    : "nothing";

/** Why Figure 7's leader lands at `expectedJump(hint).next`, in the words of TODO 3.8. */
function jumpReason(hint: Hint | undefined): string {
  if (!hint) return "with no hint it steps back one entry";
  const { next, hinted, held } = expectedJump(hint);
  const why =
    hint.conflictTerm === 0
      ? `term 0 is no real entry's, so it jumps to conflictIndex ${hint.conflictIndex}`
      : held > 0
        ? `its own last entry of term ${hint.conflictTerm} is at index ${held}, so it jumps just past it, to ${hinted}`
        : `it holds no entry of term ${hint.conflictTerm}, so the whole term is X's own and it jumps to conflictIndex ${hint.conflictIndex}`;
  return hinted > next ? `${why}, but never further forward than next - 1 = ${next}` : why;
}

graded("ch3.fast-backup-rules", (t) => {
  for (const c of HINT_CASES) {
    const scenario = refusingFollower(c.name, c.terms, c.prev);
    const run = t.run(scenario, t.seed, { className: "FastBackupNode" });
    const reply = repliesTo(run, "F", "L")[0]?.msg;
    const want = expectedHint(c.terms, c.prev[0]);
    const why =
      want.conflictTerm === 0
        ? `its log ends at index ${c.terms.length}, short of ${c.prev[0]}: conflictTerm 0 and conflictIndex just past its last entry`
        : `it holds term ${want.conflictTerm} at index ${c.prev[0]}, and its first entry of term ${want.conflictTerm} is at index ${want.conflictIndex}`;
    t.check(
      reply?.success === false &&
        reply.conflictTerm === want.conflictTerm &&
        reply.conflictIndex === want.conflictIndex,
      () =>
        `F, holding ${c.name} (entry terms ${c.terms.join(" ") || "none"}), got an AppendEntries of term 8 after (${c.prev[0]}, term ${c.prev[1]}). It should refuse with conflictTerm ${want.conflictTerm} and conflictIndex ${want.conflictIndex}, because ${why}. It answered ${showHint(reply)}.`,
      run,
      scenario,
    );
  }
  for (const hint of JUMP_CASES) {
    const scenario = hintedRefusal(hint);
    const run = t.run(scenario, t.seed, { className: "FastBackupNode" });
    const retry = sentOf(run, "AppendEntries", "L", "X")
      .filter((p) => p.t === 1)
      .at(-1)?.msg;
    const { next } = expectedJump(hint);
    t.check(
      retry?.prevLogIndex === next - 1,
      () =>
        `L leads term 8 holding Figure 7's log (entry terms ${FIG7_TERMS.L.join(" ")}), so its first probe to X named prevLogIndex 10. At t=1 X refused it ${hint ? `with conflictTerm ${hint.conflictTerm}, conflictIndex ${hint.conflictIndex}` : "with no hint"}: ${jumpReason(hint)}. L should probe again at once with nextIndex ${next}, prevLogIndex ${next - 1}; ${retry ? `its last AppendEntries to X at t=1 named prevLogIndex ${retry.prevLogIndex}` : "it sent X no AppendEntries at t=1"}.`,
      run,
      scenario,
    );
  }
});

graded("ch3.search", (t) => {
  t.explore(SEARCH);
});
