import * as fs from "node:fs";
import * as path from "node:path";
import { crc32 } from "node:zlib";
import type { Entry, NodeId } from "../contract";
import type { StorageOp, StorageState } from "../sim/host-protocol";

/**
 * A node's durable state in files: the log in an append-only file of checksummed records (one
 * per entry; a truncation cuts the file's tail), currentTerm and votedFor in a small state file
 * replaced atomically. Nothing a node wrote counts as durable until sync() returns, and the
 * process lets nothing out that depends on a write before then.
 */

export const LOG_FILE = "log";
export const STATE_FILE = "state";
/** What the node had fsync'd: a power-loss crash cuts its files back to it (see powerLoss). */
export const SYNCED_FILE = "synced.json";

/** Record header: payload length and CRC-32 of the payload, both little-endian 32-bit. */
const HEADER = 8;
/** No entry's record comes near this (commands are at most 1000 characters): a longer length is damage, not a torn write. */
const MAX_RECORD = 64 * 1024;

/** The files cannot be read back without losing a record that may have been committed. */
export class CorruptStorage extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    why: string,
  ) {
    super(`${file} is corrupt at byte offset ${offset}: ${why}`);
    this.name = "CorruptStorage";
  }
}

interface Durable {
  readonly currentTerm: number;
  readonly votedFor: NodeId | null;
}

interface SyncedRecord {
  readonly logBytes: number;
  readonly state: Durable;
}

const EMPTY: Durable = { currentTerm: 0, votedFor: null };

function encodeRecord(entry: Entry): Buffer {
  const payload = Buffer.from(JSON.stringify({ term: entry.term, command: entry.command }), "utf8");
  const head = Buffer.alloc(HEADER);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

/**
 * The log file's entries and where each record starts. A damaged last record is a write that
 * was torn by a crash: it was never synced, so nothing depended on it, and it is dropped. Damage
 * with whole records after it is refused.
 */
export function readLog(file: string): { entries: Entry[]; offsets: number[]; validBytes: number } {
  const bytes = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
  const entries: Entry[] = [];
  const offsets: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    const rest = bytes.length - at;
    const len = rest < HEADER ? 0 : bytes.readUInt32LE(at);
    if (len > MAX_RECORD) throw new CorruptStorage(file, at, `a record claims ${len} bytes`);
    const payload = bytes.subarray(at + HEADER, at + HEADER + len);
    if (rest < HEADER + len || len === 0 || crc32(payload) !== bytes.readUInt32LE(at + 4)) {
      // A torn write leaves a piece of the last record (or zeros, on some file systems) and no whole record after it.
      const next = wholeRecordAfter(bytes, at + 1);
      if (next === null) break;
      throw new CorruptStorage(file, at, `a damaged record, with a whole record after it at offset ${next}`);
    }
    entries.push(parseEntry(payload, file, at));
    offsets.push(at);
    at += HEADER + len;
  }
  return { entries, offsets, validBytes: at };
}

/** The offset of the first whole, checksummed entry record at or after `from`, if any. */
function wholeRecordAfter(bytes: Buffer, from: number): number | null {
  const start = Buffer.from('{"term":');
  for (let p = bytes.indexOf(start, from + HEADER); p >= 0; p = bytes.indexOf(start, p + 1)) {
    const at = p - HEADER;
    const len = bytes.readUInt32LE(at);
    if (
      len <= MAX_RECORD &&
      p + len <= bytes.length &&
      crc32(bytes.subarray(p, p + len)) === bytes.readUInt32LE(at + 4)
    )
      return at;
  }
  return null;
}

function parseEntry(payload: Buffer, file: string, offset: number): Entry {
  let e: unknown;
  try {
    e = JSON.parse(payload.toString("utf8"));
  } catch {
    throw new CorruptStorage(file, offset, "a record with a good checksum is not JSON");
  }
  const { term, command } = (e ?? {}) as Record<string, unknown>;
  if (!Number.isInteger(term) || typeof command !== "string")
    throw new CorruptStorage(file, offset, "a record is not an entry { term, command }");
  return { term: term as number, command: command as string };
}

/** The state file: `<crc32 hex> <json>`, so damage is told from a value. */
function encodeState(s: Durable): string {
  const json = JSON.stringify({ currentTerm: s.currentTerm, votedFor: s.votedFor });
  return `${crc32(json).toString(16).padStart(8, "0")} ${json}\n`;
}

function readState(file: string): Durable {
  if (!fs.existsSync(file)) return EMPTY;
  const text = fs.readFileSync(file, "utf8");
  const m = /^([0-9a-f]{8}) (.*)\n$/s.exec(text);
  if (!m || parseInt(m[1], 16) !== crc32(m[2])) throw new CorruptStorage(file, 0, "its checksum does not match");
  const { currentTerm, votedFor } = JSON.parse(m[2]) as Record<string, unknown>;
  if (!Number.isInteger(currentTerm) || (votedFor !== null && typeof votedFor !== "string"))
    throw new CorruptStorage(file, 0, "it does not hold { currentTerm, votedFor }");
  return { currentTerm: currentTerm as number, votedFor: votedFor as NodeId | null };
}

