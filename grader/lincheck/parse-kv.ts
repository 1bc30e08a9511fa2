import { ParseError } from "./history";
import type { KvInput, KvOperation } from "./model";

/** An EDN value as this format uses them: a keyword (`:ok`, kept with its colon), a string, a number or nil. */
type Value = string | number | null | { readonly keyword: string };

const PAIR = /\s*:([a-z-]+)\s+(:[a-z-]+|"(?:[^"\\]|\\.)*"|nil|-?\d+)\s*(?:,|(?=\}$))/y;

/** `{:process 0, :type :invoke, …}` as its entries, or why not. */
function readMap(line: string): Map<string, Value> | string {
  if (!line.startsWith("{") || !line.endsWith("}")) return "expected one {…} map on the line";
  const entries = new Map<string, Value>();
  PAIR.lastIndex = 1;
  while (PAIR.lastIndex < line.length - 1) {
    const start = PAIR.lastIndex;
    const m = PAIR.exec(line);
    if (m === null) return `cannot read the entry at column ${start + 1}`;
    const [, name, raw] = m;
    if (raw === "nil") entries.set(name, null);
    else if (raw.startsWith(":")) entries.set(name, { keyword: raw });
    else if (!raw.startsWith('"')) entries.set(name, Number(raw));
    else {
      try {
        entries.set(name, JSON.parse(raw) as string);
      } catch {
        return `cannot read the string at column ${start + 1}`;
      }
    }
  }
  return entries;
}

const isString = (v: Value): v is string => typeof v === "string";
const isCount = (v: Value): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isKeyword = (v: Value): v is { keyword: string } => typeof v === "object" && v !== null;
const isStringOrNil = (v: Value): v is string | null => v === null || typeof v === "string";

/**
 * A key-value history (`kv/*.txt`): an `:invoke` line starts an operation of its `:process`,
 * that process's next `:ok` ends it; one never ended has an unknown outcome. Times are line
 * numbers.
 */
export function parseKv(text: string, file: string): KvOperation[] {
  const ops: KvOperation[] = [];
  const pending = new Map<number, KvOperation>();
  text.split("\n").forEach((raw, i) => {
    const fail = (reason: string): never => {
      throw new ParseError(file, i + 1, reason);
    };
    const line = raw.trim();
    if (line === "") return;
    const entries = readMap(line);
    if (typeof entries === "string") return fail(entries);
    const field = <T extends Value>(name: string, what: string, is: (v: Value) => v is T): T => {
      const v = entries.get(name);
      if (v === undefined) return fail(`no :${name}`);
      return is(v) ? v : fail(`:${name} should be ${what}`);
    };
    const client = field("process", "a process number", isCount);
    const type = field("type", ":invoke or :ok", isKeyword).keyword;
    const f = field("f", ":get, :put or :append", isKeyword).keyword;
    const key = field("key", "a string", isString);
    const value = field("value", "a string or nil", isStringOrNil);
    if (f !== ":get" && f !== ":put" && f !== ":append") fail(`:f ${f} is not :get, :put or :append`);
    const open = pending.get(client);
    if (type === ":invoke") {
      if (open) fail(`process ${client} invokes again before its operation of line ${open.call} ended`);
      let input: KvInput;
      if (f === ":get") input = { op: "get", key };
      else if (value === null) return fail(`${f} needs a string :value`);
      else input = { op: f === ":put" ? "put" : "append", key, value };
      const op: KvOperation = { client, input, call: i + 1, output: undefined, ret: undefined };
      ops.push(op);
      pending.set(client, op);
    } else if (type === ":ok") {
      if (!open) return fail(`:ok of process ${client}, which has no operation under way`);
      if (`:${open.input.op}` !== f || open.input.key !== key)
        fail(`this :ok of ${f} ${JSON.stringify(key)} would end ${open.input.op} ${JSON.stringify(open.input.key)}`);
      if (f === ":get") open.output = value ?? fail(":ok of a :get needs the string it read");
      open.ret = i + 1;
      pending.delete(client);
    } else fail(`:type ${type} is not :invoke or :ok`);
  });
  return ops;
}
