import type { Message, NodeClass, NodeId } from "../contract";
import type { Action, Scenario } from "../scenarios/types";
import { runScenario, type RunResult } from "../sim/cluster";
import type { InvariantName } from "../sim/invariants";
import { LocalHost } from "../sim/local-host";
import { describeAction } from "./shrink";

/**
 * A small cluster whose every interleaving is searched: the network delivers nothing by
 * itself, and each step of a schedule is one choice among every message sent so far (any of
 * them may arrive, again and again, in any order, or never: loss, duplication and reordering
 * all at once) and the next client write.
 */
export interface SearchSpace {
  readonly id: string;
  readonly title: string;
  readonly nodes: readonly NodeId[];
  readonly logs?: Readonly<Record<NodeId, string>>;
  readonly terms?: Readonly<Record<NodeId, number>>;
  /** What happens before the search, in order (who leads which term). */
  readonly setup: readonly Action[];
  /** The client writes the search may make, each once, in this order, at any step. */
  readonly writes: readonly { readonly to: NodeId; readonly command: string }[];
  /** The longest schedule searched. */
  readonly depth: number;
  /** The search stops after this many distinct states, searched or not to the full depth. */
  readonly maxStates: number;
}

type Choice =
  | { readonly kind: "deliver"; readonly from: NodeId; readonly to: NodeId; readonly msg: Message }
  | { readonly kind: "write"; readonly index: number };

interface State {
  readonly path: readonly Choice[];
  readonly run: RunResult;
}

export interface SearchReport {
  /** Distinct states reached (the start included), each checked against every invariant. */
  readonly states: number;
  /** Schedules run, one per transition tried, repeated states included. */
  readonly runs: number;
  /** The deepest level reached. */
  readonly depth: number;
  /** True when no new state was left to search before the bounds were met. */
  readonly exhausted: boolean;
  /** The shortest schedule that breaks the run, when one does. */
  readonly failing?: { readonly scenario: Scenario; readonly steps: readonly string[] };
}

/** Runs scenarios (as many as given, side by side) and says whether a run broke: a fault or a broken invariant. */
export interface SearchRunner {
  simulate(scenarios: readonly Scenario[]): RunResult[];
  broken(run: RunResult): boolean;
}

/**
 * Breadth first, so the first schedule that breaks the run is a shortest one. States are told
 * apart by everything the grader sees: each node's storage, role, commitIndex and progress,
 * what it applied, and the messages sent so far; a state reached again by another order is
 * searched once.
 */
export function searchSpace(space: SearchSpace, runner: SearchRunner): SearchReport {
  const root = runner.simulate([scenarioOf(space, [])])[0];
  if (runner.broken(root)) return { states: 1, runs: 1, depth: 0, exhausted: false, failing: failing(space, []) };
  const seen = new Set([stateKey(root, 0)]);
  let frontier: State[] = [{ path: [], run: root }];
  let runs = 1;
  let depth = 0;
  while (frontier.length > 0 && depth < space.depth && seen.size < space.maxStates) {
    depth++;
    const paths = frontier.flatMap((s) => choices(space, s).map((c) => [...s.path, c]));
    const results = runner.simulate(paths.map((p) => scenarioOf(space, p)));
    runs += paths.length;
    const next: State[] = [];
    for (let i = 0; i < paths.length && seen.size < space.maxStates; i++) {
      const run = results[i];
      if (runner.broken(run))
        return { states: seen.size, runs, depth, exhausted: false, failing: failing(space, paths[i]) };
      const key = stateKey(run, writesIn(paths[i]));
      if (seen.has(key)) continue;
      seen.add(key);
      next.push({ path: paths[i], run });
    }
    frontier = next;
  }
  return { states: seen.size, runs, depth, exhausted: frontier.length === 0 };
}

/** Searches a space on trusted node code in this process: the reference and its mutants, in self-tests and benchmarks. */
export function searchTrusted(
  space: SearchSpace,
  nodeClass: NodeClass,
  invariants: readonly InvariantName[],
): SearchReport {
  return searchSpace(space, {
    simulate: (scenarios) =>
      scenarios.map((scenario) => runScenario({ scenario, seed: 1, invariants, host: new LocalHost(nodeClass) })),
    broken: (run) => run.outcome !== "ok",
  });
}

/** A schedule as a scenario: everything at time 0, so no timer fires and only the choices move the cluster. */
export function scenarioOf(space: SearchSpace, path: readonly Choice[]): Scenario {
  const actions: Action[] = [...space.setup.map((a) => ({ ...a, at: 0 })), ...path.map(actionOf(space))];
  return {
    id: space.id,
    title: space.title,
    nodes: space.nodes,
    ...(space.logs ? { logs: space.logs } : {}),
    ...(space.terms ? { terms: space.terms } : {}),
    rules: [{ action: "drop" }],
    schedule: actions,
    until: 0,
  };
}

const actionOf =
  (space: SearchSpace) =>
  (c: Choice): Action => {
    if (c.kind === "write") {
      const w = space.writes[c.index];
      return { at: 0, write: w.to, command: w.command, id: `search-w${c.index + 1}` };
    }
    return { at: 0, inject: c.msg, from: c.from, to: c.to };
  };

function writesIn(path: readonly Choice[]): number {
  return path.filter((c) => c.kind === "write").length;
}

/** Every distinct message sent so far, in the order first sent, and the next write if one is left. */
function choices(space: SearchSpace, s: State): Choice[] {
  const found = new Map<string, Choice>();
  for (const r of s.run.sent) {
    const key = messageKey(r.from, r.to, r.msg);
    if (!found.has(key)) found.set(key, { kind: "deliver", from: r.from, to: r.to, msg: r.msg });
  }
  const made = writesIn(s.path);
  return [...found.values(), ...(made < space.writes.length ? [{ kind: "write" as const, index: made }] : [])];
}

function messageKey(from: NodeId, to: NodeId, msg: Message): string {
  return `${from}>${to} ${JSON.stringify(msg)}`;
}

function stateKey(run: RunResult, writes: number): string {
  const nodes = run.final.map((n) => [
    n.id,
    n.up,
    n.role,
    n.term,
    n.votedFor,
    n.commitIndex,
    n.log,
    n.progress ?? null,
    (run.applied[n.id] ?? []).map((a) => [a.index, a.command]),
  ]);
  const messages = [...new Set(run.sent.map((r) => messageKey(r.from, r.to, r.msg)))].sort();
  return JSON.stringify([nodes, messages, writes]);
}

function failing(space: SearchSpace, path: readonly Choice[]): SearchReport["failing"] {
  return { scenario: scenarioOf(space, path), steps: path.map((c) => describeAction(actionOf(space)(c), false)) };
}
