import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { runInProcess } from "../harness/hosts";
import { HAZARDS } from "../zoo/hazards";
import { materialize } from "../zoo/apply";
import { gradeCli, ROOT, testsOfChapter } from "./grade-cli";

/** An implementation that applies an entry twice: the grade names the event that broke the rule. */
const APPLY_TWICE = CHAPTERS.flatMap((c) => c.mutants).find((m) => m.id === "ch5.apply-twice");
/** One that throws in a handler: the grade names the line. */
const THROWS = HAZARDS.find((h) => h.id === "hazard.throws");
const impls = new Map<string, string>();

function impl(id: string): string {
  const edit = id === "ch5.apply-twice" ? APPLY_TWICE : THROWS;
  if (!edit) throw new Error(`the workbook has no edit ${id}`);
  let dir = impls.get(id);
  if (!dir) impls.set(id, (dir = materialize(path.join(ROOT, "solutions"), edit)));
  return dir;
}

afterAll(() => {
  for (const dir of impls.values()) fs.rmSync(dir, { recursive: true, force: true });
});

const ENV = { ...process.env, FORCE_COLOR: "0" };

function replay(args: readonly string[]) {
  return spawnSync("npm", ["run", "--silent", "replay", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: ENV,
  });
}

function indented(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}

test.each([
  ["ch5.apply-twice", "ch5.002-fig6", /\(after event (\d+), t=\d+\)/],
  ["hazard.throws", "ch2.base-entry", /threw Error while handling AppendEntries from L/],
])("the replay of %s's %s, in process, fails as the grade does", (edit, id, named) => {
  const dir = impl(edit);
  const graded = testsOfChapter(gradeCli(["--impl", dir, "--only", id]), Number(id[2])).find((t) =>
    t.number.startsWith(id),
  );
  const message = graded?.output.split("\nhint: ")[0] ?? "";
  expect(message).toMatch(named);
  const run = replay(["--impl", dir, "--only", id, "--no-inspect"]);
  expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 1, stderr: "" });
  expect(run.stdout).toContain(indented(message));
  const event = named.exec(message)?.[1];
  if (event !== undefined) expect(run.stdout).toMatch(new RegExp(`pauses .*, before event ${event}: L handling `));
});

test("the reference passes the replay, and a test that does not exist is a usage error", () => {
  const passed = replay(["--impl", "solutions", "--only", "ch2.base-entry", "--no-inspect"]);
  expect({ code: passed.status, out: passed.stdout }).toEqual({ code: 0, out: expect.stringContaining("It passes.") });
  const wrong = replay(["--only", "ch2.no-such-test", "--no-inspect"]);
  expect({ code: wrong.status, err: wrong.stderr }).toEqual({
    code: 2,
    err: expect.stringContaining("--only ch2.no-such-test: there is no such test"),
  });
});

test("the learner's code runs in the grader's process only in the replay's own process", () => {
  // A grading's jest process is such a process: the sandbox can never be left out of a grade.
  expect(() => runInProcess({ run: () => ({}) as never })).toThrow(/only in a replay/);
});

/** Starts a replay under the inspector; resolves with its WebSocket address once it listens. */
function startInspected(args: readonly string[]) {
  const child = spawn("npm", ["run", "--silent", "replay", "--", ...args, "--port", "0"], {
    cwd: ROOT,
    env: ENV,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      const url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(stderr)?.[1];
      if (url) resolve(url);
    });
    void closed.then(() => reject(new Error(`the replay ended without listening:\n${stdout}\n${stderr}`)));
  });
  return { child, listening, closed, output: () => stdout };
}

function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

test("under the inspector it listens on loopback until it is stopped", async () => {
  const replayed = startInspected(["--impl", impl("ch5.apply-twice"), "--only", "ch5.002-fig6", "--seed", "1"]);
  const url = await replayed.listening;
  expect(replayed.output()).toContain('attach VS Code\n(launch configuration "Attach to a replay")');
  expect(await portOpen(url)).toBe(true);
  process.kill(-(replayed.child.pid ?? 0), "SIGINT");
  await replayed.closed;
  expect(await portOpen(url)).toBe(false);
}, 60_000);

/**
 * A debugger's part, over the DevTools protocol: let the run start, and at each pause step into
 * the next call until a frame of the learner's files is on top; report the pauses.
 */
const CLIENT = `
const ws = new WebSocket(process.argv[1]);
const impl = process.argv[2];
const scripts = new Map();
const pauses = [];
let id = 0;
const send = (method, params = {}) => ws.send(JSON.stringify({ id: ++id, method, params }));
ws.onopen = () => { send("Runtime.enable"); send("Debugger.enable"); send("Runtime.runIfWaitingForDebugger"); };
ws.onclose = () => { console.log(JSON.stringify(pauses)); process.exit(0); };
ws.onmessage = (ev) => {
  const msg = JSON.parse(String(ev.data));
  if (msg.method === "Debugger.scriptParsed") scripts.set(msg.params.scriptId, msg.params);
  if (msg.method !== "Debugger.paused") return;
  const top = msg.params.callFrames[0];
  const script = scripts.get(top.location.scriptId);
  pauses.push({ url: script.url, line: top.location.lineNumber + 1, fn: top.functionName, mapped: !!script.sourceMapURL });
  send(script.url.includes(impl) || pauses.length > 5 ? "Debugger.resume" : "Debugger.stepInto");
};
`;

test("under a debugger it pauses before the failing event, a step away from the learner's handler", async () => {
  const dir = impl("ch5.apply-twice");
  const replayed = startInspected(["--impl", dir, "--only", "ch5.002-fig6", "--seed", "1"]);
  const url = await replayed.listening;
  // Node 20 has its WebSocket client behind a flag.
  const flags = "WebSocket" in globalThis ? [] : ["--experimental-websocket", "--no-warnings"];
  const client = spawnSync(process.execPath, [...flags, "-e", CLIENT, url, dir], { encoding: "utf8", timeout: 30_000 });
  const pauses = JSON.parse(client.stdout) as { url: string; line: number; fn: string; mapped: boolean }[];
  expect(pauses[0].url).toBe(`file://${path.join(ROOT, "grader/cli/replay-child.ts")}`);
  const mine = pauses[pauses.length - 1];
  expect(mine).toEqual({
    url: expect.stringMatching(`^file://${dir}/ch\\d-\\w+\\.ts$`),
    line: expect.any(Number),
    fn: "receive",
    mapped: true,
  });
  expect(await replayed.closed).toBe(1);
  expect(replayed.output()).not.toContain("ended differently");
}, 60_000);
