import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkHistory, checkKv, checkRegister } from "../lincheck/check";
import { timelineSvg, timelineText } from "../lincheck/explain";
import { ParseError, weakened } from "../lincheck/history";
import { kvModel, type KvOperation, type RegisterOperation } from "../lincheck/model";
import { parseJepsen } from "../lincheck/parse-jepsen";
import { parseKv } from "../lincheck/parse-kv";

const ROOT = path.resolve(__dirname, "../..");
const HISTORIES = path.join(ROOT, "grader/lincheck/histories");
const VERDICTS = fs
  .readFileSync(path.join(HISTORIES, "verdicts.txt"), "utf8")
  .trim()
  .split("\n")
  .map((line) => line.split(" ") as [string, string]);

function checkFile(file: string) {
  const text = fs.readFileSync(path.join(HISTORIES, file), "utf8");
  return file.endsWith(".txt") ? checkKv(parseKv(text, file)) : checkRegister(parseJepsen(text, file));
}

const put = (client: number, value: string, call: number, ret?: number, key = "k"): KvOperation => ({
  client,
  input: { op: "put", key, value },
  call,
  output: undefined,
  ret,
});
const append = (client: number, value: string, call: number, ret?: number, key = "k"): KvOperation => ({
  client,
  input: { op: "append", key, value },
  call,
  output: undefined,
  ret,
});
const get = (client: number, value: string, call: number, ret?: number, key = "k"): KvOperation => ({
  client,
  input: { op: "get", key },
  call,
  output: ret === undefined ? undefined : value,
  ret,
});
const linearizable = (ops: KvOperation[]) => checkKv(ops).verdict === "linearizable";

describe("the recorded histories get their known verdicts", () => {
  test("every recorded history has a known verdict", () => {
    const files = ["kv", "jepsen"].flatMap((dir) =>
      fs.readdirSync(path.join(HISTORIES, dir)).map((f) => `${dir}/${f}`),
    );
    expect(files.sort()).toEqual(VERDICTS.map(([file]) => file).sort());
  });

  test.each(VERDICTS)("%s is %s", (file, verdict) => {
    expect(checkFile(file).verdict).toBe(verdict);
  });

  test("a failing history names its key and a core of its operations", () => {
    const text = fs.readFileSync(path.join(HISTORIES, "kv/c01-bad.txt"), "utf8");
    const v = checkKv(parseKv(text, "kv/c01-bad.txt"));
    if (v.verdict !== "not-linearizable") throw new Error(`c01-bad is ${v.verdict}`);
    expect(v.key).toBe("7");
    expect(v.ops.length).toBeLessThan(v.partition.length);
    expect(v.partition.every((op) => op.input.key === "7")).toBe(true);
    expect(v.explanation).toContain('on key "7" cannot be put in any order');
  });
});

