import type { KvOp } from "../contract";

/**
 * A client history in the key-value format of grader/lincheck/histories/README.md, written as
 * it happens: one line per invocation and per completion, so the line numbers are the times
 * the checker orders operations by. An operation never completed has no `:ok` line.
 */
export class HistoryRecorder {
  private readonly lines: string[] = [];

  invoke(process: number, op: KvOp): void {
    this.lines.push(line(process, "invoke", op, op.op === "get" ? null : op.value));
  }

  ok(process: number, op: KvOp, read: string): void {
    this.lines.push(line(process, "ok", op, op.op === "get" ? read : op.value));
  }

  text(): string {
    return this.lines.map((l) => `${l}\n`).join("");
  }
}

function line(process: number, type: "invoke" | "ok", op: KvOp, value: string | null): string {
  const v = value === null ? "nil" : JSON.stringify(value);
  return `{:process ${process}, :type :${type}, :f :${op.op}, :key ${JSON.stringify(op.key)}, :value ${v}}`;
}
