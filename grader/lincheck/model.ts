import type { Operation } from "./history";

/**
 * A sequential specification: what one correct copy of the service would answer. The checker
 * asks whether the concurrent history could have come from it.
 */
export interface Model<S, I, O> {
  /** Named in explanations: "… respects their times and a sequential <name>". */
  readonly name: string;
  init(): S;
  /** The state after the operation, or `undefined` if it could not have answered `output` in `state`. */
  step(state: S, input: I, output: O | undefined): S | undefined;
  /** Equal keys for equal states: the search's cache compares states by it. */
  key(state: S): string;
  /**
   * True when the operation leaves the state unchanged wherever it is allowed (a read). The
   * search then takes it as soon as it may, without trying it later as well: moving a read
   * earlier, to a moment it answers correctly, never changes what anything else sees.
   */
  readOnly?(input: I, output: O | undefined): boolean;
  /** Independent parts (one per key): checked apart, which keeps each search small. */
  partition?(ops: readonly Operation<I, O>[]): Operation<I, O>[][];
  /** The name of an operation's part, for the explanation. */
  keyOf?(op: Operation<I, O>): string;
  describe(op: Operation<I, O>): string;
}

export type KvInput =
  | { readonly op: "get"; readonly key: string }
  | { readonly op: "put" | "append"; readonly key: string; readonly value: string };
/** A get's value; puts and appends answer nothing. */
export type KvOutput = string;
export type KvOperation = Operation<KvInput, KvOutput>;

/**
 * A key-value store whose keys never interact, so its state is the value of one key: the
 * checker always steps it within one key's part.
 */
export const kvModel: Model<string, KvInput, KvOutput> = {
  name: "key-value store",
  init: () => "",
  step(state, input, output) {
    switch (input.op) {
      case "get":
        return output === undefined || output === state ? state : undefined;
      case "put":
        return input.value;
      case "append":
        return state + input.value;
    }
  },
  key: (state) => state,
  readOnly: (input) => input.op === "get",
  partition(ops) {
    const byKey = new Map<string, KvOperation[]>();
    for (const op of ops) {
      const part = byKey.get(op.input.key);
      if (part) part.push(op);
      else byKey.set(op.input.key, [op]);
    }
    return [...byKey.values()];
  },
  keyOf: (op) => op.input.key,
  describe(op) {
    const key = JSON.stringify(op.input.key);
    if (op.input.op !== "get") return `${op.input.op}(${key}, ${JSON.stringify(op.input.value)})`;
    return `get(${key}) → ${op.output === undefined ? "?" : JSON.stringify(op.output)}`;
  },
};

export type RegisterInput =
  | { readonly op: "read" }
  | { readonly op: "write"; readonly value: number }
  | { readonly op: "cas"; readonly from: number; readonly to: number };
/** A read's value (`null`: never written), or whether a write or compare-and-set went through. */
export type RegisterOutput = number | null | "ok" | "fail";
export type RegisterOperation = Operation<RegisterInput, RegisterOutput>;

/** One register of numbers; `null` until the first write. */
export const registerModel: Model<number | null, RegisterInput, RegisterOutput> = {
  name: "register",
  init: () => null,
  step(state, input, output) {
    switch (input.op) {
      case "read":
        return output === undefined || output === state ? state : undefined;
      case "write":
        return input.value;
      case "cas":
        if (output === "ok") return state === input.from ? input.to : undefined;
        // A failed compare-and-set ran and found another value: a definite answer.
        if (output === "fail") return state === input.from ? undefined : state;
        if (output !== undefined) return undefined;
        return state === input.from ? input.to : state;
    }
  },
  key: (state) => String(state),
  readOnly: (input, output) => input.op === "read" || (input.op === "cas" && output === "fail"),
  describe(op) {
    const result = op.output === undefined ? "?" : op.output === null ? "nil" : String(op.output);
    switch (op.input.op) {
      case "read":
        return `read() → ${result}`;
      case "write":
        return `write(${op.input.value})`;
      case "cas":
        return `cas(${op.input.from}, ${op.input.to}) → ${result}`;
    }
  },
};

const KV_OPS = new Set(["get", "put", "append"]);
const REGISTER_OPS = new Set(["read", "write", "cas"]);

/** Words for an operation of either model, told apart by the shape of its input; any other as JSON. */
export function describeAny(op: Operation<unknown, unknown>): string {
  const input = op.input;
  if (typeof input === "object" && input !== null && "op" in input && typeof input.op === "string") {
    if (KV_OPS.has(input.op) && "key" in input) return kvModel.describe(op as KvOperation);
    if (REGISTER_OPS.has(input.op)) return registerModel.describe(op as RegisterOperation);
  }
  return `${JSON.stringify(input)} → ${op.output === undefined ? "?" : JSON.stringify(op.output)}`;
}
