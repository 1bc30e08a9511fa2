import * as fs from "node:fs";

/** Frames larger than this are refused: a node's outputs for one moment never come near it. */
export const FRAME_LIMIT = 256 * 1024 * 1024;

/** The other end closed its side of the pipe (its process ended). */
export class PipeClosed extends Error {
  constructor() {
    super("the pipe closed");
    this.name = "PipeClosed";
  }
}

/** Writes one JSON value as a length-prefixed frame, blocking until it is all written. */
export function writeFrame(fd: number, value: unknown): void {
  const text = JSON.stringify(value);
  const length = Buffer.byteLength(text, "utf8");
  // One buffer for the length and the body: a frame is written for every moment of every run.
  const frame = Buffer.allocUnsafe(4 + length);
  frame.writeUInt32LE(length, 0);
  frame.write(text, 4, "utf8");
  writeAll(fd, frame);
}

function writeAll(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length;) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
      if ((err as NodeJS.ErrnoException).code === "EPIPE") throw new PipeClosed();
      throw err;
    }
  }
}

/** Reads one frame, blocking; throws PipeClosed at the end of the stream. */
export function readFrame(fd: number): unknown {
  const head = readExactly(fd, 4);
  const length = head.readUInt32LE(0);
  if (length > FRAME_LIMIT) throw new Error(`a frame of ${length} bytes is over the limit of ${FRAME_LIMIT}`);
  return JSON.parse(readExactly(fd, length).toString("utf8"));
}

function readExactly(fd: number, n: number): Buffer {
  // Every byte is overwritten before it is read (or the frame is refused at the end of the stream).
  const buf = Buffer.allocUnsafe(n);
  for (let off = 0; off < n;) {
    let got: number;
    try {
      got = fs.readSync(fd, buf, off, n - off, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") continue;
      throw err;
    }
    if (got === 0) throw new PipeClosed();
    off += got;
  }
  return buf;
}
