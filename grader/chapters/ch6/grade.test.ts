import { decodeCommand, type NodeId } from "../../contract";
import type { Attempt } from "../../harness/attempt";
import { gradedTests } from "../../harness/graded";
import { appliedByIncarnation, withoutCommitRecord } from "../../harness/run-helpers";
import { historyProblem } from "../../harness/histories";
import type { Scenario } from "../../scenarios/types";
import type { RunResult } from "../../sim/cluster";
import { describeOp, type ClientOperation } from "../../sim/clients";
import { CHAPTER } from ".";
import * as S from "./scenarios";

const graded = gradedTests(CHAPTER);

const WITHOUT_COMMIT_RECORD = withoutCommitRecord(CHAPTER.invariants);

/** What a node's latest incarnation applied (a restart starts again at index 1). */
function appliedNow(run: RunResult, node: NodeId): string[] {
  return appliedByIncarnation(run, node).map((a) => a.command);
}

/** The store those commands make, each client's write applied once: what every correct state machine holds. */
function storeOf(commands: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  const seqs = new Map<string, number>();
  for (const command of commands) {
    const c = decodeCommand(command);
    if (!c || (seqs.get(c.client) ?? 0) >= c.seq) continue;
    seqs.set(c.client, c.seq);
    values[c.key] = c.op === "put" ? c.value : (values[c.key] ?? "") + c.value;
  }
  return values;
}

const show = (state: Readonly<Record<string, string>> | undefined): string =>
  state === undefined
    ? "nothing (state() was never read: it applied nothing)"
    : JSON.stringify(Object.fromEntries(Object.entries(state).sort(([a], [b]) => a.localeCompare(b))));

const same = (a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>): boolean =>
  show(a) === show(b);

const opsOf = (run: RunResult, client: string): ClientOperation[] => run.history.filter((h) => h.client === client);

/** Where a client's requests went, in order ("N1 at t=6, N2 at t=27"); empty when it sent none. */
const whereSent = (run: RunResult, client: string): string =>
  run.requests
    .filter((r) => r.client === client)
    .map((r) => `${r.to} at t=${r.t}`)
    .join(", ");

/** The value a node's answer gave, quoted (an empty one for a refusal). */
const answerValue = (r: RunResult["replies"][number]): string => JSON.stringify(r.ok ? (r.value ?? "") : "");

function describe(h: ClientOperation): string {
  const op = describeOp(h.op);
  if (h.ret === undefined) return `${h.client}'s ${op}, invoked at t=${h.call}, never completed`;
  return `${h.client}'s ${op}, invoked at t=${h.call}, completed at t=${h.ret}${h.op.op === "get" ? ` with "${h.value}"` : ""}`;
}

/** Each live node's state machine is what its applied commands make, exactly once each. */
function expectStates(t: Attempt, run: RunResult, scenario: Scenario): void {
  for (const n of run.final.filter((f) => f.up)) {
    const want = storeOf(appliedNow(run, n.id));
    const got = run.states[n.id];
    if (Object.keys(want).length === 0 && got === undefined) continue;
    t.check(
      same(got, want),
      () =>
        `${n.id}'s state() is ${show(got)}, but the commands it applied make ${show(want)} when each client's write is applied once, in log order`,
      run,
      scenario,
    );
  }
}

function expectLinearizable(t: Attempt, run: RunResult, scenario: Scenario): void {
  const problem = historyProblem(run);
  t.check(problem === null, () => problem ?? "", run, scenario);
}

graded("ch6.dedupe-rule", (t) => {
  const run = t.run(S.DEDUPE_RULE, t.seed, { invariants: WITHOUT_COMMIT_RECORD });
  const got = run.states.F;
  t.check(
    same(got, { k: "abc" }),
    () =>
      `F applied, in order: put k=a (c1, seq 1), append b (c1, seq 2), the same append again (c1, seq 2: a retry), append c (c2, seq 1), and put k=a again (c1, seq 1: older than c1's last). Applying each client's write once, and never one older than its last, leaves k = "abc"; F's state() is ${show(got)}.`,
    run,
    S.DEDUPE_RULE,
  );
});

