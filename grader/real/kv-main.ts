import * as crypto from "node:crypto";
import type { KvOp } from "../contract";
import { parseFlags, runCommand, UsageError } from "./args";
import { RealKvClient, Unavailable } from "./client";
import { CURRENT_FILE, readCurrent } from "./current";

const USAGE = "usage: npm run kv -- put KEY VALUE | get KEY | append KEY VALUE";

function operation(words: readonly string[]): KvOp {
  const [op, key, value, ...extra] = words;
  if (op === undefined) throw new UsageError(USAGE);
  if (op !== "put" && op !== "get" && op !== "append") throw new UsageError(`unknown command "${op}"; ${USAGE}`);
  if (key === undefined) throw new UsageError(`${op} needs a key; ${USAGE}`);
  if (op === "get") {
    if (value !== undefined) throw new UsageError(`get takes only a key; ${USAGE}`);
    return { op, key };
  }
  if (value === undefined) throw new UsageError(`${op} needs a key and a value; ${USAGE}`);
  if (extra.length > 0) throw new UsageError(`${op} takes one key and one value (quote a value with spaces); ${USAGE}`);
  return { op, key, value };
}

runCommand(async (argv) => {
  const { words } = parseFlags(argv, {});
  const op = operation(words);
  const current = readCurrent();
  if (current === null)
    throw new UsageError(`no cluster running: ${CURRENT_FILE} does not exist (start one with npm run cluster)`);
  // A client id of its own for each command, so that its one sequence number is never taken for another's.
  const client = new RealKvClient(`kv-${crypto.randomBytes(6).toString("hex")}`, current.ports, {
    retryMs: 1_000,
    giveUpMs: 10_000,
  });
  try {
    const value = await client.invoke(op);
    process.stdout.write(op.op === "get" ? `${value}\n` : "ok\n");
    return 0;
  } catch (err) {
    if (err instanceof Unavailable) throw new UsageError(err.message);
    throw err;
  } finally {
    client.close();
  }
});
