import type { NodeId, RequestVote } from "../../contract";
import type { Attempt } from "../../harness/attempt";
import { explainBrokenRun } from "../../harness/explain";
import { gradedTests } from "../../harness/graded";
import { finalOf, sentOf, wasReceived } from "../../harness/run-helpers";
import { parseLog } from "../../scenarios/notation";
import type { Scenario } from "../../scenarios/types";
import type { RunResult, SentRecord } from "../../sim/cluster";
import { CHAPTER } from ".";
import * as S from "./scenarios";

const graded = gradedTests(CHAPTER);

interface Ask {
  readonly t: number;
  readonly candidate: NodeId;
  readonly voter: NodeId;
  readonly msg: RequestVote;
}

interface Grant {
  readonly t: number;
  readonly voter: NodeId;
  readonly candidate: NodeId;
  readonly term: number;
}

/** Every RequestVote a voter was handed: those nodes sent and those the scenario injects. */
function asksOf(run: RunResult, scenario: Scenario): Ask[] {
  const out: Ask[] = [];
  for (const a of scenario.schedule) {
    if ("inject" in a && a.inject.type === "RequestVote" && a.at <= run.time)
      out.push({ t: a.at, candidate: a.from, voter: a.to, msg: a.inject });
  }
  for (const s of run.sent)
    if (s.msg.type === "RequestVote") out.push({ t: s.t, candidate: s.from, voter: s.to, msg: s.msg });
  return out;
}

/** Votes as the network saw them granted. */
function grantsOf(run: RunResult): Grant[] {
  return run.sent.flatMap((s) =>
    s.msg.type === "RequestVoteReply" && s.msg.voteGranted
      ? [{ t: s.t, voter: s.from, candidate: s.to, term: s.msg.term }]
      : [],
  );
}

const askFor = (asks: readonly Ask[], g: Grant): Ask | undefined =>
  asks.find((a) => a.candidate === g.candidate && a.voter === g.voter && a.msg.term === g.term && a.t <= g.t);

/**
 * Two rules every run must keep, whatever its story: a vote is granted in the term it was
 * asked for, and nobody leads a term without a majority of that term's votes. The one-vote-
 * per-term invariant watches the rest.
 */
function voteProblem(run: RunResult, scenario: Scenario): string | null {
  const asks = asksOf(run, scenario);
  const grants = grantsOf(run);
  for (const g of grants) {
    if (askFor(asks, g)) continue;
    const terms = [
      ...new Set(
        asks.filter((a) => a.candidate === g.candidate && a.voter === g.voter && a.t <= g.t).map((a) => a.msg.term),
      ),
    ];
    const asked =
      terms.length > 0
        ? `${g.candidate} had asked it for its vote of term ${terms.join(" and ")}`
        : `${g.candidate} had not asked it for a vote`;
    return (
      `${g.voter} granted its vote to ${g.candidate} in a reply of term ${g.term} (t=${g.t}), but ${asked}: a vote belongs to the term it is asked for. ` +
      "Adopt a newer term first — a message with a higher term sets your currentTerm, clears votedFor and makes you a follower before you handle it — " +
      "then grant only a RequestVote of your current term, and reply with that term."
    );
  }
  const n = scenario.nodes.length;
  for (const l of run.leaders) {
    const voters = new Set([l.node]);
    for (const g of grants) if (g.candidate === l.node && g.term === l.term && g.t <= l.t) voters.add(g.voter);
    if (voters.size * 2 <= n) {
      return (
        `${l.node} became leader of term ${l.term} at t=${l.t}, yet by then only ${voters.size} of the ${n} nodes (${[...voters].join(", ")}) had granted it a vote of term ${l.term}; ` +
        `a majority is ${Math.floor(n / 2) + 1}. Count only replies with voteGranted: true whose term is your current term, each voter once: a vote from an older term, or the same vote counted twice, does not count.`
      );
    }
  }
  return null;
}

/** Says why no leader came out of [from, to], from the RequestVotes and votes sent in that window. */
function noLeader(run: RunResult, head: string, from: number, to: number): string {
  const byTerm = new Map<number, Map<NodeId, number>>();
  let granted = 0;
  for (const s of run.sent) {
    if (s.t < from || s.t > to) continue;
    if (s.msg.type === "RequestVoteReply" && s.msg.voteGranted) granted++;
    if (s.msg.type !== "RequestVote") continue;
    const stood = byTerm.get(s.msg.term) ?? new Map<NodeId, number>();
    if (!stood.has(s.from)) stood.set(s.from, s.t);
    byTerm.set(s.msg.term, stood);
  }
  if (byTerm.size === 0) {
    return `${head}: no node stood for election (none sent a RequestVote). A follower whose election timer runs out becomes a candidate of a new term and asks every peer for its vote.`;
  }
  const candidacies = [...byTerm].sort(([a], [b]) => a - b);
  const terms = candidacies.map(([term]) => term);
  const split = candidacies.filter(([, stood]) => stood.size > 1);
  const together = split.filter(([, stood]) => new Set(stood.values()).size < stood.size);
  const splitting = split.length >= 2 && split.length * 2 >= terms.length;
  const random = () => {
    const [last, stood] = split[split.length - 1];
    const who = [...stood].map(([id, t]) => `${id} at t=${t}`).join(", ");
    const when =
      together.length === split.length
        ? ", each time at the very same tick"
        : together.length > 0
          ? ", often at the very same tick"
          : "";
    return (
      `${head}: candidates kept splitting the vote — in ${split.length} of the ${terms.length} terms in which nodes stood, more than one stood${when} (term ${last}: ${who}). ` +
      "Election timeouts must be random — drawn afresh with env.random() from ELECTION_TIMEOUT whenever the timer is reset — so that one node usually times out well before the others and wins."
    );
  };
  if (splitting && together.length * 2 >= split.length) return random();
  if (granted === 0) {
    return (
      `${head}: nodes stood for election in terms ${terms[0]}–${terms[terms.length - 1]}, but no node granted a single vote. ` +
      "A node that receives a RequestVote of a newer term adopts that term first, which clears its vote of the older term, and then grants the vote if the candidate's log is at least as up to date as its own."
    );
  }
  if (splitting) return random();
  return (
    `${head}: nodes stood for election in terms ${terms[0]}–${terms[terms.length - 1]} but none gathered the votes of a majority. ` +
    "Check that a node grants its vote to an up-to-date candidate of its current term (onRequestVote), and that a candidate counts the grants of its term and becomes leader on a majority, itself included (onRequestVoteReply)."
  );
}