graded("ch6.004-kv-on-log", (t) => {
  const run = t.run(S.KV_ON_LOG);
  const unfinished = run.history.filter((h) => h.ret === undefined);
  t.check(
    unfinished.length === 0,
    () =>
      `on a reliable network with a steady leader, every operation should complete by t=${run.time}: ${unfinished.map(describe).join("; ")}`,
    run,
    S.KV_ON_LOG,
  );
  expectStates(t, run, S.KV_ON_LOG);
  const states = ["N1", "N2", "N3"].map((id) => ({ id, state: run.states[id] }));
  for (const s of states) {
    t.check(
      same(s.state, run.states.N1 ?? {}) && s.state !== undefined,
      () =>
        `every replica applies the same log, so their state machines end the same; N1 holds ${show(run.states.N1)} and ${s.id} holds ${show(s.state)}`,
      run,
      S.KV_ON_LOG,
    );
  }
  expectLinearizable(t, run, S.KV_ON_LOG);
});

graded("ch6.client-retries", (t) => {
  const run = t.run(S.CLIENT_RETRY);
  const sent = run.requests.filter((r) => r.client === "c1");
  const path = whereSent(run, "c1") || "nobody";
  const ops = opsOf(run, "c1");
  t.check(
    ops.length === 2 && ops.every((h) => h.ret !== undefined),
    () =>
      `N1 is down and N5 leads; c1's put and get should complete once c1 gives up on N1 and tries elsewhere: ${ops.map(describe).join("; ") || "nothing was invoked"}. c1 sent its requests to ${path}.`,
    run,
    S.CLIENT_RETRY,
  );
  t.check(
    sent[0]?.to === "N1" && sent.some((r) => r.to !== "N1"),
    () =>
      `c1 first tries env.nodes[0], N1, which is down: no answer comes, so after its timeout it should try another node. It sent its requests to ${path}.`,
    run,
    S.CLIENT_RETRY,
  );
  followsHints(t, run, S.CLIENT_RETRY);
  const back = t.run(S.HINT_TO_FIRST);
  const hinted = back.replies.some((r) => !r.ok && r.leaderHint === "N1" && r.id.startsWith("c1/"));
  t.check(
    hinted && opsOf(back, "c1").every((h) => h.ret !== undefined),
    () =>
      `N2 led term 1 and N1 took over in term 5 at t=10; c1's get, sent where its put had succeeded, should be refused with hint N1 and then complete at N1. c1's requests: ${whereSent(back, "c1")}; ${opsOf(back, "c1").map(describe).join("; ")}.`,
    back,
    S.HINT_TO_FIRST,
  );
  followsHints(t, back, S.HINT_TO_FIRST);
});

/** After each refusal that names a leader, c1's next request goes to that leader. */
function followsHints(t: Attempt, run: RunResult, scenario: Scenario): void {
  const sent = run.requests.filter((r) => r.client === "c1");
  const path = whereSent(run, "c1") || "nobody";
  for (const r of run.replies) {
    if (r.ok || r.leaderHint === undefined || !r.id.startsWith("c1/")) continue;
    const next = sent.find((s) => s.t > r.t);
    t.check(
      next === undefined || next.to === r.leaderHint,
      () =>
        `${r.node} refused c1's request at t=${r.t} with leaderHint ${r.leaderHint}; c1's next request should go there, and went to ${next?.to} at t=${next?.t}. c1 sent its requests to ${path}.`,
      run,
      scenario,
    );
  }
}