describe("hand-made histories", () => {
  test("a read that misses a write completed before it began is not linearizable", () => {
    const ops = [put(1, "a", 0, 10), get(2, "", 20, 30)];
    const v = checkKv(ops);
    if (v.verdict !== "not-linearizable") throw new Error(`the stale read is ${v.verdict}`);
    expect(v.key).toBe("k");
    expect(v.ops).toEqual(ops);
    expect(v.explanation).toContain('These 2 operations on key "k" cannot be put in any order');
    expect(v.explanation).toMatch(/client 1 +put\("k", "a"\) +called t=0, returned t=10/);
    expect(v.explanation).toMatch(/client 2 +get\("k"\) → "" +called t=20, returned t=30/);
  });

  test("the same read overlapping the write is linearizable, and so is one invoked as the write returns", () => {
    expect(linearizable([put(1, "a", 0, 10), get(2, "", 5, 15)])).toBe(true);
    expect(linearizable([put(1, "a", 0, 10), get(2, "", 10, 15)])).toBe(true);
    expect(linearizable([put(1, "a", 0, 10), get(2, "", 11, 15)])).toBe(false);
  });

  test("a write of unknown outcome may take effect late, or never, but not undo itself", () => {
    expect(linearizable([put(1, "a", 0), get(2, "", 20, 30), get(2, "a", 40, 50)])).toBe(true);
    expect(linearizable([put(1, "a", 0), get(2, "", 20, 30), get(2, "", 40, 50)])).toBe(true);
    expect(linearizable([put(1, "a", 0), get(2, "a", 20, 30), get(2, "", 40, 50)])).toBe(false);
    // Its output, if one was recorded, is not relied on.
    expect(linearizable([{ ...get(1, "zzz", 0, 1), ret: undefined }])).toBe(true);
  });

  test("a stale read's core keeps both writes: each of the three is needed", () => {
    const ops = [put(1, "v1", 10, 20), put(2, "v2", 25, 30), get(3, "v1", 35, 40), get(1, "v2", 50, 60)];
    const v = checkKv(ops);
    if (v.verdict !== "not-linearizable") throw new Error(`the stale read is ${v.verdict}`);
    expect(v.ops).toEqual(ops.slice(0, 3));
    expect(v.explanation).toContain('even if the other operation on key "k" took effect at any moment after its call');
    // The core fails with the rest weakened, and with any one of its own weakened too it does not.
    const witness = (strong: Set<KvOperation>) => ops.map((op) => (strong.has(op) ? op : weakened(op)));
    expect(linearizable(witness(new Set(v.ops)))).toBe(false);
    for (const op of v.ops) expect(linearizable(witness(new Set(v.ops.filter((o) => o !== op))))).toBe(true);
  });

  test("a minimal core fails, and loses that with any one operation removed", () => {
    const ops = [get(3, "", 0, 5), put(1, "a", 2, 10), get(2, "", 20, 30), put(4, "z", 0, 1, "other")];
    const v = checkKv(ops);
    if (v.verdict !== "not-linearizable") throw new Error(`the history is ${v.verdict}`);
    expect(v.ops).toEqual([put(1, "a", 2, 10), get(2, "", 20, 30)]);
    expect(linearizable(v.ops)).toBe(false);
    for (const op of v.ops) expect(linearizable(v.ops.filter((o) => o !== op))).toBe(true);
  });

  test("a read of a value nothing wrote is named alone", () => {
    const v = checkKv([put(1, "a", 0, 10), get(2, "zzz", 5, 15)]);
    if (v.verdict !== "not-linearizable") throw new Error(`the read is ${v.verdict}`);
    expect(v.ops).toEqual([get(2, "zzz", 5, 15)]);
    expect(v.explanation).toMatch(
      /^This operation on key "k" cannot take effect at any moment between its call and its return/,
    );
  });

  test("keys are checked apart, and the failing one is named", () => {
    const ops = [put(1, "a", 0, 10, "x"), get(2, "a", 20, 30, "x"), put(1, "b", 40, 50, "y"), get(2, "", 60, 70, "y")];
    const v = checkKv(ops);
    expect(v.verdict === "not-linearizable" && v.key).toBe("y");
  });

  test("a register: a failed compare-and-set is definite, a read of unknown result constrains nothing", () => {
    const reg = (
      client: number,
      input: RegisterOperation["input"],
      output: RegisterOperation["output"],
      call: number,
      ret?: number,
    ) => ({
      client,
      input,
      output,
      call,
      ret,
    });
    const write1 = reg(1, { op: "write", value: 1 }, "ok", 0, 10);
    expect(checkRegister([write1, reg(2, { op: "cas", from: 1, to: 2 }, "fail", 20, 30)]).verdict).toBe(
      "not-linearizable",
    );
    expect(checkRegister([write1, reg(2, { op: "cas", from: 3, to: 2 }, "fail", 20, 30)]).verdict).toBe("linearizable");
    expect(checkRegister([write1, reg(2, { op: "read" }, undefined, 20, 30)]).verdict).toBe("linearizable");
    expect(checkRegister([reg(2, { op: "read" }, null, 0, 1), write1]).verdict).toBe("linearizable");
    expect(checkRegister([write1, reg(2, { op: "read" }, null, 20, 30)]).verdict).toBe("not-linearizable");
  });

  test("a budget of 0 ms on a history that needs a real search gives unknown", () => {
    // Twelve concurrent appends and a read no order of them can give: every order is tried.
    const appends = Array.from({ length: 12 }, (_, i) => append(i, `${i},`, 0, 100));
    const hard = [...appends, get(12, "nothing", 0, 100)];
    const v = checkKv(hard, { budgetMs: 0 });
    expect(v).toEqual({ verdict: "unknown", reason: 'the search of key "k" did not finish within the budget of 0 ms' });
    expect(checkKv(hard, { budgetMs: 30 }).verdict).toBe("unknown");
    // Without the impossible read, the first order tried will do; a small search ends within any budget.
    expect(checkKv(appends, { budgetMs: 0 }).verdict).toBe("linearizable");
  });

  test("an operation returning before its call is refused", () => {
    expect(() => checkHistory(kvModel, [put(1, "a", 10, 5)])).toThrow(/returns at 5, before its call at 10/);
  });
});