/** Replaces `file` with `text` so that a crash leaves the old or the new file, never a mix. */
function replaceAtomically(file: string, text: string, durable: boolean): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, text);
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  if (durable) fsyncDir(path.dirname(file));
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface StorageFiles {
  /** What the files held at start, torn tail dropped. */
  readonly recovered: StorageState;
  /** Takes in a node's writes, already validated, in the order it made them. */
  write(ops: readonly StorageOp[]): void;
  /** Makes every write so far durable: called before anything that depends on them leaves the process. */
  sync(): void;
  close(): void;
}

/** The workbook's storage: every sync() fsyncs what changed, and records what is now durable. */
export class FileStorage implements StorageFiles {
  readonly recovered: StorageState;
  protected readonly logFile: string;
  private readonly stateFile: string;
  private readonly fd: number;
  /** Byte offset of each entry's record, entry 1 first. */
  private readonly offsets: number[];
  private size: number;
  private state: Durable;
  private logDirty = false;
  private stateDirty = false;

  constructor(
    protected readonly dir: string,
    /** Whether sync() reaches the disk: false only for the zoo's storage that never fsyncs. */
    private readonly fsyncs = true,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.logFile = path.join(dir, LOG_FILE);
    this.stateFile = path.join(dir, STATE_FILE);
    const log = readLog(this.logFile);
    this.state = readState(this.stateFile);
    this.fd = fs.openSync(this.logFile, fs.existsSync(this.logFile) ? "r+" : "w+");
    fs.ftruncateSync(this.fd, log.validBytes);
    this.offsets = log.offsets;
    this.size = log.validBytes;
    this.recovered = { ...this.state, log: log.entries };
    // What was read back is now all there is: make it durable, so a later power loss keeps it.
    this.logDirty = true;
    this.stateDirty = true;
    this.sync();
  }

  write(ops: readonly StorageOp[]): void {
    for (const op of ops) {
      if (op[0] === "term") this.setState({ ...this.state, currentTerm: op[1] });
      else if (op[0] === "vote") this.setState({ ...this.state, votedFor: op[1] });
      else if (op[0] === "append") this.appendEntries(op[1]);
      else this.truncateFrom(op[1]);
    }
  }

  sync(): void {
    if (this.logDirty && this.fsyncs) fs.fsyncSync(this.fd);
    if (this.stateDirty) replaceAtomically(this.stateFile, encodeState(this.state), this.fsyncs);
    if ((this.logDirty || this.stateDirty) && this.fsyncs) this.recordSynced();
    this.logDirty = this.stateDirty = false;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  protected appendEntries(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const records = entries.map(encodeRecord);
    let at = this.size;
    for (const r of records) {
      this.offsets.push(at);
      at += r.length;
    }
    this.writeAt(Buffer.concat(records), this.size);
  }

  protected truncateFrom(index: number): void {
    if (index > this.offsets.length) return;
    this.size = this.offsets[index - 1];
    this.offsets.length = index - 1;
    fs.ftruncateSync(this.fd, this.size);
    this.logDirty = true;
  }

  private writeAt(buf: Buffer, at: number): void {
    for (let off = 0; off < buf.length;) off += fs.writeSync(this.fd, buf, off, buf.length - off, at + off);
    this.size = at + buf.length;
    this.logDirty = true;
  }

  private setState(s: Durable): void {
    this.state = s;
    this.stateDirty = true;
  }

  /** Not itself fsync'd: it stands for what the disk holds, and only a power-loss crash of the chaos run reads it. */
  private recordSynced(): void {
    const record: SyncedRecord = { logBytes: this.size, state: this.state };
    replaceAtomically(path.join(this.dir, SYNCED_FILE), JSON.stringify(record), false);
  }
}

/**
 * A power-loss crash of a node already killed: its files cut back to what it had fsync'd, as a
 * disk would hold them after the power went (writes the OS had not flushed are gone).
 */
export function powerLoss(dir: string): void {
  const syncedFile = path.join(dir, SYNCED_FILE);
  const synced: SyncedRecord = fs.existsSync(syncedFile)
    ? (JSON.parse(fs.readFileSync(syncedFile, "utf8")) as SyncedRecord)
    : { logBytes: 0, state: EMPTY };
  const logFile = path.join(dir, LOG_FILE);
  if (fs.existsSync(logFile) && fs.statSync(logFile).size > synced.logBytes) fs.truncateSync(logFile, synced.logBytes);
  fs.writeFileSync(path.join(dir, STATE_FILE), encodeState(synced.state));
  fs.rmSync(path.join(dir, `${STATE_FILE}.tmp`), { force: true });
}