/** A quick election, and a get that reaches the leader it replaced: only a round sent after the get can tell. */
function quickElectionRead(t: Attempt): void {
  const run = t.run(S.QUICK_ELECTION);
  const { cut, elected } = S.QUICK_ELECTION_AT;
  const answered = run.replies.filter((r) => r.ok && r.node === "N1" && r.id.startsWith("c3/"));
  const wrote = opsOf(run, "c2").find((h) => h.op.op === "put");
  const reached = run.requests.find((r) => r.client === "c3" && r.to === "N1");
  t.check(
    answered.length === 0,
    () =>
      `N1 led term 2 and was cut off alone from t=${cut} to the end; N3 led term 5 from t=${elected}, and ${wrote ? describe(wrote) : "c2's put of v2 was never invoked"}. c3 sent N1 a get at t=${reached?.t ?? "?"}, and N1 answered ${answered.map((r) => `${answerValue(r)} at t=${r.t}`).join(", ")}. Alone, N1 could have no heartbeat round acknowledged after the get arrived. Having heard from a majority a few ticks earlier proves nothing: the others elect a new leader as soon as an election timer runs out, 10 ticks after a heartbeat at the shortest.`,
    run,
    S.QUICK_ELECTION,
  );
  expectLinearizable(t, run, S.QUICK_ELECTION);
}

graded("ch6.004-stale-read", (t) => {
  const run = t.run(S.STALE_READ);
  const [put1] = opsOf(run, "c1");
  const [put2] = opsOf(run, "c2");
  t.check(
    put1?.ret !== undefined && put2?.ret !== undefined,
    () =>
      `both puts should complete: ${[put1, put2].map((h) => (h ? describe(h) : "one was never invoked")).join("; ")}. The three nodes cut off from N1 are a majority: they elect a leader, which takes c2's put.`,
    run,
    S.STALE_READ,
  );
  t.check(
    put2?.ret !== undefined && put2.ret < 130,
    () =>
      `c2's put of v2, invoked at t=60, should complete through the new leader before c3's get at t=130: ${put2 ? describe(put2) : "it was never invoked"}. c2 sent its requests to ${whereSent(run, "c2")}. N2 still names N1 as its leader: a client that follows that hint back to N1, which let it time out, goes round in a circle.`,
    run,
    S.STALE_READ,
  );
  const stale = run.replies.filter((r) => r.ok && r.node === "N1" && r.id.startsWith("c3/") && r.t < 160);
  t.check(
    stale.length === 0,
    () =>
      `N1 was cut off with N2 from t=20 to t=160, and a new leader took k = v2 meanwhile; c3's get reached N1, which answered ${stale.map(answerValue).join(", ")} at t=${stale.map((r) => r.t).join(", ")}. A leader must confirm it still leads (a majority acknowledging a heartbeat round sent after the get arrived) before it answers a read.`,
    run,
    S.STALE_READ,
  );
  const [read] = opsOf(run, "c3");
  t.check(
    read?.ret !== undefined && read.value === "v2",
    () =>
      `c3's get of k should end with the value v2, the latest written: ${read ? describe(read) : "it was never invoked"}`,
    run,
    S.STALE_READ,
  );
  expectLinearizable(t, run, S.STALE_READ);
  quickElectionRead(t);
});

graded("ch6.etcd-new-leader-read", (t) => {
  const run = t.run(S.NEW_LEADER_READ);
  const [read] = opsOf(run, "c1");
  t.check(
    read?.ret !== undefined && read.value === "v5",
    () =>
      `N5 committed k = v1 … v5 in term 1 before it crashed; N1 leads term 2 from t=0 and the get reaches it at t=1. It should answer "v5", once an entry of its own term has committed and it has applied up to the commitIndex it then had; ${read ? describe(read) : "the get was never invoked"}. ${read?.value === "" || (read?.value ?? "").match(/^v[1-4]$/) ? "Answering before its no-op committed, or before applying up to readIndex, gives an older value." : ""}`,
    run,
    S.NEW_LEADER_READ,
  );
  expectStates(t, run, S.NEW_LEADER_READ);
  expectLinearizable(t, run, S.NEW_LEADER_READ);
});