/** The RequestVotes of a run in which no log changes: right term, id and last entry, sent to every peer. */
function requestVoteProblem(run: RunResult, scenario: Scenario): string | null {
  const initial = (id: NodeId) => ({
    term: scenario.terms?.[id] ?? parseLog(scenario.logs?.[id] ?? "").at(-1)?.term ?? 0,
    log: parseLog(scenario.logs?.[id] ?? ""),
  });
  const recipients = new Map<string, Set<NodeId>>();
  for (const s of run.sent) {
    if (s.msg.type !== "RequestVote") continue;
    const msg = s.msg;
    const { term, log } = initial(s.from);
    const lastTerm = log.at(-1)?.term ?? 0;
    if (msg.candidateId !== s.from)
      return `${s.from}'s RequestVote of term ${msg.term} names candidateId "${msg.candidateId}": it should name the candidate itself, "${s.from}".`;
    if (msg.lastLogIndex !== log.length || msg.lastLogTerm !== lastTerm) {
      return (
        `${s.from}'s RequestVote of term ${msg.term} says lastLogIndex ${msg.lastLogIndex}, lastLogTerm ${msg.lastLogTerm}, but ${s.from}'s log ends with entry ${log.length} of term ${lastTerm}: ` +
        "a RequestVote carries the index and the term of the candidate's last log entry (this.log.lastIndex(), this.log.lastTerm()), not its currentTerm."
      );
    }
    if (msg.term <= term)
      return `${s.from} stood for election with a RequestVote of term ${msg.term}, but its term was already ${term}: a candidate first increments its currentTerm and asks for votes in the new term.`;
    const key = `${s.from}@${msg.term}`;
    recipients.set(key, (recipients.get(key) ?? new Set()).add(s.to));
  }
  for (const [key, to] of recipients) {
    const [from, term] = key.split("@");
    const missing = scenario.nodes.filter((id) => id !== from && !to.has(id));
    if (missing.length > 0)
      return `${from} stood for election in term ${term} but sent no RequestVote to ${missing.join(", ")}: a candidate asks every peer (this.peers) for its vote.`;
  }
  return null;
}

/**
 * The election restriction, for runs that end with their first election (no log changes): a
 * vote may go only to a candidate whose log is at least as up to date as the voter's.
 */
function restrictionProblem(run: RunResult, scenario: Scenario, why: (candidate: NodeId) => string): string | null {
  const asks = asksOf(run, scenario);
  for (const g of grantsOf(run)) {
    const ask = askFor(asks, g);
    if (!ask) continue;
    const own = parseLog(scenario.logs?.[g.voter] ?? "");
    const mine = { index: own.length, term: own.at(-1)?.term ?? 0 };
    const { lastLogIndex, lastLogTerm } = ask.msg;
    if (lastLogTerm > mine.term || (lastLogTerm === mine.term && lastLogIndex >= mine.index)) continue;
    const logs = `${g.candidate}'s log ends with entry ${lastLogIndex} of term ${lastLogTerm}, ${g.voter}'s with entry ${mine.index} of term ${mine.term}`;
    const head = `${g.voter} granted its vote in term ${g.term} to ${g.candidate} (t=${g.t}), whose log is`;
    if (lastLogIndex > mine.index) {
      return (
        `${head} longer but less up to date than ${g.voter}'s: ${logs}. ${why(g.candidate)} ` +
        "A longer log is not the more up-to-date one when its last entry is of an older term: compare the terms of the last entries first, and the lengths only when those terms are equal."
      );
    }
    return (
      `${head} less up to date than ${g.voter}'s: ${logs}. ${why(g.candidate)} ` +
      "Grant a vote only if the candidate's last term is later than yours, or the same with a log at least as long — and check that your comparison is not the wrong way round: it asks whether the candidate's log is at least as up to date as yours."
    );
  }
  return null;
}

/** The first message the run shows `to` received that `which` picks, if any. */
function firstReceived(
  run: RunResult,
  scenario: Scenario,
  to: NodeId,
  which: (s: SentRecord) => boolean,
): SentRecord | undefined {
  return run.sent.find((s) => s.to === to && which(s) && wasReceived(s));
}

const said = (s: SentRecord): string => `${s.from}'s ${s.msg.type} of term ${s.msg.term}, sent at t=${s.t}`;

