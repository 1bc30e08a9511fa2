import type { Operation } from "./history";
import type { Model } from "./model";

/**
 * Wing & Gong's search for a linearization, with Lowe's cache: a depth-first walk over the
 * calls and returns in time order, taking ("linearizing") an operation whose call has come and
 * backing up when a return comes before its operation was taken. Every configuration (set of
 * operations taken, state) the walk enters goes into the cache; if the search fails, each of
 * them has failed, so meeting one again ends that branch.
 *
 * An operation of unknown outcome returns after everything and need never be taken: the search
 * succeeds once every operation with a known return is taken.
 *
 * Beyond Porcupine's design, each pruning shown sound where it is made: reads go first and
 * once, unknown outcomes last and only when they make a difference, and a configuration is
 * dropped when one at least as good was entered before.
 */

export interface Limits {
  /** The `performance.now()` after which the search gives up. */
  readonly deadline: number;
  /** Steps after which it gives up: a count, so what it gives up on is the same on every machine. */
  readonly maxSteps: number;
}

export type SearchResult =
  | { readonly outcome: "linearizable"; readonly steps: number }
  | {
      readonly outcome: "not-linearizable";
      readonly steps: number;
      /**
       * The operations (indexes) whose call comes before the latest return the search was stuck
       * at. No other operation was ever taken, so the history of these alone fails the same way.
       */
      readonly reached: number[];
    }
  | { readonly outcome: "gave-up"; readonly steps: number };

/** Steps between looks at the limits: often enough to stop promptly, rarely enough to cost nothing. */
const CHECK_EVERY = 1024;

// How an operation is taken.
/** Known outcome, may change the state: tried at every chance, before any unknown outcome. */
const DEFINITE = 0;
/** Unknown outcome that may change the state: tried only once no definite operation will do. */
const UNKNOWN = 1;
/** A read with a known return: taken first, as soon as it answers correctly. */
const READ = 2;
/** A read of unknown outcome constrains nothing: never taken. */
const IGNORED = 3;

/** Seeded, so that a history's search (and what a step limit cuts off) is the same on every run. */
function hashWords(n: number): Int32Array {
  const words = new Int32Array(n);
  let seed = 0x2545f491;
  for (let i = 0; i < n; i++) {
    seed = (seed + 0x9e3779b9) | 0;
    let z = seed;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    words[i] = z ^ (z >>> 16);
  }
  return words;
}

/**
 * Events `2·op` (call) and `2·op + 1` (return) in time order. At equal times calls come first:
 * an operation that returns at tick t and one called at tick t are concurrent, since neither is
 * known to have finished first.
 */
function eventOrder(ops: readonly Operation<unknown, unknown>[]): number[] {
  const time = (e: number) => {
    const op = ops[e >> 1];
    return e & 1 ? (op.ret ?? Infinity) : op.call;
  };
  const events = Array.from({ length: 2 * ops.length }, (_, e) => e);
  return events.sort((a, b) => time(a) - time(b) || (a & 1) - (b & 1) || a - b);
}

/** A search that can stop at its limits and go on later from where it stopped. */
export interface Search {
  /** Runs until the answer, or until `limits` (its steps counted from the start); "gave-up" pauses it. */
  run(limits: Limits): SearchResult;
}