graded("ch6.node-rules", (t) => {
  const hints = t.run(S.LEADER_HINTS);
  for (const [client, at, after] of [
    ["c1", 5, ""],
    [
      "c2",
      11,
      " N2 was cut off from t=8, and a stale AppendEntries of term 1 from N3 reached N1 at t=10: it names no leader of N1's term.",
    ],
  ] as const) {
    const refusal = hints.replies.find((r) => r.node === "N1" && r.id.startsWith(`${client}/`));
    t.check(
      refusal !== undefined && !refusal.ok && refusal.leaderHint === "N2",
      () =>
        `N2 leads term 2 and N1 follows it (N2's AppendEntries reached N1 from t=1). ${client}'s put reached N1 at t=${at + 1}: N1 should refuse it naming N2 (leaderHint "N2"), and it answered ${refusal ? JSON.stringify(refusal.ok ? { ok: true } : { ok: false, reason: refusal.reason, leaderHint: refusal.leaderHint }) : "nothing"}.${after}`,
      hints,
      S.LEADER_HINTS,
    );
  }
  for (const [scenario, story] of [
    [
      S.READ_AFTER_NOOP,
      "N1 leads term 1 and its no-op committed only at t=7, when the first acknowledgements arrived; c1's get reached it at t=2. Once the no-op commits, N1 should admit the held get (readIndex = commitIndex, a new round) and answer it, without waiting for the client to retry",
    ],
    [
      S.READ_BARE_MAJORITY,
      "N3 is down; N1 leads term 1 and N2 follows, a majority of three. c1's get reached N1 at t=2: N1 and N2 acknowledging a round is enough to answer it",
    ],
  ] as const) {
    const run = t.run(scenario);
    const sent = run.requests.filter((r) => r.client === "c1");
    const [read] = opsOf(run, "c1");
    t.check(
      sent.length === 1 && read?.ret !== undefined,
      () =>
        `${story}. By t=${run.time}, c1 had sent ${whereSent(run, "c1") || "nothing"}, and its get ${read ? describe(read) : "was never invoked"}.`,
      run,
      scenario,
    );
  }
  const half = t.run(S.READ_HALF_OF_FOUR);
  const answered = half.replies.filter((r) => r.ok && r.id.startsWith("c1/"));
  t.check(
    answered.length === 0,
    () =>
      `N1 leads term 1 of four nodes; N3 and N4 crashed at t=5, and c1 sent its get to ${whereSent(half, "c1")}. N1 and N2 are two of four, half the cluster and not a majority: no round can be confirmed, and the get should go unanswered. ${answered.map((r) => `${r.node} answered ${answerValue(r)} at t=${r.t}`).join(", ")}. A majority is more than half: acknowledgements * 2 > cluster size, yourself counted.`,
    half,
    S.READ_HALF_OF_FOUR,
  );
});

graded("ch6.step-down-read", (t) => {
  const run = t.run(S.STEP_DOWN_READ);
  const sent = run.requests.filter((r) => r.client === "c1");
  const answers = run.replies.filter((r) => r.node === "N1" && r.id.startsWith("c1/"));
  t.check(
    sent[0]?.to === "N1" && answers.some((r) => !r.ok && r.t === 10),
    () =>
      `N1 led term 1, alone from t=5; c1's get reached it at t=${sent[0]?.t ?? "?"} (sent to ${sent[0]?.to ?? "nobody"}), and N1 could not confirm it. At t=10 N2's RequestVote of term 2 made N1 a follower: it should have refused the get then, and it answered ${answers.map((r) => `${r.ok ? "ok" : `not ok (${r.reason})`} at t=${r.t}`).join(", ") || "nothing"}. A node that steps down can no longer confirm the reads it holds; refusing them at once sends the client elsewhere without waiting for its timeout.`,
    run,
    S.STEP_DOWN_READ,
  );
});

