/**
 * Length-prefixed JSON over a byte stream (TCP between the cluster's processes): a 4-byte
 * little-endian length, then that many bytes of UTF-8 JSON.
 */

/** Larger frames are refused: a batch of entries never comes near it, and a bad peer cannot make us buffer without end. */
export const FRAME_LIMIT = 16 * 1024 * 1024;

export function encodeFrame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** Collects a stream's chunks and hands out each whole frame's value; throws on a frame that is too long or not JSON. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): unknown[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: unknown[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32LE(0);
      if (length > FRAME_LIMIT) throw new Error(`a frame of ${length} bytes is over the limit of ${FRAME_LIMIT}`);
      if (this.pending.length < 4 + length) break;
      out.push(JSON.parse(this.pending.subarray(4, 4 + length).toString("utf8")));
      this.pending = this.pending.subarray(4 + length);
    }
    return out;
  }
}