describe("parsing", () => {
  test("a Jepsen log: tabs or spaces, :info and the log's end leave outcomes unknown, other lines are not operations", () => {
    const log = [
      "INFO  jepsen.util - 0\t:invoke\t:write\t3",
      "INFO  jepsen.core - Worker 2 starting",
      "INFO  jepsen.util - 1   :invoke :cas    [3 4]",
      "INFO  jepsen.util - :nemesis\t:info\t:start\tnil",
      "INFO  jepsen.util - 0\t:ok\t:write\t3",
      "INFO  jepsen.util - 1\t:info\t:cas\t:timed-out",
      "INFO  jepsen.util - 2\t:invoke\t:read\tnil",
      "INFO  jepsen.util - 2\t:fail\t:read\t:timed-out",
      "INFO  jepsen.util - 3\t:invoke\t:read\tnil",
      "INFO  jepsen.util - 3\t:ok\t:read\tnil",
      "INFO  jepsen.util - 4\t:invoke\t:cas\t[0 1]",
      "INFO  jepsen.util - 4\t:fail\t:cas\t[0 1]",
      "INFO  jepsen.util - 5\t:invoke\t:write\t1",
    ].join("\n");
    expect(parseJepsen(log, "t.log")).toEqual([
      { client: 0, input: { op: "write", value: 3 }, call: 1, output: "ok", ret: 5 },
      { client: 1, input: { op: "cas", from: 3, to: 4 }, call: 3, output: undefined, ret: undefined },
      { client: 2, input: { op: "read" }, call: 7, output: undefined, ret: 8 },
      { client: 3, input: { op: "read" }, call: 9, output: null, ret: 10 },
      { client: 4, input: { op: "cas", from: 0, to: 1 }, call: 11, output: "fail", ret: 12 },
      { client: 5, input: { op: "write", value: 1 }, call: 13, output: undefined, ret: undefined },
    ]);
  });

  test("a key-value history: an operation never completed has an unknown outcome", () => {
    const text = [
      '{:process 0, :type :invoke, :f :append, :key "0", :value "x \\"q\\" y"}',
      '{:process 1, :type :invoke, :f :get, :key "0", :value nil}',
      '{:process 0, :type :ok, :f :append, :key "0", :value "x \\"q\\" y"}',
      "",
      '{:process 1, :type :ok, :f :get, :key "0", :value "x \\"q\\" y"}',
      '{:process 0, :type :invoke, :f :put, :key "1", :value "z"}',
    ].join("\n");
    expect(parseKv(text, "t.txt")).toEqual([
      { client: 0, input: { op: "append", key: "0", value: 'x "q" y' }, call: 1, output: undefined, ret: 3 },
      { client: 1, input: { op: "get", key: "0" }, call: 2, output: 'x "q" y', ret: 5 },
      { client: 0, input: { op: "put", key: "1", value: "z" }, call: 6, output: undefined, ret: undefined },
    ]);
  });

  test.each([
    ['{:process 0, :type :invoke, :f :get, :key "0", :value nil}\n{:process 0 :type :ok}', 2, /cannot read the entry/],
    ['{:process 0, :type :ok, :f :get, :key "0", :value ""}', 1, /process 0, which has no operation under way/],
    ['{:process 0, :type :invoke, :f :cas, :key "0", :value nil}', 1, /:f :cas is not :get, :put or :append/],
    ['{:process 0, :type :invoke, :f :put, :key "0", :value nil}', 1, /:put needs a string :value/],
    [
      '{:process 0, :type :invoke, :f :get, :key "0", :value nil}\n{:process 0, :type :invoke, :f :get, :key "0", :value nil}',
      2,
      /invokes again/,
    ],
    ["not a map", 1, /expected one \{…\} map/],
  ])("a malformed key-value line is named: %j", (text, line, reason) => {
    expect(() => parseKv(text, "h.txt")).toThrow(ParseError);
    expect(() => parseKv(text, "h.txt")).toThrow(new RegExp(`^h\\.txt:${line}: .*${reason.source}`));
  });

  test.each([
    ["INFO  jepsen.util - 0\t:invoke\t:write", 1, /expected: process, type, function and value/],
    ["INFO  jepsen.util - 0\t:invoke\t:write\tfour", 1, /:write needs a number, not four/],
    ["INFO  jepsen.util - 0\t:invoke\t:cas\t[1]", 1, /:cas needs \[from to\]/],
    [
      "INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:write\t1",
      2,
      /would end the read of line 1/,
    ],
    ["INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:fail\t:write\t1", 2, /a :fail of a :write/],
  ])("a malformed Jepsen line is named: %j", (text, line, reason) => {
    expect(() => parseJepsen(text, "h.log")).toThrow(new RegExp(`^h\\.log:${line}: .*${reason.source}`));
  });
});