/** At the end of the run: one leader, everyone up in its term, nobody left a candidate. */
function oneLeaderAtEnd(run: RunResult, scenario: Scenario, when: string): string | null {
  const up = run.final.filter((n) => n.up);
  const leaders = up.filter((n) => n.role === "leader");
  if (leaders.length === 0)
    return `at t=${run.time}, ${when}, no node is leader (${up.map((n) => `${n.id}: ${n.role} of term ${n.term}`).join(", ")}).`;
  const newer = (id: NodeId, term: number) => firstReceived(run, scenario, id, (s) => s.msg.term > term);
  const adopt =
    "a message of a newer term makes a node adopt that term, and a leader or candidate step down to follower";
  if (leaders.length > 1) {
    const newest = leaders.reduce((a, b) => (b.term > a.term ? b : a));
    const stale = leaders.filter((n) => n !== newest);
    const heard = stale.map((n) => {
      const news = newer(n.id, n.term);
      return news
        ? `${n.id} received ${said(news)}`
        : `no message of a term newer than ${n.term} reached ${n.id}, though ${newest.id} leads term ${newest.term} and sends every peer AppendEntries on its heartbeats`;
    });
    return `at t=${run.time}, ${when}, ${leaders.map((n) => `${n.id} (term ${n.term})`).join(" and ")} all act as leader. ${heard.join("; ")}: ${adopt}.`;
  }
  const leader = leaders[0];
  for (const n of up) {
    if (n === leader) continue;
    if (n.term !== leader.term) {
      const [behind, ahead] = n.term < leader.term ? [n, leader] : [leader, n];
      const news = newer(behind.id, behind.term);
      return `at t=${run.time}, ${when}, ${leader.id} leads term ${leader.term} but ${n.id} is in term ${n.term}: ${news ? `${behind.id} received ${said(news)}, and ${adopt}` : `no message of term ${ahead.term} reached ${behind.id}; ${n.term < leader.term ? `the leader sends every peer AppendEntries on its heartbeats` : `${n.id} answers the leader's AppendEntries with its own term`}`}.`;
    }
    if (n.role === "candidate") {
      const beat = firstReceived(
        run,
        scenario,
        n.id,
        (s) => s.from === leader.id && s.msg.type === "AppendEntries" && s.msg.term === leader.term,
      );
      return `at t=${run.time}, ${when}, ${n.id} is still a candidate in term ${n.term}, which ${leader.id} leads${beat ? `, though it received ${said(beat)}` : ""}: an AppendEntries of your current term from a leader makes a candidate step down to follower.`;
    }
  }
  return null;
}

/** What a broken invariant usually means in this chapter; said before the simulator's own report. */
function usualCause(problem: string): string | null {
  if (/Election Safety/.test(problem)) {
    return "Two nodes won the same term, so two majorities voted in it, and two majorities of one cluster always share a node: some node voted twice in that term, or a candidate counted votes that were not of its term.";
  }
  if (/currentTerm went back/.test(problem))
    return "A term only ever grows: adopt the term of a message only when it is newer than yours, and never set currentTerm from an older one.";
  if (/Log Matching|matchIndex/.test(problem)) {
    return "An elected leader works as in chapter 3: nextIndex just past its own last entry, matchIndex 0, and followers delete only entries that conflict.";
  }
  return null;
}

function runMany(
  t: Attempt,
  count: number,
  scenarioFor: (seed: number) => Scenario,
  check: (run: RunResult, seed: number, scenario: Scenario) => string | null,
): void {
  explainBrokenRun(() => t.runMany(t.seeds(count), scenarioFor, check), usualCause);
}

graded("ch4.first-election", (t) => {
  runMany(
    t,
    50,
    () => S.FIRST_ELECTION,
    (run, seed, scenario) => {
      const problem = voteProblem(run, scenario) ?? requestVoteProblem(run, scenario);
      if (problem) return problem;
      const first = run.leaders[0];
      if (!first || first.t > S.FIRST_ELECTION_BOUND) {
        return noLeader(
          run,
          `no leader was elected within ${S.FIRST_ELECTION_BOUND} ticks in seed ${seed}, on a network that loses nothing`,
          0,
          S.FIRST_ELECTION_BOUND,
        );
      }
      for (const peer of scenario.nodes.filter((id) => id !== first.node)) {
        const sent = run.sent.some(
          (s) =>
            s.from === first.node &&
            s.to === peer &&
            s.msg.type === "AppendEntries" &&
            s.msg.term === first.term &&
            s.t === first.t,
        );
        if (!sent) {
          return `${first.node} became leader of term ${first.term} at t=${first.t} but did not send ${peer} an AppendEntries at once: a new leader sends every peer a heartbeat straight away, so that the other candidates step down and nobody else times out.`;
        }
      }
      return oneLeaderAtEnd(run, scenario, `${run.time - first.t} ticks after ${first.node} was elected`);
    },
  );
});

graded("ch4.re-election", (t) => {
  const before = new Map<number, { readonly node: NodeId; readonly term: number } | null>();
  runMany(
    t,
    30,
    (seed) => {
      const run = t.run(S.BEFORE_CRASH, seed);
      const leader = run.final
        .filter((n) => n.role === "leader")
        .reduce<(typeof run.final)[number] | null>((a, b) => (a === null || b.term > a.term ? b : a), null);
      before.set(seed, leader && { node: leader.id, term: leader.term });
      return S.reElection(leader?.id ?? "N1");
    },
    (run, seed, scenario) => {
      const problem = voteProblem(run, scenario);
      if (problem) return problem;
      const old = before.get(seed);
      if (!old)
        return noLeader(
          run,
          `no leader was elected within ${S.CRASH_AT - 1} ticks in seed ${seed}, on a network that loses nothing`,
          0,
          S.CRASH_AT - 1,
        );
      const next = run.leaders.find((l) => l.t > S.CRASH_AT && l.node !== old.node);
      const deadline = S.CRASH_AT + S.REELECTION_BOUND;
      if (!next || next.t > deadline) {
        return noLeader(
          run,
          `${old.node}, leader of term ${old.term}, crashed at t=${S.CRASH_AT} and no other node was elected by t=${deadline} (seed ${seed})`,
          S.CRASH_AT,
          deadline,
        );
      }
      if (next.term <= old.term)
        return `${next.node} became leader of term ${next.term} after ${old.node}, leader of term ${old.term}, crashed: a new leader needs a new, later term.`;
      return oneLeaderAtEnd(run, scenario, `${run.time - S.RESTART_AT} ticks after ${old.node} restarted`);
    },
  );
});

