import type { StorageOp } from "../sim/host-protocol";
import { FileStorage, type StorageFiles } from "./file-storage";

/**
 * The epilogue's bug zoo: storages that break the contract's promise that a write is durable
 * at once. The node code above them is the reference, unchanged; `npm run cluster:chaos --
 * --storage NAME` shows each one losing an acknowledged write.
 */

/** How often the storage that acknowledges early writes its buffered log. */
export const FLUSH_EVERY_MS = 100;

/**
 * Writes its log and state but never fsyncs them: a kill -9 loses nothing (the OS has the
 * writes), a power loss loses everything since the node started.
 */
export class NeverFsyncStorage extends FileStorage {
  constructor(dir: string) {
    super(dir, false);
  }
}

/**
 * Keeps the log's writes in memory and writes (and fsyncs) them every 100 ms, while the node
 * goes on acknowledging: an AppendEntries answered, or a client told its write committed, may
 * rest on entries that a kill -9 in the next 100 ms takes away.
 */
export class AckBeforeFlushStorage extends FileStorage {
  private buffered: StorageOp[] = [];
  private readonly timer = setInterval(() => this.flush(), FLUSH_EVERY_MS).unref();

  override write(ops: readonly StorageOp[]): void {
    for (const op of ops) {
      if (op[0] === "append" || op[0] === "truncate") this.buffered.push(op);
      else super.write([op]);
    }
  }

  override close(): void {
    clearInterval(this.timer);
    super.close();
  }

  private flush(): void {
    super.write(this.buffered.splice(0));
    this.sync();
  }
}

export const STORAGE_KINDS = ["durable", "never-fsync", "ack-before-flush"] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

export function openStorage(kind: StorageKind, dir: string): StorageFiles {
  if (kind === "never-fsync") return new NeverFsyncStorage(dir);
  if (kind === "ack-before-flush") return new AckBeforeFlushStorage(dir);
  return new FileStorage(dir);
}