describe("timelines", () => {
  const ops = [put(1, "a", 0, 10), get(2, "", 20, 30), put(3, "<b>", 5)];

  test("text: a row per client, bars from call to return, the marked ones in =", () => {
    const text = timelineText(ops, { marked: new Set([ops[1]]) });
    expect(text.split("\n")).toEqual([
      'client 1  |-put("k", "a")-|',
      'client 2                     |=get("k") → ""=|',
      'client 3    |-put("k", "<b>")----------------?',
      "t         0 5             10 20              30",
      "(=== marks the operations that cannot be put in order)",
    ]);
  });

  test("SVG: a lane per client, each operation a titled rect, marked ones lin-bad, text escaped", () => {
    const svg = timelineSvg(ops, { marked: new Set([ops[1]]) });
    expect(svg).toMatch(
      /^<svg [^>]*role="img" aria-label="Timeline of 3 operations by 3 clients; 1 marked as impossible to put in order"/,
    );
    expect(svg.match(/<g class="lin-op[^"]*">/g)).toHaveLength(3);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain(
      '<g class="lin-op lin-bad"><title>client 2: get(&#34;k&#34;) → &#34;&#34;, called t=20, returned t=30</title>',
    );
    expect(svg).toContain(
      '<g class="lin-op lin-open"><title>client 3: put(&#34;k&#34;, &#34;&#60;b&#62;&#34;), called t=5, outcome unknown</title>',
    );
    expect(svg).not.toContain("<b>");
    expect(svg.endsWith("</svg>")).toBe(true);
  });
});

describe("the lincheck command", () => {
  const TS_NODE = path.join(ROOT, "node_modules/ts-node/dist/bin.js");
  const CLI = path.join(ROOT, "grader/lincheck/cli.ts");
  const lincheck = (...args: string[]) => {
    const r = spawnSync(process.execPath, [TS_NODE, "--swc", CLI, ...args], { cwd: HISTORIES, encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const lines = (stdout: string) =>
    stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { file: string; verdict?: string; ms?: number; error?: string });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lincheck-"));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test("--json: one verdict per file; exit 0 when all are linearizable, 1 when one is not", () => {
    const ok = lincheck("--json", "kv/c01-ok.txt", "jepsen/etcd_002.log");
    expect(ok.status).toBe(0);
    expect(lines(ok.stdout).map(({ file, verdict }) => [file, verdict])).toEqual([
      ["kv/c01-ok.txt", "linearizable"],
      ["jepsen/etcd_002.log", "linearizable"],
    ]);
    expect(lines(ok.stdout).every((l) => typeof l.ms === "number")).toBe(true);
    const bad = lincheck("--json", "kv/c01-ok.txt", "kv/c01-bad.txt");
    expect(bad.status).toBe(1);
    expect(lines(bad.stdout).map((l) => l.verdict)).toEqual(["linearizable", "not-linearizable"]);
  });

  test("text: the verdict, the explanation and the timeline of the core", () => {
    const r = lincheck("kv/c01-bad.txt");
    expect(r.status).toBe(1);
    const [verdict, explanation] = r.stdout.split("\n");
    expect(verdict).toMatch(/^kv\/c01-bad.txt: not-linearizable \(\d+ ms\)$/);
    expect(explanation).toMatch(/^ {2}These 2 operations on key "7"/);
    expect(r.stdout).toContain('\n  client 0  |-append("7", "x 0 3 y")-|  |-get("7") → "x 0 0 y"-|\n');
    expect(r.stdout).toMatch(/\n {2}t {9}55 +56 59 +60\n/);
  });

  test("an unknown verdict exits 3, over a failing one; a file that cannot be parsed exits 2, naming its line", () => {
    const unknown = lincheck("--json", "--budget-ms", "0", "kv/c01-bad.txt", "kv/c50-ok.txt");
    expect(unknown.status).toBe(3);
    expect(lines(unknown.stdout).map((l) => l.verdict)).toEqual(["not-linearizable", "unknown"]);
    const malformed = path.join(scratch, "broken.txt");
    fs.writeFileSync(malformed, '{:process 0, :type :invoke, :f :get, :key "0", :value nil}\n{:process 0, :type :ok');
    const r = lincheck("--json", "kv/c01-bad.txt", malformed, "kv/c50-ok.txt", "--budget-ms", "0");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${malformed}:2: expected one {…} map on the line`);
    expect(lines(r.stdout)[1]).toEqual({ file: malformed, error: `${malformed}:2: expected one {…} map on the line` });
  });

  test("no files, or an unknown option, exits 2 with the usage", () => {
    for (const args of [[], ["--fast", "kv/c01-ok.txt"], ["--budget-ms", "soon", "kv/c01-ok.txt"]]) {
      const r = lincheck(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("usage: npm run lincheck");
    }
  });
});