graded("ch4.restart-vote", (t) => {
  const scenario = S.RESTART_VOTE;
  const run = explainBrokenRun(() => t.run(scenario), usualCause);
  const replies = run.sent.filter((s) => s.from === "N3" && s.msg.type === "RequestVoteReply");
  const reply = (to: NodeId, at: number) => {
    const r = replies.find((s) => s.to === to && s.t === at)?.msg;
    return r?.type === "RequestVoteReply" ? r : undefined;
  };
  const first = reply("N1", 1);
  t.check(
    first !== undefined && first.voteGranted && first.term === 2,
    () =>
      `N3, in term 1 without a vote, received N1's RequestVote of term 2 (N1's log is the same as N3's). It should adopt term 2 and grant its vote (reply term 2, voteGranted: true); it ${first ? `replied term ${first.term}, voteGranted: ${first.voteGranted}` : "did not reply"}.`,
    run,
    scenario,
  );
  const second = reply("N2", 4);
  t.check(
    second !== undefined && !second.voteGranted,
    () =>
      `N3 voted for N1 in term 2, crashed and restarted; then N2 asked for its vote of term 2. N3 must refuse (voteGranted: false): its vote of term 2 is spent, and votedFor lives in storage, which survives a restart. It ${second ? "granted it" : "did not reply"}.`,
    run,
    scenario,
  );
  const third = reply("N1", 5);
  t.check(
    third !== undefined && third.voteGranted,
    () =>
      `N1 asked N3 again for its vote of term 2 (its first reply may have been lost). N3 already voted for N1 in that term, so it should grant it again: a vote may be repeated to the same candidate (votedFor is null or candidateId). It ${third ? "refused" : "did not reply"}.`,
    run,
    scenario,
  );
  const n3 = finalOf(run, "N3");
  t.check(
    n3.term === 2 && n3.votedFor === "N1",
    () =>
      `after its restart N3's storage should still say currentTerm 2 and votedFor "N1"; it says currentTerm ${n3.term} and votedFor ${JSON.stringify(n3.votedFor)}.`,
    run,
    scenario,
  );
});

/** A RequestVote of an older term is refused, but answered, with the voter's term: the candidate learns it is behind. */
function expectOldRequestVoteRefused(t: Attempt): void {
  const scenario = S.OLD_REQUEST_VOTE;
  const run = explainBrokenRun(() => t.run(scenario), usualCause);
  const replies = sentOf(run, "RequestVoteReply", "N2", "N1").map((r) => r.msg);
  const head = "N2, in term 3, received N1's RequestVote of term 2";
  const reply = replies[0];
  t.check(
    replies.length === 1 && !reply.voteGranted && reply.term === 3,
    () =>
      replies.length === 0
        ? `${head} and did not answer it: answer every RequestVote, refusing one of an older term (voteGranted: false) with your own term, 3, so that the candidate learns it is behind and steps down.`
        : replies.length > 1
          ? `${head} and answered it ${replies.length} times: one RequestVoteReply per request.`
          : reply.voteGranted
            ? `${head} and granted it: a vote of an older term is never granted; refuse it (voteGranted: false) with your own term, 3.`
            : `${head} and refused it with term ${reply.term}: the reply carries your currentTerm, 3, so that the candidate learns it is behind.`,
    run,
    scenario,
  );
  const n2 = finalOf(run, "N2");
  t.check(
    n2.term === 3 && n2.votedFor === null,
    () =>
      `after refusing N1's RequestVote of term 2, N2 should still be in term 3 with no vote (votedFor null); it is in term ${n2.term} with votedFor ${JSON.stringify(n2.votedFor)}: a message of an older term changes nothing but the reply.`,
    run,
    scenario,
  );
}

/** Old messages at every tick leave a follower's election timer running: it stands within its timeout. */
function expectTimerRunsOn(t: Attempt): void {
  const scenario = S.OLD_MESSAGES_ONLY;
  const run = t.run(scenario);
  const stood = sentOf(run, "RequestVote", "N1", "L")[0];
  t.check(
    stood !== undefined,
    () =>
      `N1 (term 5) was cut off alone, and at every tick from t=1 to t=${S.OLD_ONLY_BY} got an AppendEntries from L and a RequestVote from C, both of the older term 4. Neither comes from a current leader or wins N1's vote, so its election timer (10–20 ticks) should have run out and N1 stood, but it never did: old messages kept resetting their election timers: reset the timer only for an AppendEntries of your current term or when you grant a vote, not for every message that arrives.`,
    run,
    scenario,
  );
}

/**
 * Votes for an election a candidate has moved on from arrive late: they belong to the older
 * term and count for nothing, however many there are.
 */
