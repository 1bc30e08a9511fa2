import { formatLog } from "../../scenarios/notation";
import { gradedTests } from "../../harness/graded";
import { CHAPTER } from ".";
import { BATCH, FIG1, inOrder } from "./scenarios";

const graded = gradedTests(CHAPTER);
const WRITES = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

graded("ch1.leader-appends", (t) => {
  const scenario = inOrder(["L", "F1", "F2"], ["a", "b"], 2);
  const run = t.run(scenario);
  const got = formatLog(run.logs.L);
  t.check(
    got === "t2: a b",
    () => `after writes a and b, the leader L (term 2) should hold "t2: a b" but holds "${got}"`,
    run,
    scenario,
  );
});

graded("ch1.sends-to-every-peer", (t) => {
  const writes = ["a", "b", "c"];
  const term = 3;
  const scenario = inOrder(["L", "F1", "F2", "F3"], writes, term);
  const run = t.run(scenario);
  for (const peer of ["F1", "F2", "F3"]) {
    const toPeer = run.sent.filter((s) => s.from === "L" && s.to === peer && s.msg.type === "AppendEntries");
    t.check(
      toPeer.length === writes.length,
      () =>
        `${writes.length} writes should send ${peer} ${writes.length} AppendEntries, one per write; L sent ${toPeer.length}`,
      run,
      scenario,
    );
    toPeer.forEach(({ msg }, i) => {
      if (msg.type !== "AppendEntries") return;
      const got = msg.entries.map((e) => `{ term: ${e.term}, command: "${e.command}" }`).join(", ");
      t.check(
        msg.entries.length === 1 && msg.entries[0].term === term && msg.entries[0].command === writes[i],
        () =>
          `the AppendEntries for write "${writes[i]}" should carry just that entry, { term: ${term}, command: "${writes[i]}" }; it carried [${got}]`,
        run,
        scenario,
      );
      t.check(
        msg.term === term && msg.leaderId === "L",
        () =>
          `an AppendEntries from L, leader of term ${term}, should say term: ${term} (its currentTerm) and leaderId: "L"; the one for write "${writes[i]}" said term: ${msg.term}, leaderId: "${msg.leaderId}"`,
        run,
        scenario,
      );
    });
  }
});

function everyFollowerMatches(nodes: readonly string[], writes: readonly string[]) {
  return (t: Parameters<Parameters<typeof graded>[1]>[0]) => {
    const scenario = inOrder(nodes, writes);
    const run = t.run(scenario);
    const want = formatLog(run.logs[nodes[0]]);
    t.check(
      want === `t1: ${writes.join(" ")}`,
      () => `the leader should hold "t1: ${writes.join(" ")}" but holds "${want}"`,
      run,
      scenario,
    );
    for (const id of nodes.slice(1)) {
      const got = formatLog(run.logs[id]);
      t.check(
        got === want,
        () => `on an in-order network ${id} should end with the leader's log "${want}" but holds "${got}"`,
        run,
        scenario,
      );
    }
  };
}

graded("ch1.in-order-3", everyFollowerMatches(["L", "F1", "F2"], WRITES.slice(0, 5)));
graded("ch1.in-order-5", everyFollowerMatches(["L", "F1", "F2", "F3", "F4"], WRITES));

graded("ch1.follower-appends-all", (t) => {
  const run = t.run(BATCH);
  const got = formatLog(run.logs.F);
  t.check(
    got === "t1: a b c",
    () =>
      `F held "t1: a" and got one AppendEntries from L carrying two entries, b then c (both of term 1). A follower appends every entry a message carries, in order: F should hold "t1: a b c" but holds "${got}".`,
    run,
    BATCH,
  );
});

graded("ch1.002-fig1-diverge", (t) => {
  const run = t.run(FIG1);
  const leader = formatLog(run.logs.L);
  const f1 = formatLog(run.logs.F1);
  const f2 = formatLog(run.logs.F2);
  t.check(
    leader === "t1: x y" && f1 === "t1: x y",
    () => `the leader and F1 should both hold "t1: x y"; they hold "${leader}" and "${f1}"`,
    run,
    FIG1,
  );
  t.check(
    f2 === "t1: y x",
    () =>
      `x reached F2 after y, so a vanilla follower that appends in arrival order holds "t1: y x"; F2 holds "${f2}". Chapter 1's follower appends whatever arrives, without checks.`,
    run,
    FIG1,
  );
});