export function startSearch<S, I, O>(model: Model<S, I, O>, ops: readonly Operation<I, O>[]): Search {
  const n = ops.length;
  // The events as a doubly linked list of nodes 1..2n in time order, node 0 its head: taking an
  // operation unlinks its call and return, backing up links them again where they were.
  const size = 2 * n + 1;
  const next = new Int32Array(size);
  const prev = new Int32Array(size);
  const opOf = new Int32Array(size);
  const returnOf = new Int32Array(size);
  const isCall = new Uint8Array(size);
  const callNode = new Int32Array(n);
  const order = eventOrder(ops);
  order.forEach((e, i) => {
    const node = i + 1;
    opOf[node] = e >> 1;
    // A return comes after its call, whose node is then known.
    if (e & 1) returnOf[callNode[e >> 1]] = node;
    else {
      isCall[node] = 1;
      callNode[e >> 1] = node;
    }
  });
  for (let node = 0; node < size; node++) {
    next[node] = (node + 1) % size;
    prev[node] = (node + size - 1) % size;
  }

  const inputs = ops.map((op) => op.input);
  // An unknown outcome's output, if any, is not to be relied on.
  const outputs = ops.map((op) => (op.ret === undefined ? undefined : op.output));
  const kind = new Uint8Array(n);
  const known = new Uint32Array((n + 31) >>> 5);
  let definiteLeft = 0;
  let anyUnknown = false;
  for (let i = 0; i < n; i++) {
    const isKnown = ops[i].ret !== undefined;
    const readOnly = model.readOnly?.(inputs[i], outputs[i]) ?? false;
    kind[i] = isKnown ? (readOnly ? READ : DEFINITE) : readOnly ? IGNORED : UNKNOWN;
    if (isKnown) {
      known[i >>> 5] |= 1 << (i & 31);
      definiteLeft++;
    } else anyUnknown ||= !readOnly;
  }

  // States by number: the stack and the cache then hold integers. The cache is keyed by state
  // as well as by what was taken, as one taken set can meet thousands of states (the orders of
  // a dozen concurrent appends).
  const states: S[] = [];
  const stateIds = new Map<string, number>();
  const stateId = (state: S): number => {
    const key = model.key(state);
    let id = stateIds.get(key);
    if (id === undefined) {
      stateIds.set(key, (id = states.length));
      states.push(state);
    }
    return id;
  };
  /** The state after the operation, or -1 if it is not allowed there. */
  const step = (from: number, op: number): number => {
    const after = model.step(states[from], inputs[op], outputs[op]);
    return after === undefined ? -1 : stateId(after);
  };
  // Unknown outcomes with equal inputs can stand in for each other once both have been called:
  // only the earliest one not yet taken is tried.
  const twin = new Int32Array(n).fill(-1);
  const lastWith = new Map<string, number>();
  for (const e of order) {
    const op = e >> 1;
    if (e & 1 || kind[op] !== UNKNOWN) continue;
    const input = JSON.stringify(inputs[op]);
    twin[op] = lastWith.get(input) ?? -1;
    lastWith.set(input, op);
  }
  const words = hashWords(n);
  const taken = new Uint32Array(known.length);
  // Hashes only the operations of known outcome: see `remember`.
  let hash = 0;
  // The cache's configurations live in one growing arena, each its state then its taken words:
  // tens of thousands of small arrays would keep the garbage collector busy.
  const width = 1 + taken.length;
  let arena = new Int32Array(1024 * width);
  let entries = 0;
  const cache = new Map<number, number[]>();
  const toggle = (op: number) => {
    taken[op >>> 5] ^= 1 << (op & 31);
    if (kind[op] !== UNKNOWN) hash ^= words[op];
  };
  /**
   * False if a configuration as good as this one was entered before: the same operations of
   * known outcome taken, the same state, and no more of unknown outcome used up (each one used
   * up is only a chance fewer).
   */
  const remember = (state: number): boolean => {
    const key = (hash ^ Math.imul(state + 1, 0x9e3779b1)) & 0x3fffffff;
    let bucket = cache.get(key);
    if (bucket === undefined) cache.set(key, (bucket = []));
    for (const at of bucket) {
      if (arena[at] !== state) continue;
      let asGood = true;
      for (let w = 0; w < taken.length && asGood; w++) {
        const was = arena[at + 1 + w];
        const now = taken[w];
        asGood = (was & ~now) === 0 && (now & ~was & known[w]) === 0;
      }
      if (asGood) return false;
    }
    if ((entries + 1) * width > arena.length) {
      const grown = new Int32Array(arena.length * 2);
      grown.set(arena);
      arena = grown;
    }
    const at = entries++ * width;
    arena[at] = state;
    arena.set(taken, at + 1);
    bucket.push(at);
    return true;
  };

  const stackNode = new Int32Array(n);
  // A forced step is a read taken as soon as it could be: if what follows fails, so does the
  // configuration before it, with nothing else to try there.
  const stackForced = new Uint8Array(n);
  const stackId = new Int32Array(n);
  let depth = 0;
  let id = stateId(model.init());

  const NOT_ALLOWED = 0;
  const TAKEN = 1;
  const SEEN = 2;
  const take = (node: number, forced: number): number => {
    const op = opOf[node];
    const afterId = step(id, op);
    if (afterId < 0) return NOT_ALLOWED;
    if (kind[op] === UNKNOWN) {
      const other = twin[op];
      if (other >= 0 && (taken[other >>> 5] & (1 << (other & 31))) === 0) return NOT_ALLOWED;
      // An unknown outcome that changes nothing is the same as one that never happened.
      if (afterId === id) return NOT_ALLOWED;
      // One that undoes the effect of the unknown outcome just before it (a write over a
      // write) is no better than taking it in that one's place, which is tried as well.
      if (depth > 0 && kind[opOf[stackNode[depth - 1]]] === UNKNOWN) {
        if (step(stackId[depth - 1], op) === afterId) return NOT_ALLOWED;
      }
    }
    toggle(op);
    if (!remember(afterId)) {
      toggle(op);
      return SEEN;
    }
    stackNode[depth] = node;
    stackForced[depth] = forced;
    stackId[depth] = id;
    depth++;
    id = afterId;
    const ret = returnOf[node];
    next[prev[node]] = next[node];
    prev[next[node]] = prev[node];
    next[prev[ret]] = next[ret];
    prev[next[ret]] = prev[ret];
    if (kind[op] !== UNKNOWN) definiteLeft--;
    return TAKEN;
  };
  /** Undoes steps until one that leaves something to try, and returns its node; -1 if none is left. */
  const backtrack = (): number => {
    while (depth > 0) {
      depth--;
      const node = stackNode[depth];
      const op = opOf[node];
      id = stackId[depth];
      const ret = returnOf[node];
      prev[next[ret]] = ret;
      next[prev[ret]] = ret;
      prev[next[node]] = node;
      next[prev[node]] = node;
      toggle(op);
      if (kind[op] !== UNKNOWN) definiteLeft++;
      if (!stackForced[depth]) return node;
    }
    return -1;
  };
  /** Takes the first read that answers correctly now; NOT_ALLOWED if there is none. */
  const takeRead = (): number => {
    for (let node = next[0]; isCall[node]; node = next[node]) {
      if (kind[opOf[node]] !== READ) continue;
      const result = take(node, 1);
      if (result !== NOT_ALLOWED) return result;
    }
    return NOT_ALLOWED;
  };

  let steps = 0;
  let furthest = 0;
  let node = next[0];
  // Entering a configuration, its reads come first; then a pass over the calls for operations
  // of known outcome, then one for those of unknown outcome.
  let fresh = true;
  let pass = DEFINITE;
  let result: SearchResult | undefined;
  const failed = (): SearchResult => {
    const reached: number[] = [];
    for (let op = 0; op < n; op++) if (callNode[op] < furthest) reached.push(op);
    return { outcome: "not-linearizable", steps, reached };
  };
  const run = (limits: Limits): SearchResult => {
    while (result === undefined) {
      if (definiteLeft === 0) result = { outcome: "linearizable", steps };
      else if (++steps % CHECK_EVERY === 0 && (steps >= limits.maxSteps || performance.now() > limits.deadline))
        return { outcome: "gave-up", steps };
      else {
        let resume = 0;
        if (fresh) {
          const read = takeRead();
          if (read === TAKEN) continue;
          fresh = false;
          if (read === NOT_ALLOWED) {
            node = next[0];
            pass = DEFINITE;
            continue;
          }
          resume = backtrack();
        } else if (isCall[node]) {
          if (kind[opOf[node]] === pass && take(node, 0) === TAKEN) fresh = true;
          else node = next[node];
          continue;
        } else if (pass === DEFINITE && anyUnknown) {
          pass = UNKNOWN;
          node = next[0];
          continue;
        } else {
          if (node > furthest) furthest = node;
          resume = backtrack();
        }
        if (resume < 0) result = failed();
        else {
          pass = kind[opOf[resume]] === UNKNOWN ? UNKNOWN : DEFINITE;
          node = next[resume];
        }
      }
    }
    return result;
  };
  return { run };
}

export function search<S, I, O>(model: Model<S, I, O>, ops: readonly Operation<I, O>[], limits: Limits): SearchResult {
  return startSearch(model, ops).run(limits);
}