function expectLateVotesIgnored(t: Attempt): void {
  const probe = { ...S.evenVotes(0, 0, []), until: S.TWO_TIMEOUTS_BY };
  const [first, second] = sentOf(t.run(probe), "RequestVote", "N1", "N2");
  // A node that does not stand twice is judged by ch4.candidate-rules; here there is no older election to answer.
  if (!first || !second) return;
  const old = first.msg.term;
  const late = {
    ...S.evenVotes(second.t + 1, old, ["N2", "N3", "N4"]),
    id: "rule-late-votes",
    title: `candidate N1 of four nodes hears three granted votes of its older term ${old}`,
  };
  const run = t.run(late);
  const won = run.leaders.find((l) => l.node === "N1");
  t.check(
    won === undefined,
    () =>
      `N1 of four nodes, cut off alone, stood for term ${old} at t=${first.t} and again for term ${second.msg.term} at t=${second.t}. Then N2, N3 and N4 granted it their votes of term ${old}, which arrived late, at t=${second.t + 1}–${second.t + 3}. Those votes are for an election N1 has left behind, so N1 should still be a candidate; it became the leader of term ${won?.term} at t=${won?.t}. Count only RequestVoteReplies of your current term.`,
    run,
    late,
  );
}

graded("ch4.stale-messages", (t) => {
  expectOldRequestVoteRefused(t);
  expectTimerRunsOn(t);
  expectLateVotesIgnored(t);
  runMany(
    t,
    30,
    () => S.STALE_MESSAGES,
    (run, seed, scenario) => {
      const problem = voteProblem(run, scenario);
      if (problem) return problem;
      if (!run.sent.some((s) => s.msg.type === "RequestVote")) {
        return (
          `for ${S.STALE_BOUND} ticks N2–N5, in term 2, received nothing but old messages of term 1 — heartbeats and a RequestVote from N1, which had crashed, and votes of term 1 — and not one of them stood for election. ` +
          "Unless your nodes never stand at all (see the other tests), those old messages kept resetting their election timers: reset the timer only for an AppendEntries of your current term or when you grant a vote, not for every message that arrives."
        );
      }
      if (run.leaders.length === 0)
        return noLeader(run, `no leader was elected within ${S.STALE_BOUND} ticks in seed ${seed}`, 0, S.STALE_BOUND);
      return null;
    },
  );
});

graded("ch4.004-n4-not-elected", (t) => {
  let runs = 0;
  let stood = 0;
  const lacks4 = (candidate: NodeId) =>
    candidate === "N4" ? "N4 lacks entry 4, which N1 committed; a leader without it would wipe it out." : "";
  runMany(
    t,
    200,
    () => S.N4_NOT_ELECTED,
    (run, seed, scenario) => {
      const problem =
        voteProblem(run, scenario) ?? requestVoteProblem(run, scenario) ?? restrictionProblem(run, scenario, lacks4);
      if (problem) return problem;
      runs++;
      const asks = run.sent.filter((s) => s.from === "N4" && s.msg.type === "RequestVote");
      if (asks.length > 0) stood++;
      for (const ask of asks) {
        // Only what the run shows was received: not N1, which is down, nor what was still in flight when it stopped.
        if (ask.msg.type !== "RequestVote" || !wasReceived(ask)) continue;
        const term = ask.msg.term;
        const answered = run.sent.some(
          (s) => s.from === ask.to && s.to === "N4" && s.msg.type === "RequestVoteReply" && s.t > ask.t,
        );
        if (!answered)
          return `${ask.to} received N4's RequestVote of term ${term} and never answered it: refuse with a RequestVoteReply (your term, voteGranted: false), so the candidate learns it lost.`;
      }
      const first = run.leaders[0];
      if (!first)
        return noLeader(
          run,
          `no leader was elected within ${S.N4_BOUND} ticks in seed ${seed}, after N1 crashed`,
          0,
          S.N4_BOUND,
        );
      if (first.node === "N4")
        return `N4 became leader of term ${first.term} at t=${first.t} with the log "t1: 1 2 3", which lacks the committed entry 4: a majority must have refused it.`;
      return null;
    },
  );
  // A replay of one seed in which N4 happened not to stand proves nothing either way.
  t.check(
    stood > 0 || runs < 20,
    () =>
      "in none of the 200 seeds did N4 stand for election, so its refusals could not be checked: N4 hears no heartbeat, so its election timer should run out first (at about t=10–20) and it should ask for votes.",
  );
});

graded("ch4.004-longest-log", (t) => {
  let runs = 0;
  let stood = 0;
  const olderTail = (candidate: NodeId) =>
    candidate === "N5" ? "x y of term 4 are committed; a leader without them would wipe them out." : "";
  runMany(
    t,
    500,
    () => S.LONGEST_LOG,
    (run, seed, scenario) => {
      const problem =
        voteProblem(run, scenario) ?? requestVoteProblem(run, scenario) ?? restrictionProblem(run, scenario, olderTail);
      if (problem) return problem;
      runs++;
      if (run.sent.some((s) => s.from === "N5" && s.msg.type === "RequestVote")) stood++;
      const first = run.leaders[0];
      if (!first)
        return noLeader(
          run,
          `no leader was elected within ${S.LONGEST_LOG_BOUND} ticks in seed ${seed}, after N1 crashed`,
          0,
          S.LONGEST_LOG_BOUND,
        );
      if (first.node === "N5") {
        return `N5 became leader of term ${first.term} at t=${first.t} with "1 2 3 4 p q r s t", which lacks x y of term 4: the longest log is not the most up to date one, since its last entry (t) is of term 3.`;
      }
      return null;
    },
  );
  t.check(
    stood > 0 || runs < 20,
    () =>
      "in none of the 500 seeds did N5 stand for election, so the election restriction was never put to the test: N5 hears no heartbeat, so its election timer should run out first.",
  );
});

