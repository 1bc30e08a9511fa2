import type { AppendEntries } from "../../contract";
import type { Attempt } from "../../harness/attempt";
import { formatLog } from "../../scenarios/notation";
import type { Scenario } from "../../scenarios/types";
import { gradedTests } from "../../harness/graded";
import { isPrefix, repliesTo, showLog } from "../../harness/run-helpers";
import { FIG1 } from "../ch1/scenarios";
import { CHAPTER } from ".";
import { append } from "../../scenarios/inject";
import { chaos, FIG2_MATCH, FIG2_MISMATCH, LEADER_PREV, probe, SEARCH } from "./scenarios";

const graded = gradedTests(CHAPTER);

function describe(msg: AppendEntries): string {
  return `AppendEntries(prevLogIndex ${msg.prevLogIndex}, prevLogTerm ${msg.prevLogTerm}, ${msg.entries.length} entr${msg.entries.length === 1 ? "y" : "ies"})`;
}

/** Injects one AppendEntries into F and checks its single reply and its log afterwards. */
function expectProbe(t: Attempt, scenario: Scenario, want: { success: boolean; log: string }, why: string): void {
  const run = t.run(scenario);
  const msg = (scenario.schedule[0] as { inject: AppendEntries }).inject;
  const replies = repliesTo(run, "F", "L").map((r) => r.msg);
  const before = showLog(scenario.logs?.F ?? "");
  t.check(
    replies.length === 1,
    () =>
      `F holds "${before}" and received ${describe(msg)}; it should send exactly one AppendEntriesReply back, but sent ${replies.length}`,
    run,
    scenario,
  );
  const r = replies[0];
  t.check(
    r.success === want.success,
    () =>
      `F holds "${before}" and received ${describe(msg)}; it should reply success: ${want.success} but replied success: ${r.success}. ${why}`,
    run,
    scenario,
  );
  t.check(
    r.prevLogIndex === msg.prevLogIndex && r.entryCount === msg.entries.length,
    () =>
      `the reply should echo prevLogIndex ${msg.prevLogIndex} and entryCount ${msg.entries.length} of the request; it said prevLogIndex ${r.prevLogIndex}, entryCount ${r.entryCount}`,
    run,
    scenario,
  );
  const got = formatLog(run.logs.F);
  t.check(
    got === want.log,
    () => `after that, F should hold "${showLog(want.log)}" but holds "${showLog(got)}". ${why}`,
    run,
    scenario,
  );
}

graded("ch2.leader-prevlog", (t) => {
  const run = t.run(LEADER_PREV);
  const want: Record<string, [number, number]> = { c: [2, 1], d: [3, 2] };
  for (const s of run.sent) {
    if (s.from !== "L" || s.msg.type !== "AppendEntries" || s.msg.entries.length === 0) continue;
    const msg = s.msg;
    const [prevLogIndex, prevLogTerm] = want[msg.entries[0].command] ?? [-1, -1];
    t.check(
      msg.prevLogIndex === prevLogIndex && msg.prevLogTerm === prevLogTerm,
      () =>
        `L holds "t1: a b" and leads term 2. Its AppendEntries carrying "${msg.entries[0].command}" should say prevLogIndex ${prevLogIndex}, prevLogTerm ${prevLogTerm} (the entry just before it) but says prevLogIndex ${msg.prevLogIndex}, prevLogTerm ${msg.prevLogTerm}`,
      run,
      LEADER_PREV,
    );
  }
  for (const id of ["F1", "F2"]) {
    const got = formatLog(run.logs[id]);
    t.check(
      got === "t1: a b t2: c d",
      () => `${id} should end with the leader's log "t1: a b t2: c d" but holds "${got}"`,
      run,
      LEADER_PREV,
    );
  }
});

graded("ch2.accepts-match", (t) => {
  expectProbe(
    t,
    FIG2_MATCH,
    { success: true, log: "t1: a b t2: c" },
    "F's entry 2 has term 1, as prevLogTerm says, so the check passes.",
  );
  const longer = probe(
    "match-before-last",
    "prevLogIndex names an entry before F's last",
    "t1: a b c",
    append(2, 2, 1, [{ term: 2, command: "d" }]),
  );
  expectProbe(
    t,
    longer,
    { success: true, log: "t1: a b t2: d" },
    "F's entry 2 has term 1, as prevLogTerm says, so the check passes, although F's log goes on past it: prevLogIndex need not be your last index. F keeps its log through index 2 and d goes after it, where c was: c is not the leader's.",
  );
});

