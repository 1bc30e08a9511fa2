import { NodeBase, type AppendEntries, type NodeId } from "../contract";
import { commandsOf, formatLog, parseLog } from "../scenarios/notation";
import { runScenario } from "../sim/cluster";
import { InvariantChecker, type NodeView } from "../sim/invariants";
import { validateMessage } from "../sim/messages";
import { Prng } from "../sim/prng";
import { MemoryStorage } from "../sim/storage";
import type { Scenario } from "../scenarios/types";

describe("log notation", () => {
  test("reads the articles' logs with explicit terms and writes them back", () => {
    const log = parseLog("t1: 1 2 3 t2: 4 t4: p q");
    expect(log.map((e) => e.term)).toEqual([1, 1, 1, 2, 4, 4]);
    expect(commandsOf(log)).toBe("1 2 3 4 p q");
    expect(formatLog(log)).toBe("t1: 1 2 3 t2: 4 t4: p q");
    expect(parseLog("")).toEqual([]);
    expect(() => parseLog("1 2")).toThrow(/say the term/);
  });
});

describe("the seeded generator", () => {
  test("replays the same sequence for the same seed and stream, and differs otherwise", () => {
    const draw = (seed: number, stream: string) => {
      const p = new Prng(seed, stream);
      return Array.from({ length: 50 }, () => p.next());
    };
    expect(draw(7, "network")).toEqual(draw(7, "network"));
    expect(draw(7, "network")).not.toEqual(draw(8, "network"));
    expect(draw(7, "network")).not.toEqual(draw(7, "node:N1"));
    expect(draw(7, "x").every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe("durable storage", () => {
  test("keeps the base entry at index 0 and refuses to delete it", () => {
    const s = new MemoryStorage({ log: parseLog("t1: a b") });
    expect(s.log.lastIndex()).toBe(2);
    expect(s.log.term(0)).toBe(0);
    expect(s.log.term(3)).toBeUndefined();
    expect(() => s.log.truncateFrom(0)).toThrow(/base entry/);
    s.log.truncateFrom(2);
    expect(commandsOf(s.log.slice(1))).toBe("a");
    expect(() => s.log.append({ term: -1, command: "x" })).toThrow(/entry must be/);
  });
});

describe("message validation at the network boundary", () => {
  test("rejects malformed messages with the field at fault and strips unknown fields", () => {
    expect(() => validateMessage({ type: "Gossip" })).toThrow(/needs a "type"/);
    // A name every object inherits is no message type either.
    for (const type of ["toString", "constructor", "__proto__"])
      expect(() => validateMessage({ type })).toThrow(/needs a "type"/);
    expect(() => validateMessage({ type: "RequestVoteReply", term: 1 })).toThrow(/voteGranted must be true or false/);
    const clean = validateMessage({ type: "RequestVoteReply", term: 1, voteGranted: true, secret: 1 });
    expect(clean).toEqual({ type: "RequestVoteReply", term: 1, voteGranted: true });
  });
});

describe("invariants", () => {
  const view = (id: string, log: string, extra: Partial<NodeView> = {}): NodeView => ({
    id,
    role: "follower",
    term: 1,
    log: [{ term: 0, command: "" }, ...parseLog(log)],
    logVersion: 1,
    deletions: 0,
    ...extra,
  });

  test("Log Matching: same index and term with a different history is caught", () => {
    const checker = new InvariantChecker(new Set(["log-matching"]));
    expect(checker.check([view("A", "t1: a b"), view("B", "t1: a b c")])).toBeNull();
    const v = new InvariantChecker(new Set(["log-matching"])).check([
      view("A", "t1: a t2: b"),
      view("B", "t1: x t2: b"),
    ]);
    expect(v?.message).toMatch(
      /both hold an entry of term 2 at index 2, yet at index 1 A has "a" of term 1 and B has "x" of term 1/,
    );
  });

  test("Election Safety: two leaders of one term are caught, even at different times", () => {
    const checker = new InvariantChecker(new Set(["election-safety"]));
    expect(checker.check([view("A", "", { role: "leader", term: 3 }), view("B", "")])).toBeNull();
    expect(checker.check([view("A", ""), view("B", "", { role: "leader", term: 3 })])?.message).toMatch(
      /A and B were both leader of term 3/,
    );
  });

  test("Leader Append-Only: a leader deleting from its own log is caught", () => {
    const checker = new InvariantChecker(new Set(["leader-append-only"]));
    expect(checker.check([view("A", "t1: a b", { role: "leader" })])).toBeNull();
    expect(checker.check([view("A", "t1: a", { role: "leader", deletions: 1, logVersion: 2 })])?.invariant).toBe(
      "leader-append-only",
    );
  });

  test("one vote per term: a second grant is caught, and blamed on a forgotten vote only when storage never recorded it across a restart", () => {
    const grant = { type: "RequestVoteReply", term: 2, voteGranted: true } as const;
    const plain = new InvariantChecker(new Set(["one-vote-per-term"]));
    plain.observeSend("C", "A", grant, "A");
    plain.observeSend("C", "A", grant, "A");
    expect(plain.check([view("C", "")])).toBeNull();
    plain.observeRestart("C");
    plain.observeSend("C", "B", grant, "B");
    expect(plain.check([view("C", "")])?.message).toBe(
      "one vote per term: C granted its vote in term 2 to A and then to B",
    );
    const forgot = new InvariantChecker(new Set(["one-vote-per-term"]));
    forgot.observeSend("C", "A", grant, null);
    forgot.observeRestart("C");
    forgot.observeSend("C", "B", grant, null);
    expect(forgot.check([view("C", "")])?.message).toMatch(
      /C restarted in between and forgot its vote, which its storage never recorded .* votedFor must be kept in storage/,
    );
  });
});

/** A node that mutates each message after sending it, to prove receivers get copies. */
class Meddler extends NodeBase {
  seen: string[] = [];
  protected propose(command: string): number {
    const msg = {
      type: "AppendEntries",
      term: 1,
      leaderId: this.id,
      prevLogIndex: 0,
      prevLogTerm: 0,
      entries: [{ term: 1, command }],
      leaderCommit: 0,
    };
    for (const peer of this.peers) this.env.send(peer, msg as AppendEntries);
    msg.entries[0] = { term: 1, command: "tampered" };
    return this.log.append({ term: 1, command });
  }
  protected override onAppendEntries(_from: NodeId, msg: AppendEntries): void {
    this.log.append(...msg.entries);
  }
}

/** A follower that empties and renumbers each AppendEntries it is handed, once it has taken its entries. */
class Consumer extends Meddler {
  protected override onAppendEntries(from: NodeId, msg: AppendEntries): void {
    super.onAppendEntries(from, msg);
    (msg.entries as unknown[]).length = 0;
    (msg as { term: number }).term = 99;
  }
}

describe("the simulator", () => {
  const scenario: Scenario = {
    id: "copy",
    title: "copies",
    nodes: ["A", "B", "C"],
    network: { delay: [1, 4], drop: 0.2, duplicate: 0.2 },
    schedule: [
      { at: 0, lead: "A", term: 1 },
      ...["x", "y", "z"].map((command, i) => ({ at: i + 1, write: "A", command })),
    ],
    until: 30,
  };

  test("delivers copies: a sender changing a message after sending has no effect", () => {
    const run = runScenario({
      scenario: { ...scenario, network: undefined },
      nodeClass: Meddler,
      seed: 1,
      invariants: [],
    });
    expect(run.outcome).toBe("ok");
    expect(commandsOf(run.logs.B)).toBe("x y z");
  });

  test("delivers copies: a receiver changing a message it was handed changes neither the record nor a duplicate", () => {
    const run = runScenario({
      scenario: { ...scenario, network: { delay: [1, 1], drop: 0, duplicate: 1 } },
      nodeClass: Consumer,
      seed: 1,
      invariants: [],
    });
    expect(run.outcome).toBe("ok");
    const appends = run.sent.filter((s) => s.msg.type === "AppendEntries");
    expect(appends.map((s) => s.msg.type === "AppendEntries" && [s.msg.term, s.msg.entries.length])).toEqual(
      appends.map(() => [1, 1]),
    );
    // Every write reaches B twice, each copy whole (this follower appends what it is handed, duplicates too).
    expect(commandsOf(run.logs.B)).toBe("x x y y z z");
  });

  test("the same seed gives the same run, another seed a different one", () => {
    const go = (seed: number) =>
      JSON.stringify(runScenario({ scenario, nodeClass: Meddler, seed, invariants: [], record: true }).trace);
    expect(go(5)).toBe(go(5));
    expect(go(5)).not.toBe(go(6));
  });

  test("a partition loses messages between the sides, and crash keeps storage", () => {
    const run = runScenario({
      scenario: {
        ...scenario,
        network: undefined,
        schedule: [
          { at: 0, lead: "A", term: 1 },
          { at: 1, partition: [["A", "B"], ["C"]] },
          { at: 2, write: "A", command: "x" },
          { at: 4, crash: "B" },
          { at: 5, restart: "B" },
          { at: 6, heal: true },
          { at: 7, write: "A", command: "y" },
        ],
      },
      nodeClass: Meddler,
      seed: 1,
      invariants: [],
      record: true,
    });
    expect(commandsOf(run.logs.B)).toBe("x y");
    expect(commandsOf(run.logs.C)).toBe("y");
    const toC = run.trace.flatMap((e) => e.sent).filter((m) => m.to === "C");
    expect(toC.map((m) => m.arrivals.length)).toEqual([0, 1]);
  });

  test("stopOnLeader ends the run with the event that made the first leader", () => {
    const run = runScenario({
      scenario: { ...scenario, network: undefined, stopOnLeader: true },
      nodeClass: Meddler,
      seed: 1,
      invariants: [],
    });
    expect(run.outcome).toBe("ok");
    expect(run.leaders).toEqual([{ term: 1, node: "A", t: 0 }]);
    expect(run.time).toBe(0);
    expect(commandsOf(run.logs.A)).toBe("");
  });
});

/** A node that prints a flood on every message it handles. */
class Chatterbox extends Meddler {
  protected override onAppendEntries(from: NodeId, msg: AppendEntries): void {
    for (let i = 0; i < 1000; i++) console.log("x".repeat(10_000));
    super.onAppendEntries(from, msg);
  }
}

test("megabytes printed by node code are cut, per line and per run", () => {
  const run = runScenario({
    scenario: {
      id: "loud",
      title: "loud",
      nodes: ["A", "B", "C"],
      schedule: [
        { at: 0, lead: "A", term: 1 },
        ...["x", "y", "z"].map((command, i) => ({ at: i + 1, write: "A", command })),
      ],
      until: 20,
    },
    nodeClass: Chatterbox,
    seed: 1,
    invariants: [],
  });
  expect(run.outcome).toBe("ok");
  expect(run.output.length).toBeLessThanOrEqual(2_001);
  expect(Math.max(...run.output.map((o) => o.text.length))).toBeLessThan(600);
  expect(run.output[run.output.length - 1].text).toMatch(/output cut after 2000 lines/);
});