graded("ch4.004-split-vote", (t) => {
  runMany(
    t,
    500,
    () => S.SPLIT_VOTE,
    (run, seed, scenario) => {
      const problem = voteProblem(run, scenario);
      if (problem) return problem;
      return run.leaders.length > 0
        ? null
        : noLeader(
            run,
            `no leader was elected within ${S.SPLIT_VOTE_BOUND} ticks in seed ${seed}`,
            0,
            S.SPLIT_VOTE_BOUND,
          );
    },
  );
});

graded("ch4.004-minority", (t) => {
  const [a, b] = S.MINORITY_SIDE;
  runMany(
    t,
    30,
    () => S.MINORITY,
    (run, seed, scenario) => {
      const problem = voteProblem(run, scenario);
      if (problem) return problem;
      const before = run.leaders.filter((l) => l.t < S.PARTITION_AT);
      if (before.length === 0)
        return noLeader(
          run,
          `no leader was elected within ${S.PARTITION_AT - 1} ticks in seed ${seed}, before the network split`,
          0,
          S.PARTITION_AT - 1,
        );
      const old = before.reduce((x, y) => (y.term > x.term ? y : x));
      const split = (l: { t: number }) => l.t >= S.PARTITION_AT && l.t < S.HEAL_AT;
      const wrong = run.leaders.find((l) => split(l) && S.MINORITY_SIDE.includes(l.node));
      if (wrong) {
        const other = wrong.node === a ? b : a;
        return `${wrong.node} became leader of term ${wrong.term} at t=${wrong.t} while the network was split and it could reach only ${other}: a candidate needs the votes of a majority of the whole cluster, 3 of 5, and a side of two can never gather them.`;
      }
      if (S.MINORITY_SIDE.includes(old.node)) {
        const next = run.leaders.find((l) => split(l) && S.MAJORITY_SIDE.includes(l.node));
        const deadline = S.PARTITION_AT + S.MAJORITY_BOUND;
        if (!next || next.t > deadline) {
          return noLeader(
            run,
            `the leader ${old.node} (term ${old.term}) was cut off with ${old.node === a ? b : a} at t=${S.PARTITION_AT}, and the side of three (${S.MAJORITY_SIDE.join(", ")}) elected no leader by t=${deadline} (seed ${seed}); three votes of five are a majority`,
            S.PARTITION_AT,
            deadline,
          );
        }
      }
      return oneLeaderAtEnd(run, scenario, `${run.time - S.HEAL_AT} ticks after the network healed`);
    },
  );
});

graded("ch4.004-one-leader-per-term", (t) => {
  runMany(t, 500, S.chaos, (run, seed, scenario) => {
    const problem = voteProblem(run, scenario);
    if (problem) return problem;
    if (run.leaders.length > 0) return null;
    return noLeader(
      run,
      `no leader was elected at any time in the ${S.CHAOS_UNTIL} ticks of seed ${seed}, not even in the last ${S.CHAOS_UNTIL - S.CHAOS_CALM}, with every node up on a reliable network`,
      0,
      S.CHAOS_UNTIL,
    );
  });
});

/** N1's answer to the RequestVote from `from`, its term and vote after the run. */
function voteAnswer(run: RunResult, from: NodeId) {
  const replies = sentOf(run, "RequestVoteReply", "N1", from);
  const n1 = finalOf(run, "N1");
  return { reply: replies[replies.length - 1]?.msg, term: n1.term, votedFor: n1.votedFor };
}

const showAnswer = (a: ReturnType<typeof voteAnswer>): string =>
  `${a.reply ? `it answered ${a.reply.voteGranted ? "granted" : "refused"} with term ${a.reply.term}` : "it did not answer"}, and ended with term ${a.term} and votedFor ${JSON.stringify(a.votedFor)}`;

