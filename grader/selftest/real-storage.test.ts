import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CorruptStorage, FileStorage, LOG_FILE, powerLoss } from "../real/file-storage";
import { NeverFsyncStorage } from "../real/zoo-storage";

const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ term: 1, command: `cmd ${i + 1}` }));

function freshDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "raft-storage-test-"));
}

function written(dir: string, make = (d: string) => new FileStorage(d), n = 3): void {
  const s = make(dir);
  s.write([
    ["term", 2],
    ["vote", "N2"],
    ["append", entries(n)],
  ]);
  s.sync();
  s.close();
}

describe("the cluster's file storage", () => {
  test("what was synced is read back after a restart, truncations included", () => {
    const dir = freshDir();
    const s = new FileStorage(dir);
    s.write([
      ["term", 3],
      ["vote", "N1"],
      ["append", entries(4)],
      ["truncate", 3],
      ["append", [{ term: 3, command: "x" }]],
    ]);
    s.sync();
    s.close();
    const again = new FileStorage(dir);
    expect(again.recovered).toEqual({
      currentTerm: 3,
      votedFor: "N1",
      log: [...entries(2), { term: 3, command: "x" }],
    });
    again.close();
  });

  test("a torn last record is dropped, and the file cut back to the records before it", () => {
    const dir = freshDir();
    written(dir);
    const file = path.join(dir, LOG_FILE);
    const whole = fs.statSync(file).size;
    fs.truncateSync(file, whole - 5);
    const s = new FileStorage(dir);
    expect(s.recovered.log).toEqual(entries(2));
    s.close();
    expect(fs.statSync(file).size).toBeLessThan(whole - 5);
  });

  test("a damaged record with whole records after it is refused, naming the file and the offset", () => {
    const dir = freshDir();
    written(dir);
    const file = path.join(dir, LOG_FILE);
    const bytes = fs.readFileSync(file);
    bytes[12] ^= 0xff; // inside the first record's payload
    fs.writeFileSync(file, bytes);
    expect(() => new FileStorage(dir)).toThrow(CorruptStorage);
    expect(() => new FileStorage(dir)).toThrow(`${file} is corrupt at byte offset 0`);
  });

  test("a power loss keeps what was fsync'd, and the storage that never fsyncs loses it all", () => {
    const durable = freshDir();
    written(durable);
    powerLoss(durable);
    const kept = new FileStorage(durable);
    expect(kept.recovered).toEqual({ currentTerm: 2, votedFor: "N2", log: entries(3) });
    kept.close();

    const careless = freshDir();
    written(careless, (d) => new NeverFsyncStorage(d));
    powerLoss(careless);
    const lost = new FileStorage(careless);
    expect(lost.recovered).toEqual({ currentTerm: 0, votedFor: null, log: [] });
    lost.close();
  });
});
