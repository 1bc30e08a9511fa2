import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gradeCliAsync, ROOT } from "./grade-cli";

/** The grade command refuses what cannot work before grading anything: exit 2, one line that says why, a report anyway. */
describe("grade refuses bad input before grading", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "raft-args-"));
  const file = path.join(scratch, "a-file");
  fs.writeFileSync(file, "");
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test.concurrent.each([
    [["--format", "text", "--out", scratch], /--out \S+ \(for --format text\) is a folder/],
    [["--format", "text", "--out", path.join(file, "x.txt")], /a-file is a file, so nothing can be written under it/],
    [["--trace-dir", file], /--trace-dir \S+ is a file/],
    [["--only", "ch2.no-such-test"], /--only ch2.no-such-test: there is no such test; ch2's tests are ch2\./],
    [["--impl", ""], /--impl needs a folder/],
    [["--impl", file], /--impl \S+: that is a file/],
  ])("%j", async (args, message) => {
    const run = await gradeCliAsync(args);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(message);
    expect(run.results).not.toBeNull();
  });

  test("a package.json of the learner's own in the implementation folder changes nothing", async () => {
    const impl = path.join(scratch, "impl");
    fs.cpSync(path.join(ROOT, "solutions"), impl, { recursive: true });
    fs.writeFileSync(path.join(impl, "package.json"), JSON.stringify({ name: "mine", type: "module" }));
    const run = await gradeCliAsync(["--impl", impl, "--chapter", "2"]);
    expect(run.exitCode).toBe(0);
    expect(run.results?.tests.every((t) => t.status === "passed")).toBe(true);
  });

  test("a grading leaves none of its folders behind in the temporary folder", async () => {
    // Beside the others rather than inside the private scratch folder: the learner's process, run as another user, must reach it.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "raft-own-tmp-"));
    fs.chmodSync(tmp, 0o755);
    const run = await gradeCliAsync(["--impl", "solutions", "--chapter", "1"], { TMPDIR: tmp });
    expect(run.exitCode).toBe(0);
    // A compile cache shared by every later run may stay; the grading's own folders may not.
    expect(fs.readdirSync(tmp).filter((f) => !f.startsWith("v8-compile-cache"))).toEqual([]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