graded("ch4.vote-rules", (t) => {
  // The up-to-date check, every branch: the candidate's last term greater, equal or smaller than N1's (2), each with a shorter, equal or longer log than N1's (3).
  for (const lastLogTerm of [3, 2, 1]) {
    for (const lastLogIndex of [2, 3, 4]) {
      const grant = lastLogTerm > 2 || (lastLogTerm === 2 && lastLogIndex >= 3);
      const s = S.voteRule(`last (${lastLogIndex}, t${lastLogTerm})`, [
        { from: "C", term: 6, lastLogIndex, lastLogTerm },
      ]);
      const run = t.run(s);
      const a = voteAnswer(run, "C");
      const why =
        lastLogTerm !== 2
          ? `C's last entry is of term ${lastLogTerm}, ${lastLogTerm > 2 ? "later" : "earlier"} than N1's last (term 2): the later last term is the more up-to-date log, whatever the lengths`
          : `C's last entry is of term 2, like N1's, and C's log is ${lastLogIndex < 3 ? "shorter" : lastLogIndex === 3 ? "as long" : "longer"} (${lastLogIndex} against 3): with equal last terms the longer log is the more up-to-date, and equal is enough`;
      t.check(
        a.reply?.voteGranted === grant && a.reply.term === 6 && a.term === 6 && a.votedFor === (grant ? "C" : null),
        () =>
          `N1 (term 5, log ${S.VOTER_LOG}) got C's RequestVote of term 6 with last entry (${lastLogIndex}, t${lastLogTerm}): it should adopt term 6 and ${grant ? "grant its vote (votedFor C)" : "refuse (votedFor stays null)"}, because ${why}; ${showAnswer(a)}.`,
        run,
        s,
      );
    }
  }
  const older = S.voteRule("an older term", [{ from: "C", term: 4, lastLogIndex: 9, lastLogTerm: 9 }]);
  const olderRun = t.run(older);
  const o = voteAnswer(olderRun, "C");
  t.check(
    o.reply?.voteGranted === false && o.reply.term === 5 && o.term === 5 && o.votedFor === null,
    () =>
      `N1 (term 5) got a RequestVote of term 4: a request of an older term is refused, and the answer carries N1's term 5 so the candidate learns it is behind; ${showAnswer(o)}.`,
    olderRun,
    older,
  );
  const twice = S.voteRule("two candidates in one term", [
    { from: "C", term: 6, lastLogIndex: 3, lastLogTerm: 2 },
    { from: "D", term: 6, lastLogIndex: 3, lastLogTerm: 2 },
    { from: "C", term: 6, lastLogIndex: 3, lastLogTerm: 2 },
  ]);
  const run = t.run(twice);
  const toD = voteAnswer(run, "D");
  const toC = sentOf(run, "RequestVoteReply", "N1", "C").map((r) => r.msg.voteGranted);
  t.check(
    toD.reply?.voteGranted === false && toC.join(" ") === "true true" && toD.votedFor === "C",
    () =>
      `in term 6 N1 was asked by C, then by D, then by C again (a retry), each up to date: it grants C, refuses D (one vote per term), and grants C's retry again (votedFor is already C). It answered C ${toC.join(", ") || "nothing"} and D ${toD.reply ? String(toD.reply.voteGranted) : "nothing"}, and ended with votedFor ${JSON.stringify(toD.votedFor)}.`,
    run,
    twice,
  );
  const newer = S.voteRule("a newer term after a vote", [
    { from: "C", term: 6, lastLogIndex: 3, lastLogTerm: 2 },
    { from: "D", term: 7, lastLogIndex: 3, lastLogTerm: 2 },
  ]);
  const newerRun = t.run(newer);
  const n = voteAnswer(newerRun, "D");
  t.check(
    n.reply?.voteGranted === true && n.term === 7 && n.votedFor === "D",
    () =>
      `N1 voted for C in term 6, then got D's up-to-date RequestVote of term 7: a new term means a new vote, so it should adopt term 7 and grant D; ${showAnswer(n)}.`,
    newerRun,
    newer,
  );
});

/** When N1 first stood for election in a run, if it did. */
const firstStand = (run: RunResult): number | undefined =>
  run.sent.find((s) => s.from === "N1" && s.msg.type === "RequestVote")?.t;

graded("ch4.timer-rules", (t) => {
  const alone = S.timerRule("nothing", 0, "C", null);
  const aloneRun = t.run(alone);
  const b = firstStand(aloneRun);
  if (b === undefined)
    return t.fail(
      `N1 (a follower of term 5) was cut off alone from t=0 and heard nothing, yet it had not stood for election by t=${aloneRun.time}: its election timer should run out 10–20 ticks after it started.`,
      aloneRun,
      alone,
    );
  // One tick before N1's own timer would run out: a reset shows as a stand 10 ticks later or more.
  const at = b - 1;
  const M = S.TIMER_MESSAGES;
  const fromLeader = "An AppendEntries of the current term comes from the leader of that term";
  const cases = [
    {
      name: "a RequestVote of its term it grants",
      from: "C",
      msg: M.grantedVote,
      rule: "Granting a vote resets the election timer",
    },
    { name: "a RequestVote of its term it refuses (C's log is behind)", from: "C", msg: M.refusedVote, rule: null },
    { name: "a heartbeat of its term", from: "L", msg: M.heartbeat, rule: `${fromLeader}, and resets the timer` },
    {
      name: "an AppendEntries of its term whose prevLog does not match",
      from: "L",
      msg: M.mismatchedAppend,
      rule: `${fromLeader} even when its prevLog check fails, and resets the timer`,
    },
    { name: "an AppendEntries of the older term 4", from: "L", msg: M.olderAppend, rule: null },
  ];
  for (const { name, from, msg, rule } of cases) {
    const scenario = S.timerRule(name, at, from, msg);
    const run = t.run(scenario);
    const stood = firstStand(run);
    const answer = run.sent.find((s) => s.from === "N1" && s.to === from && s.t >= at)?.msg;
    const answered = !answer
      ? "did not answer"
      : answer.type === "RequestVoteReply"
        ? `answered ${answer.voteGranted ? "granted" : "refused"}`
        : answer.type === "AppendEntriesReply"
          ? `answered success ${String(answer.success)}`
          : `sent a ${answer.type}`;
    const when = stood === undefined ? `it had not stood by t=${run.time}` : `it stood at t=${stood}`;
    const story = `N1, a follower of term 5 cut off alone, stood for election at t=${b} when it heard nothing. Handed ${name} from ${from} at t=${at} instead, it ${answered}, and ${when}.`;
    t.check(
      rule ? stood !== undefined && stood >= at + 10 : stood === b,
      () =>
        rule
          ? `${story} ${rule}: N1 should not stand before t=${at + 10}.`
          : `${story} Only a vote granted or an AppendEntries from the leader of the current term resets the election timer, so N1 should still have stood at t=${b}.`,
      run,
      scenario,
    );
  }
});

