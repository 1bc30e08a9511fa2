import type { Message, NodeId } from "../contract";
import { RELIABLE, type Action, type NetworkFaults, type Scenario } from "../scenarios/types";
import { describeOp } from "../sim/clients";

/** What a trial run says: the problem in words, or null when the run passes. */
export type Trial = (scenario: Scenario) => string | null;

export interface Shrunk {
  readonly scenario: Scenario;
  readonly problem: string;
  /** Actions of the schedule left out, and trial runs made. */
  readonly removed: number;
  readonly trials: number;
}

/**
 * Runs a shrink may make. A count, not a time, so that a replay shrinks to the same schedule
 * on any machine.
 */
const MAX_TRIALS = 120;

/**
 * The same failure, as far as shrinking is concerned: the same words once the numbers (times,
 * indexes, terms) are left out. Shrinking must not trade the learner's bug for another one,
 * such as a check that the run made progress, which removing every client write would break.
 */
function signature(problem: string): string {
  return (
    problem
      // Numbers, but not node names: N4 granting a vote is not the same failure as N2 doing it.
      .replace(/(?<![A-Za-z])\d+/g, "#")
      .replace(/"[^"]*"/g, '"…"')
      .slice(0, 80)
  );
}

/** How a run is left once its whole schedule has been applied. */
interface EndState {
  readonly down: ReadonlySet<NodeId>;
  readonly split: boolean;
  readonly faulty: boolean;
}

const reliable = (n: NetworkFaults | undefined): boolean =>
  n === undefined || (n.drop === 0 && n.duplicate === 0 && n.delay[0] === n.delay[1]);

/**
 * How `scenario` leaves the cluster, or null when it makes a down node leader (a step the
 * simulator skips, so a check that names that leader would speak of nothing).
 */
function endState(scenario: Scenario): EndState | null {
  const down = new Set<NodeId>();
  let split = false;
  let faulty = !reliable(scenario.network);
  for (const a of [...scenario.schedule].sort((x, y) => x.at - y.at)) {
    if ("crash" in a) down.add(a.crash);
    else if ("restart" in a) down.delete(a.restart);
    else if ("partition" in a) split = true;
    else if ("heal" in a) split = false;
    else if ("network" in a) faulty = !reliable(a.network);
    else if ("lead" in a && down.has(a.lead)) return null;
  }
  return { down, split, faulty };
}

/**
 * A shortened story shrinking may try: every leader it names is up, and it ends no worse than
 * the original did (no node down, split or faulty network that the original had mended). A
 * crash whose restart was left out could fail a correct Raft for want of a majority, under
 * words that say every node was back.
 */
function endsNoWorse(candidate: Scenario, original: EndState | null): boolean {
  if (original === null) return true;
  const end = endState(candidate);
  return (
    end !== null &&
    [...end.down].every((id) => original.down.has(id)) &&
    (!end.split || original.split) &&
    (!end.faulty || original.faulty)
  );
}

/**
 * Reduces a failing randomized scenario to a short one that fails the same way: first a
 * reliable network, then leaving out ever smaller chunks of the schedule (delta debugging),
 * keeping each removal after which the run still fails alike. Steps marked `keep` stay.
 */
export function shrinkSchedule(scenario: Scenario, problem: string, trial: Trial): Shrunk {
  const want = signature(problem);
  const ending = endState(scenario);
  let trials = 0;
  let best = { scenario, problem };
  const attempt = (candidate: Scenario): boolean => {
    if (trials >= MAX_TRIALS || !endsNoWorse(candidate, ending)) return false;
    trials++;
    let got: string | null;
    try {
      got = trial(candidate);
    } catch {
      // A check written for the whole story may not make sense of a shortened one: not the same failure.
      return false;
    }
    if (got === null || signature(got) !== want) return false;
    best = { scenario: candidate, problem: got };
    return true;
  };
  if (scenario.network && scenario.network !== RELIABLE) attempt({ ...scenario, network: RELIABLE });
  let chunk = Math.ceil(best.scenario.schedule.length / 2);
  while (chunk >= 1 && trials < MAX_TRIALS) {
    let removedAny = false;
    for (let from = 0; from < best.scenario.schedule.length && trials < MAX_TRIALS;) {
      const schedule = best.scenario.schedule.filter((a, i) => a.keep || i < from || i >= from + chunk);
      const removes = schedule.length < best.scenario.schedule.length;
      if (removes && attempt({ ...best.scenario, schedule })) removedAny = true;
      else from += chunk;
    }
    if (!removedAny || chunk > 1) chunk = Math.floor(chunk / 2);
  }
  return {
    scenario: best.scenario,
    problem: best.problem,
    removed: scenario.schedule.length - best.scenario.schedule.length,
    trials,
  };
}

/** One action of a schedule in words, for the shrunk schedule a failure prints. */
export function describeAction(a: Action, withTime = true): string {
  const at = withTime ? `t=${a.at}` : "";
  return describeAt(at, a).trimStart();
}

function describeAt(at: string, a: Action): string {
  if ("lead" in a) return `${at} ${a.lead} leads term ${a.term}`;
  if ("write" in a) return `${at} a client asks ${a.write} to write "${a.command}"`;
  if ("read" in a) return `${at} a client asks ${a.read} to read "${a.key}"`;
  if ("crash" in a) return `${at} ${a.crash} crashes`;
  if ("restart" in a) return `${at} ${a.restart} restarts`;
  if ("partition" in a) return `${at} the network splits: ${a.partition.map((g) => `{${g.join(" ")}}`).join(" | ")}`;
  if ("heal" in a) return `${at} the network heals`;
  if ("network" in a) {
    const n = a.network;
    return `${at} the network delays ${n.delay[0]}–${n.delay[1]} ticks, drops ${n.drop * 100}%, duplicates ${n.duplicate * 100}%`;
  }
  if ("inject" in a) return `${at} ${a.to} receives ${describeMessage(a.inject)} from ${a.from}`;
  if ("redeliver" in a) return `${at} a late copy of ${a.redeliver.type} ${a.redeliver.from}→${a.redeliver.to} arrives`;
  return `${at} ${a.invoke} invokes ${describeOp(a.op)}`;
}

/** A message with the fields that tell one of its kind from another. */
export function describeMessage(m: Message): string {
  switch (m.type) {
    case "AppendEntries":
      return `AppendEntries(term ${m.term}, prevLogIndex ${m.prevLogIndex}, prevLogTerm ${m.prevLogTerm}, ${m.entries.length} ${m.entries.length === 1 ? "entry" : "entries"}, leaderCommit ${m.leaderCommit})`;
    case "AppendEntriesReply":
      return `AppendEntriesReply(term ${m.term}, ${m.success ? "success" : "refused"})`;
    case "RequestVote":
      return `RequestVote(term ${m.term}, lastLogIndex ${m.lastLogIndex}, lastLogTerm ${m.lastLogTerm})`;
    case "RequestVoteReply":
      return `RequestVoteReply(term ${m.term}, ${m.voteGranted ? "granted" : "refused"})`;
  }
}

/** The shrunk schedule as the failure prints it. */
export function describeShrunk(s: Shrunk, original: Scenario): string {
  const n = s.scenario;
  const network = n.network === RELIABLE || !n.network ? "a reliable network" : "the run's faulty network";
  const steps = n.schedule.map((a) => `    ${describeAction(a)}`).join("\n");
  return `shrunk to ${n.schedule.length} of ${original.schedule.length} scheduled steps, on ${network}, still failing the same way (${s.trials} trial runs):\n${steps || "    (no scheduled step)"}`;
}
