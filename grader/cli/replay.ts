import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { parseGradeArgs, UsageError, type GradeArgs } from "./args";
import { checkGradeArgs } from "./check-args";
import { runMain } from "./command";
import type { ChildReport, ChildRequest, PauseTarget } from "./replay-child";

const USAGE = `usage: npm run replay -- --only TEST-ID [--seed N] [--impl DIR] [--break-at EVENT] [--port N | --no-inspect] [--trace-dir DIR]`;

const CHILD = path.join(__dirname, "replay-child.ts");
const TS_NODE = require.resolve("ts-node/dist/bin.js");
/** A replay without the debugger that has not ended by then is stopped: node code that never returns, most likely. */
const FIND_TIMEOUT_MS = 5 * 60 * 1000;

interface ReplayArgs {
  readonly grade: GradeArgs & { readonly only: string };
  readonly breakAt?: number;
  /** The inspector's port on 127.0.0.1, or null to replay without a debugger. */
  readonly port: number | null;
}

/** The replay's own options; the rest are the grade's, checked as the grade checks them. */
function parseReplayArgs(argv: readonly string[]): ReplayArgs {
  const rest: string[] = [];
  let breakAt: number | undefined;
  let port: number | null = 9229;
  const whole = (flag: string, v: string | undefined, max = Number.MAX_SAFE_INTEGER): number => {
    const n = Number(v);
    if (v === undefined || v === "" || !Number.isSafeInteger(n) || n < 0 || n > max) {
      throw new UsageError(`${flag} needs a whole number${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ""}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--break-at") breakAt = whole("--break-at", argv[++i]);
    else if (argv[i] === "--port") port = whole("--port", argv[++i], 65535);
    else if (argv[i] === "--no-inspect") port = null;
    else rest.push(argv[i]);
  }
  const grade = parseGradeArgs(
    rest,
    CHAPTERS.map((c) => c.number),
  );
  checkGradeArgs(grade);
  const { only } = grade;
  if (only === undefined)
    throw new UsageError("a replay replays one test: name it with --only, e.g. --only ch2.base-entry");
  if (grade.isolateFrom !== undefined) {
    throw new UsageError("--isolate: a replay runs your own files; grade with --isolate, replay without it");
  }
  if (grade.formats.some((f) => f.format !== "text" || f.out !== undefined)) {
    throw new UsageError("--format and --out are the grade's: a replay prints its outcome");
  }
  if (grade.chapters.length > 1) throw new UsageError(`--only ${only} replays one test of one chapter`);
  if (!fs.existsSync(grade.impl)) throw new UsageError(`--impl ${grade.impl}: there is no such folder`);
  return { grade: { ...grade, only }, breakAt, port };
}

/** Runs the replay's process: without a debugger (to find where the run breaks), or under one. */
function childCommand(args: ReplayArgs, request: ChildRequest) {
  const { impl, seed, traceDir } = args.grade;
  const env = {
    ...process.env,
    RAFT_IMPL: path.resolve(impl),
    RAFT_IMPL_ARG: impl,
    RAFT_SEED: seed === undefined ? "" : String(seed),
    RAFT_TRACE_DIR: traceDir ? path.resolve(traceDir) : "",
    RAFT_RESULTS_DIR: "",
    RAFT_ISOLATE: "",
    RAFT_SEED_SCALE: "",
  };
  return { argv: [TS_NODE, "--swc", CHILD, JSON.stringify(request)], env };
}

function readReport(file: string): ChildReport | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as ChildReport;
  } catch {
    return null;
  }
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}

function describeTarget(t: PauseTarget): string {
  const skipped =
    t.asked === undefined ? "" : `Event ${t.asked} is handled by no node code, so it pauses at the next one. `;
  return `${skipped}Under the debugger it pauses in the run of ${t.scenario} with seed ${t.seed}, before event ${t.event}: ${t.node} ${t.during}.`;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: ReplayArgs;
  try {
    args = parseReplayArgs(argv);
  } catch (err) {
    throw err instanceof UsageError ? new UsageError(`${err.message}\n${USAGE}`) : err;
  }
  const { only, seed, impl } = args.grade;
  const chapter = args.grade.chapters[0];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "raft-replay-"));
  try {
    const find: ChildRequest = {
      testId: only,
      chapter,
      out: path.join(scratch, "find.json"),
      ...(args.breakAt === undefined ? {} : { breakAt: args.breakAt }),
    };
    console.log(
      `Replaying ${only}${seed === undefined ? "" : ` with seed ${seed}`}, with ${impl} loaded beside the simulator, outside the sandbox.`,
    );
    const first = childCommand(args, find);
    const run = spawnSync(process.execPath, first.argv, {
      env: first.env,
      stdio: ["ignore", "inherit", "inherit"],
      timeout: FIND_TIMEOUT_MS,
    });
    const found = readReport(find.out);
    if (!found && run.error === undefined && run.signal === null) {
      console.log("The replay could not run (see above).");
      return 2;
    }
    if (!found) {
      console.log(
        `It did not end within ${FIND_TIMEOUT_MS / 60000} minutes: some node code may never return (the grade stops a run after 15 s).${args.port === null ? "" : " Under the debugger, pause it to see where it is."}`,
      );
    } else {
      console.log(found.passed ? "It passes." : `It fails:\n${indent(found.message ?? "")}`);
      if (found.target) console.log(describeTarget(found.target));
      else if (args.breakAt !== undefined) console.log(`The run ends before event ${args.breakAt}: it will not pause.`);
    }
    const outcome = !found ? 2 : found.passed ? 0 : 1;
    if (args.port === null) return outcome;

    const debug: ChildRequest = {
      testId: only,
      chapter,
      out: path.join(scratch, "debug.json"),
      debug: {
        port: args.port,
        ...(found?.target ? { pause: { run: found.target.run, item: found.target.item } } : {}),
      },
    };
    console.log(
      [
        "",
        `Waiting for a debugger on 127.0.0.1:${args.port}: open chrome://inspect in Chrome, or attach VS Code`,
        `(launch configuration "Attach to a replay"). ${found?.target ? "" : "Set your breakpoints, then let it run. "}Ctrl-C stops.`,
      ].join("\n"),
    );
    const second = childCommand(args, debug);
    const child = spawn(process.execPath, second.argv, { env: second.env, stdio: "inherit" });
    const stop = () => child.kill("SIGTERM");
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    // npm's shell passes no signal on: a replay whose npm was stopped would keep the port open.
    const parent = process.ppid;
    const orphaned = setInterval(() => process.ppid !== parent && stop(), 500);
    await new Promise<void>((resolve) => child.on("close", () => resolve()));
    clearInterval(orphaned);
    const again = readReport(debug.out);
    if (found && again && again.message !== found.message) {
      console.log(
        `Under the debugger the run ended differently (something evaluated while paused changed it):\n${indent(again.message ?? "it passed")}`,
      );
    }
    return outcome;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

runMain(main);