graded("ch4.candidate-rules", (t) => {
  const at = 25;
  const before = t.run({ ...S.candidateRule(at, 0), until: at - 1 });
  const n1 = finalOf(before, "N1");
  t.check(
    n1.role === "candidate" && n1.votedFor === "N1" && n1.term >= 1,
    () =>
      `N1 was cut off alone from t=0; by t=${at - 1} its election timer (10–20 ticks) has run out, so it should be a candidate that voted for itself in a new term; it is a ${n1.role} of term ${n1.term} with votedFor ${JSON.stringify(n1.votedFor)}.`,
    before,
    S.candidateRule(at, 0),
  );
  const same = S.candidateRule(at, n1.term);
  const sameRun = t.run(same);
  const s = finalOf(sameRun, "N1");
  t.check(
    s.role === "follower" && s.term === n1.term,
    () =>
      `candidate N1 of term ${n1.term} got an AppendEntries of its own term from L: L won that term, so N1 should follow it (role follower, term ${n1.term}); it is a ${s.role} of term ${s.term}.`,
    sameRun,
    same,
  );
  const stale = S.candidateRule(at, n1.term - 1);
  const run = t.run(stale);
  const o = finalOf(run, "N1");
  const reply = sentOf(run, "AppendEntriesReply", "N1", "L")[0]?.msg;
  t.check(
    // Its timer may run out again at that very tick: what counts is that it refused and stayed a candidate.
    o.role === "candidate" && o.term >= n1.term && reply?.success === false && reply.term === n1.term,
    () =>
      `candidate N1 of term ${n1.term} got an AppendEntries of the older term ${n1.term - 1}: that leader is stale, so N1 stays a candidate and refuses it with its own term; it is a ${o.role} of term ${o.term}, and answered ${reply ? JSON.stringify(reply) : "nothing"}.`,
    run,
    stale,
  );
  evenClusterVotes(t);
});

/** Two of four votes are half the cluster, not a majority; a third makes N1 leader. */
function evenClusterVotes(t: Attempt): void {
  // Long enough for some 40 draws: a timer that fires a tick late shows as soon as one draw is 20.
  const aloneFor = 600;
  const alone = { ...S.evenVotes(0, 0, []), until: aloneFor };
  const fewest = Math.floor(aloneFor / 21) + 1;
  const aloneRun = t.run(alone);
  const stands = sentOf(aloneRun, "RequestVote", "N1", "N2").map((s) => s.t);
  const gaps = stands.map((at, i) => at - (i === 0 ? 0 : stands[i - 1]));
  const wrong = gaps.findIndex((g) => g < 10 || g > 20);
  t.check(
    stands.length >= fewest && wrong < 0,
    () =>
      `N1 of four nodes was cut off alone from t=0 to t=${aloneFor}, so each time its election timer ran out it stood again: at t=${stands.join(", ") || "(never)"}. Each timeout is drawn from ELECTION_TIMEOUT, 10–20 ticks after the timer was last reset${wrong >= 0 ? `, and ${gaps[wrong]} ticks passed ${wrong === 0 ? "from the start" : `from t=${stands[wrong - 1]}`} to t=${stands[wrong]}` : `, so it should have stood at least ${fewest} times by t=${aloneFor}`}.`,
    aloneRun,
    alone,
  );
  const stood = sentOf(aloneRun, "RequestVote", "N1", "N2").at(-1);
  if (!stood) return;
  const { term } = stood.msg;
  const half = S.evenVotes(stood.t + 1, term, ["N2"]);
  const halfRun = t.run(half);
  const h = finalOf(halfRun, "N1");
  t.check(
    h.role === "candidate" && h.term === term,
    () =>
      `N1 stood for term ${term} at t=${stood.t} in a cluster of four; N2 granted its vote at t=${stood.t + 1}. With its own vote that is two of four, half the cluster and not a majority, so N1 should still be a candidate of term ${term}; it is a ${h.role} of term ${h.term}. A majority is more than half: votes * 2 > cluster size.`,
    halfRun,
    half,
  );
  const more = S.evenVotes(stood.t + 1, term, ["N2", "N3"]);
  const moreRun = t.run(more);
  const m = finalOf(moreRun, "N1");
  t.check(
    m.role === "leader" && m.term === term,
    () =>
      `N1 stood for term ${term} at t=${stood.t} in a cluster of four; N2 and N3 granted their votes at t=${stood.t + 1} and t=${stood.t + 2}. Three of four are a majority, so N1 should lead term ${term}; it is a ${m.role} of term ${m.term}.`,
    moreRun,
    more,
  );
  const asked = S.sameTermRequest(stood.t + 1, term);
  const askedRun = t.run(asked);
  const a = finalOf(askedRun, "N1");
  const answer = sentOf(askedRun, "RequestVoteReply", "N1", "N4")[0]?.msg;
  t.check(
    a.role === "leader" && a.term === term && answer?.voteGranted === false,
    () =>
      `N1 won term ${term} by t=${stood.t + 2}; at t=${stood.t + 3} N4's RequestVote of the same term ${term} reached it. Only a newer term, or an AppendEntries of its own term, makes a leader step down, and N1 already voted for itself: it should stay leader of term ${term} and refuse N4; it is a ${a.role} of term ${a.term}, and answered ${answer ? JSON.stringify(answer) : "nothing"}.`,
    askedRun,
    asked,
  );
  const newer = S.newerVoteReply(stood.t + 1, term);
  const newerRun = t.run(newer);
  const r = finalOf(newerRun, "N1");
  t.check(
    r.role === "follower" && r.term === term + 1 && r.votedFor === null,
    () =>
      `N1 stood for term ${term} at t=${stood.t}; at t=${stood.t + 1} N2 refused its vote with a RequestVoteReply of term ${term + 1}. A reply of a newer term makes a node adopt that term, with no vote in it yet, and follow: N1 should be a follower of term ${term + 1} with votedFor null; it is a ${r.role} of term ${r.term} with votedFor ${JSON.stringify(r.votedFor)}.`,
    newerRun,
    newer,
  );
}
