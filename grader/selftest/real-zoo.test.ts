import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runChaos } from "../real/chaos";
import type { StorageKind } from "../real/zoo-storage";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The epilogue's zoo: each broken storage, under the reference, loses an acknowledged write
 * when the whole cluster crashes (a power loss for the one that never fsyncs, a kill -9 for the
 * one that acknowledges before it writes), and the chaos run's verdict says so.
 */
describe.each<[StorageKind, boolean]>([
  ["never-fsync", true],
  ["ack-before-flush", false],
])("the storage that %s", (storage, powerLoss) => {
  test("loses an acknowledged write under chaos, and the verdict names it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "raft-zoo-test-"));
    const report = await runChaos({
      implRoot: path.join(ROOT, "solutions"),
      implArg: "solutions",
      nodes: 3,
      clients: 3,
      seconds: 3,
      seed: 1,
      tickMs: 15,
      storage,
      powerLoss,
      faults: ["crash-all"],
      historyFile: path.join(dir, "history.txt"),
      log: () => {},
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(report.kills).toBeGreaterThan(0);
    expect(report.verdict).toBe("not-linearizable");
    expect(report.explanation).toMatch(/^lost write: client \d+'s (put|append)/);
  }, 45_000);
});
