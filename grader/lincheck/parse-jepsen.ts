import { ParseError } from "./history";
import type { RegisterInput, RegisterOperation } from "./model";

/** `INFO  jepsen.util - 2	:invoke	:write	4`: process, type, function, value (tabs or spaces). */
const LINE = /jepsen\.util\s+-\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S.*)$/;
const INTEGER = /^-?\d+$/;
const PAIR = /^\[(-?\d+)\s+(-?\d+)\]$/;

/**
 * A Jepsen register log (`jepsen/*.log`). `:ok` ends the process's pending operation with its
 * result; a `:fail` of a compare-and-set is a definite "it found another value"; a `:fail` of a
 * read leaves its result unknown; `:info`, or the log's end, leaves an operation's outcome
 * unknown. Lines other than `jepsen.util` ones, and the nemesis's, are not operations. Times
 * are line numbers.
 */
export function parseJepsen(text: string, file: string): RegisterOperation[] {
  const ops: RegisterOperation[] = [];
  const pending = new Map<number, RegisterOperation>();
  text.split("\n").forEach((raw, i) => {
    if (!raw.includes("jepsen.util")) return;
    const fail = (reason: string): never => {
      throw new ParseError(file, i + 1, reason);
    };
    const m = LINE.exec(raw.trimEnd()) ?? fail("expected: process, type, function and value");
    const [, process, type, f, value] = m;
    if (process === ":nemesis") return;
    if (!INTEGER.test(process)) fail(`the process ${process} is not a number`);
    const client = Number(process);
    if (f !== ":read" && f !== ":write" && f !== ":cas") fail(`the function ${f} is not :read, :write or :cas`);
    const integer = (): number => (INTEGER.test(value) ? Number(value) : fail(`${f} needs a number, not ${value}`));
    const pair = (): [number, number] => {
      const p = PAIR.exec(value) ?? fail(`${f} needs [from to], not ${value}`);
      return [Number(p[1]), Number(p[2])];
    };
    const open = pending.get(client);
    if (type === ":invoke") {
      if (open) fail(`process ${client} invokes again before its operation of line ${open.call} ended`);
      let input: RegisterInput;
      if (f === ":read") input = { op: "read" };
      else if (f === ":write") input = { op: "write", value: integer() };
      else {
        const [from, to] = pair();
        input = { op: "cas", from, to };
      }
      const op: RegisterOperation = { client, input, call: i + 1, output: undefined, ret: undefined };
      ops.push(op);
      pending.set(client, op);
      return;
    }
    if (type !== ":ok" && type !== ":fail" && type !== ":info")
      fail(`the type ${type} is not :invoke, :ok, :fail or :info`);
    if (!open) return fail(`${type} of process ${client}, which has no operation under way`);
    if (`:${open.input.op}` !== f) fail(`this ${type} of ${f} would end the ${open.input.op} of line ${open.call}`);
    pending.delete(client);
    if (type === ":info") return;
    open.ret = i + 1;
    if (type === ":ok") open.output = f === ":read" ? (value === "nil" ? null : integer()) : "ok";
    else if (f === ":cas") open.output = "fail";
    else if (f === ":write") fail("a :fail of a :write is not part of the format");
  });
  return ops;
}
