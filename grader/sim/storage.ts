import type { Entry, Log, NodeId, Storage } from "../contract";
import type { StorageOp } from "./host-protocol";
import { ContractError } from "./errors";

const BASE: Entry = Object.freeze({ term: 0, command: "" });

function checkEntry(entry: unknown, where: string): Entry {
  const e = entry as Entry;
  if (typeof e !== "object" || e === null || !Number.isInteger(e.term) || e.term < 0 || !isCommand(e.command)) {
    throw new ContractError(
      `${where}: an entry must be { term: integer ≥ 0, command: printable text of at most ${COMMAND_LIMIT} characters }, got ${show(entry)}`,
    );
  }
  return Object.freeze({ term: e.term, command: e.command });
}

const COMMAND_LIMIT = 1000;

/** Commands are what clients wrote: printable text, so every log can be shown as it is. */
export function isCommand(v: unknown): v is string {
  // eslint-disable-next-line no-control-regex -- a command holds no control characters
  return typeof v === "string" && v.length <= COMMAND_LIMIT && !/[\u0000-\u001f\u007f\u2028\u2029]/.test(v);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The simulator's durable storage: it outlives a node's crash, and counts what it is asked to do. */
export class MemoryLog implements Log {
  private readonly entries: Entry[] = [BASE];
  /** How many times an existing entry was deleted. */
  deletions = 0;
  /** Bumped on every change, so snapshots can be skipped when nothing moved. */
  version = 0;

  constructor(initial: readonly Entry[] = []) {
    for (const e of initial) this.entries.push(checkEntry(e, "initial log"));
  }

  lastIndex(): number {
    return this.entries.length - 1;
  }
  lastTerm(): number {
    return this.entries[this.entries.length - 1].term;
  }
  term(index: number): number | undefined {
    return Number.isInteger(index) ? this.entries[index]?.term : undefined;
  }
  entry(index: number): Entry | undefined {
    return Number.isInteger(index) ? this.entries[index] : undefined;
  }
  slice(from: number, to?: number): Entry[] {
    return this.entries.slice(Math.max(0, from), to);
  }
  /** Called with every write, in order (the host reports them to the simulator). */
  onWrite: ((op: StorageOp) => void) | null = null;

  append(...entries: Entry[]): number {
    const checked = entries.map((e) => checkEntry(e, "log.append"));
    for (const e of checked) this.entries.push(e);
    if (checked.length > 0) {
      this.version++;
      this.onWrite?.(["append", checked]);
    }
    return this.lastIndex();
  }
  truncateFrom(index: number): void {
    if (!Number.isInteger(index) || index < 1) {
      throw new ContractError(
        `log.truncateFrom(${show(index)}): index 0 holds the base entry, which every log keeps; the lowest index you can delete from is 1`,
      );
    }
    if (index >= this.entries.length) return;
    this.deletions++;
    this.version++;
    this.entries.length = index;
    this.onWrite?.(["truncate", index]);
  }
  /** The Log interface alone, frozen: node code gets this and cannot reach the entries array. */
  facade(): Log {
    return Object.freeze({
      lastIndex: () => this.lastIndex(),
      lastTerm: () => this.lastTerm(),
      term: (index: number) => this.term(index),
      entry: (index: number) => this.entry(index),
      slice: (from: number, to?: number) => this.slice(from, to),
      append: (...entries: Entry[]) => this.append(...entries),
      truncateFrom: (index: number) => this.truncateFrom(index),
    });
  }

  /** The whole log including the base entry, for snapshots and invariants. */
  all(): readonly Entry[] {
    return this.entries;
  }
}

export class MemoryStorage implements Storage {
  private term: number;
  private vote: NodeId | null;
  private hook: ((op: StorageOp) => void) | null = null;
  readonly log: MemoryLog;
  version = 0;

  constructor(init: { currentTerm?: number; votedFor?: NodeId | null; log?: readonly Entry[] } = {}) {
    this.log = new MemoryLog(init.log ?? []);
    this.term = init.currentTerm ?? this.log.lastTerm();
    this.vote = init.votedFor ?? null;
  }

  get currentTerm(): number {
    return this.term;
  }
  set currentTerm(term: number) {
    if (!Number.isInteger(term) || term < 0) {
      throw new ContractError(`storage.currentTerm must be an integer ≥ 0, got ${show(term)}`);
    }
    this.term = term;
    this.version++;
    this.onWrite?.(["term", term]);
  }
  get votedFor(): NodeId | null {
    return this.vote;
  }
  set votedFor(id: NodeId | null) {
    if (id !== null && typeof id !== "string") {
      throw new ContractError(`storage.votedFor must be a node id or null, got ${show(id)}`);
    }
    this.vote = id;
    this.version++;
    this.onWrite?.(["vote", id]);
  }

  set onWrite(hook: ((op: StorageOp) => void) | null) {
    this.hook = hook;
    this.log.onWrite = hook;
  }
  get onWrite(): ((op: StorageOp) => void) | null {
    return this.hook;
  }

  /** The Storage interface alone, frozen, for node code. */
  facade(): Storage {
    const log = this.log.facade();
    const facade = {} as Storage;
    Object.defineProperties(facade, {
      currentTerm: { get: () => this.currentTerm, set: (v: number) => (this.currentTerm = v), enumerable: true },
      votedFor: { get: () => this.votedFor, set: (v: NodeId | null) => (this.votedFor = v), enumerable: true },
      log: { value: log, enumerable: true },
    });
    return Object.freeze(facade);
  }

  /** Replays writes a node reported (untrusted: each is checked as if the node had made it). */
  applyWrites(ops: readonly StorageOp[]): void {
    for (const op of ops) {
      if (!Array.isArray(op)) throw new ContractError("a storage write must be a list");
      const [kind, value] = op as [string, unknown];
      if (kind === "term") this.currentTerm = value as number;
      else if (kind === "vote") this.votedFor = value as NodeId | null;
      else if (kind === "truncate") this.log.truncateFrom(value as number);
      else if (kind === "append" && Array.isArray(value)) this.log.append(...(value as Entry[]));
      else throw new ContractError(`an unknown storage write ${String(kind)}`);
    }
  }

  state(): { currentTerm: number; votedFor: NodeId | null; log: Entry[] } {
    return { currentTerm: this.term, votedFor: this.vote, log: this.log.slice(1) };
  }
}
