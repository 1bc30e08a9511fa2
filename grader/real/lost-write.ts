import type { KvOperation } from "../lincheck/model";

/** An acknowledged write that a later read does not show, though nothing could have overwritten it. */
export interface LostWrite {
  readonly write: KvOperation;
  readonly read: KvOperation;
}

/**
 * Finds the write a crash lost, in a history whose written values are all different and none
 * contains another (the chaos clients' are "[process.n]"): a write acknowledged before a get
 * was called must show in what the get read, unless a put that may come after the write was
 * invoked before the get returned. Each one found is a proof that the history is not linearizable.
 */
export function findLostWrite(ops: readonly KvOperation[]): LostWrite | null {
  for (const write of ops) {
    if (write.input.op === "get" || write.ret === undefined) continue;
    const { key, value } = write.input;
    for (const read of ops) {
      if (read.input.op !== "get" || read.input.key !== key || read.ret === undefined || read.call <= write.ret)
        continue;
      const readRet = read.ret;
      if (read.output === undefined || read.output.includes(value)) continue;
      const overwritten = ops.some(
        (p) =>
          p !== write &&
          p.input.op === "put" &&
          p.input.key === key &&
          p.call < readRet &&
          (p.ret === undefined || p.ret > write.call),
      );
      if (!overwritten) return { write, read };
    }
  }
  return null;
}

export function describeLostWrite({ write, read }: LostWrite): string {
  const w =
    write.input.op === "get"
      ? ""
      : `${write.input.op}(${JSON.stringify(write.input.key)}, ${JSON.stringify(write.input.value)})`;
  return (
    `lost write: client ${write.client}'s ${w}, acknowledged at line ${write.ret}, is missing from ` +
    `client ${read.client}'s get(${JSON.stringify(read.input.key)}) → ${JSON.stringify(read.output)}, called at line ${read.call}`
  );
}