graded("ch2.refuses-term-mismatch", (t) => {
  expectProbe(
    t,
    FIG2_MISMATCH,
    { success: false, log: "t1: a b" },
    "F's entry 2 has term 1, not 2: compare prevLogTerm with the term of your entry at prevLogIndex, not just whether that index exists.",
  );
  const newer = probe(
    "newer-term-at-prev",
    "F's entry at prevLogIndex has a newer term than prevLogTerm",
    "t1: a t2: x",
    append(3, 2, 1, [{ term: 3, command: "c" }]),
  );
  expectProbe(
    t,
    newer,
    { success: false, log: "t1: a t2: x" },
    "F's entry 2 has term 2, not 1. A newer term is no closer a match than an older one: the terms must be equal.",
  );
});

graded("ch2.refuses-past-end", (t) => {
  const scenario = probe(
    "past-end",
    "prevLogIndex beyond the end of F's log",
    "t1: a",
    append(1, 3, 1, [{ term: 1, command: "d" }]),
  );
  expectProbe(
    t,
    scenario,
    { success: false, log: "t1: a" },
    "F has no entry at index 3: an index past the end of the log is a mismatch.",
  );
});

graded("ch2.heartbeat-check", (t) => {
  const refused = probe(
    "heartbeat-mismatch",
    "an empty AppendEntries whose prevLog does not match",
    "t1: a b",
    append(2, 2, 2, []),
  );
  expectProbe(
    t,
    refused,
    { success: false, log: "t1: a b" },
    "A heartbeat carries no entries but gets the same check: F's entry 2 is of term 1, not 2.",
  );
  const accepted = probe(
    "heartbeat-match",
    "an empty AppendEntries whose prevLog matches",
    "t1: a b",
    append(1, 2, 1, []),
  );
  expectProbe(
    t,
    accepted,
    { success: true, log: "t1: a b" },
    "A heartbeat whose prevLog matches is answered with success and changes nothing.",
  );
});

graded("ch2.base-entry", (t) => {
  const scenario = probe(
    "000-base-entry",
    "Article 000: a brand-new follower agrees with the leader on the base entry",
    "",
    append(1, 0, 0, [
      { term: 1, command: "a" },
      { term: 1, command: "b" },
    ]),
    "000-base-entry",
  );
  expectProbe(
    t,
    scenario,
    { success: true, log: "t1: a b" },
    "Index 0 holds the base entry of term 0 in every log, so prevLogIndex 0 with prevLogTerm 0 always matches.",
  );
});

graded("ch2.002-fig1-refused", (t) => {
  const run = t.run(FIG1);
  const forY = repliesTo(run, "F2", "L").find((r) => r.msg.prevLogIndex === 1)?.msg;
  t.check(
    forY !== undefined && !forY.success,
    () =>
      `y reached F2 before x, naming prevLogIndex 1 which F2 did not have yet; F2 should refuse it (success: false) but ${forY ? "accepted it" : "sent no reply to it"}`,
    run,
    FIG1,
  );
  const want: Record<string, string> = { L: "t1: x y", F1: "t1: x y", F2: "t1: x" };
  for (const [id, log] of Object.entries(want)) {
    const got = formatLog(run.logs[id]);
    t.check(
      got === log,
      () =>
        `${id} should end with "${log}" but holds "${got}"${id === "F2" ? ": F2 refused y and takes x when it arrives (prevLogIndex 0 matches the base entry)" : ""}`,
      run,
      FIG1,
    );
  }
});

graded("ch2.002-log-matching", (t) => {
  t.runMany(t.seeds(200), chaos, (run) => {
    const leader = run.logs.L;
    for (const [id, log] of Object.entries(run.logs)) {
      if (!isPrefix(log, leader))
        return `with one leader, every follower's log must be a prefix of the leader's; at the end ${id} holds "${formatLog(log)}" and L holds "${formatLog(leader)}"`;
    }
    return null;
  });
});

graded("ch2.search", (t) => {
  t.explore(SEARCH);
});
