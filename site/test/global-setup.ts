import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
const BIN = path.join(REPO, "node_modules/.bin");

/** Runs a command to completion within `ms`, failing with its output if it fails or hangs. */
function run(what: string, cmd: string, args: readonly string[], ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${what} did not finish within ${ms / 1000} s:\n${output}`));
    }, ms);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${what} failed (exit ${code}):\n${output}`));
    });
  });
}

/** Starts `npm run serve`'s server on a free loopback port and resolves with its URL. */
function startServer(ms: number): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BIN, "ts-node"), ["--swc", "site/serve.ts"], {
      cwd: REPO,
      env: { ...process.env, PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the site's server did not start within ${ms / 1000} s:\n${output}`));
    }, ms);
    const onData = (d: Buffer) => {
      output += d;
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the site's server exited (${code}) before serving:\n${output}`));
    });
  });
}

/**
 * Builds the site as `npm run site` does, has the grader write chapter 2's traces for the
 * "Open trace" tests, and serves the site on loopback; the returned teardown stops the server.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const traceDir = fs.mkdtempSync(path.join(os.tmpdir(), "raft-site-traces-"));
  await Promise.all([
    // SITE_CHAPTERS builds from another chapters folder (a fixture, or a subset while a chapter's figures are pending).
    run(
      "npm run site",
      "npm",
      [
        "run",
        "--silent",
        "site",
        ...(process.env.SITE_CHAPTERS ? ["--", "--chapters", process.env.SITE_CHAPTERS] : []),
      ],
      60_000,
    ),
    run(
      "npm run grade (writing traces)",
      "npm",
      [
        "run",
        "--silent",
        "grade",
        "--",
        "--impl",
        "solutions",
        "--chapter",
        "2",
        "--seed",
        "1",
        "--trace-dir",
        traceDir,
      ],
      90_000,
    ),
  ]);
  const trace = fs.readdirSync(traceDir).find((f) => f.includes(".002-fig1.") && f.endsWith(".json"));
  if (!trace)
    throw new Error(
      `the grader wrote no trace of scenario 002-fig1 into ${traceDir}: ${fs.readdirSync(traceDir).join(", ")}`,
    );
  process.env.GRADER_TRACE = path.join(traceDir, trace);
  const server = await startServer(20_000);
  process.env.SITE_URL = server.url;
  return async () => {
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGTERM");
    const timer = setTimeout(() => server.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(traceDir, { recursive: true, force: true });
  };
}
