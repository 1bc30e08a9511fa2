import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gradeCli } from "./grade-cli";

test("two runs with the same seed write byte-identical trace files", () => {
  const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "raft-traces-")));
  for (const dir of dirs) {
    const run = gradeCli(["--impl", "solutions", "--seed", "42", "--trace-dir", dir]);
    expect(run.exitCode).toBe(0);
  }
  const [a, b] = dirs.map((d) => fs.readdirSync(d).sort());
  expect(a.length).toBeGreaterThan(5);
  expect(b).toEqual(a);
  for (const name of a) {
    const [x, y] = dirs.map((d) => fs.readFileSync(path.join(d, name)));
    expect({ name, same: x.equals(y) }).toEqual({ name, same: true });
    expect(JSON.parse(x.toString()).seed).toBe(42);
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
