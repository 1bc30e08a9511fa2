import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { KvOp } from "../contract";
import { checkKv } from "../lincheck/check";
import { parseKv } from "../lincheck/parse-kv";
import { RealKvClient } from "../real/client";
import { Cluster, type ClusterOptions } from "../real/cluster";
import { HistoryRecorder } from "../real/history";
import { descendants, isAlive } from "../real/processes";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The reference as three real processes: writes through the client, the leader killed with
 * kill -9, writes again after the re-election, then every node stopped and started again from
 * its files, and every acknowledged write read back.
 */
test("three processes of the reference keep every acknowledged write through a kill -9 of the leader and a full restart", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "raft-cluster-test-"));
  const options: ClusterOptions = {
    implRoot: path.join(ROOT, "solutions"),
    implArg: "solutions",
    nodes: 3,
    dataDir,
    seed: 15,
    tickMs: 15,
    storage: "durable",
    log: () => {},
  };
  const history = new HistoryRecorder();
  const expected = new Map<string, string>();
  const seen = new Set<number>();
  const clusters: Cluster[] = [];
  let process = 0;
  /** One client per phase (a new process of the history); its operations in order, each recorded. */
  const phase = async (cluster: Cluster, ops: KvOp[]): Promise<string[]> => {
    const id = process++;
    const client = new RealKvClient(`t${id}`, cluster.ports, { retryMs: 300, giveUpMs: 8_000 });
    const reads: string[] = [];
    try {
      for (const op of ops) {
        history.invoke(id, op);
        const read = await client.invoke(op);
        history.ok(id, op, read);
        if (op.op === "get") reads.push(read);
        else expected.set(op.key, op.op === "put" ? op.value : (expected.get(op.key) ?? "") + op.value);
      }
    } finally {
      client.close();
    }
    return reads;
  };
  const track = (cluster: Cluster): void => {
    for (const pid of cluster.pids()) for (const p of [pid, ...descendants(pid)]) seen.add(p);
  };
  const writes = (tag: string): KvOp[] =>
    ["a", "b", "c"].flatMap((key): KvOp[] => [
      { op: "put", key, value: `${tag}-put ` },
      { op: "append", key, value: `${tag}-append ` },
    ]);
  try {
    const first = await Cluster.start(options);
    clusters.push(first);
    track(first);
    await phase(first, writes("before"));
    const leader = (await first.status()).find((s) => s.role === "leader");
    expect(leader).toBeDefined();
    await first.kill(leader!.id);
    await phase(first, writes("after"));
    const survivors = await first.status();
    expect(survivors.some((s) => s.role === "leader" && s.id !== leader!.id)).toBe(true);
    await first.restart(leader!.id);
    track(first);
    await first.stop();

    const second = await Cluster.start(options);
    clusters.push(second);
    track(second);
    const keys = [...expected.keys()];
    const reads = await phase(
      second,
      keys.map((key) => ({ op: "get", key })),
    );
    expect(reads).toEqual(keys.map((k) => expected.get(k)));
    await second.stop();
  } finally {
    for (const c of clusters) await c.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  expect(checkKv(parseKv(history.text(), "real-cluster")).verdict).toBe("linearizable");
  expect([...seen].filter(isAlive)).toEqual([]);
}, 30_000);