graded("ch6.etcd-stale-acks", (t) => {
  const run = t.run(S.STALE_ACKS);
  const early = run.replies.filter((r) => r.ok && r.node === "N1" && r.id.startsWith("c3/") && r.t < 170);
  t.check(
    early.length === 0,
    () =>
      `N1 was alone from t=12 to t=170; c3's get reached it at t=101, and from t=104 late copies of acknowledgements N2, N3 and N4 sent before t=12 arrived, some twice. N1 answered the get at t=${early.map((r) => r.t).join(", ")}: those acknowledgements are of N1's term but of rounds sent before the get arrived, so they confirm nothing. Count only acknowledgements that echo the read's round or a later one.`,
    run,
    S.STALE_ACKS,
  );
  const [read] = opsOf(run, "c3");
  t.check(
    read?.ret !== undefined && read.value === "v2",
    () =>
      `c3's get should end with v2, written through the new leader: ${read ? describe(read) : "it was never invoked"}`,
    run,
    S.STALE_ACKS,
  );
  expectLinearizable(t, run, S.STALE_ACKS);
  const pending = t.run(S.STALE_ACKS_PENDING);
  const joined = pending.replies.filter((r) => r.ok && r.node === "N1" && r.id.startsWith("c3/") && r.t < 170);
  const sentAt = (client: string) => pending.requests.find((r) => r.client === client && r.to === "N1")?.t ?? "?";
  t.check(
    joined.length === 0,
    () =>
      `N1 was alone from t=12 to t=170. c4 sent it a get at t=${sentAt("c4")}, and the acknowledgements of the round N1 sent for it were held back. c3 sent N1 a get at t=${sentAt("c3")} while c4's was still waiting, and from t=104 those late acknowledgements arrived. N1 answered c3's get at t=${joined.map((r) => r.t).join(", ")}: they were sent before c3's get arrived, so they confirm nothing about it. A read that arrives later needs a round of its own, sent after it arrived.`,
    pending,
    S.STALE_ACKS_PENDING,
  );
  expectLinearizable(t, pending, S.STALE_ACKS_PENDING);
  const restarted = t.run(S.RESTART_STALE_ACKS);
  const [write] = opsOf(restarted, "c2");
  t.check(
    write?.ret !== undefined && write.ret < 100,
    () =>
      `N1 was cut off alone from t=16; N2 and N3 should have elected a leader and completed c2's put of v2 (invoked at t=40) before t=100: ${write ? describe(write) : "it was never invoked"}.`,
    restarted,
    S.RESTART_STALE_ACKS,
  );
  const answered = restarted.replies.filter((r) => r.ok && r.node === "N1" && r.id.startsWith("c3/"));
  t.check(
    answered.length === 0,
    () =>
      `N1 led term 1 and N2 acknowledged its round 1; N1 restarted (its rounds began again from 0), led term 3 with N3 and was cut off alone from t=16. c3's get reached it at t=101, and at t=102 a late copy of N2's acknowledgement of term 1, round 1 arrived. N1 answered the get at t=${answered.map((r) => r.t).join(", ")}: an acknowledgement of another term confirms nothing, whatever round it echoes.`,
    restarted,
    S.RESTART_STALE_ACKS,
  );
  expectLinearizable(t, restarted, S.RESTART_STALE_ACKS);
});

graded("ch6.004-exactly-once", (t) => {
  const run = t.run(S.EXACTLY_ONCE);
  const [, app, read] = opsOf(run, "c1");
  t.check(
    read?.ret !== undefined && read.value === "ax",
    () =>
      `c1 put k = a, then appended x; N1 stored the append on every follower and crashed at t=9 before it could count them, so c1 retried elsewhere with the same sequence number. The next leader commits both copies: the state machine must apply the append once, and c1's get should read "ax". ${read ? describe(read) : "The get was never invoked"}${app ? `; ${describe(app)}` : ""}.`,
    run,
    S.EXACTLY_ONCE,
  );
  expectStates(t, run, S.EXACTLY_ONCE);
});

graded("ch6.004-linearizable", (t) => {
  t.runMany(t.seeds(300), S.linChaos, (run) => {
    const problem = historyProblem(run);
    if (problem !== null) return problem;
    const done = run.history.filter((h) => h.ret !== undefined && h.call >= S.LIN_CALM);
    const last = run.history.filter((h) => h.call >= S.LIN_CALM);
    if (last.length > 0 && done.length === 0) {
      return `every node was up on a reliable network from t=${S.LIN_CALM}, yet none of the ${last.length} operations invoked after it completed by t=${run.time}: ${last.slice(0, 3).map(describe).join("; ")}`;
    }
    return null;
  });
});
