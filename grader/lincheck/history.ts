/**
 * One operation of a client history. Times are integers on one clock (ticks, or the line of a
 * log); the checker only compares them.
 *
 * `ret === undefined` is an unknown outcome (the client gave up, or the history ends first): the
 * operation may have taken effect at any time after `call`, or never, and its output is then
 * unconstrained. With `ret` known, `output === undefined` says only the output was lost.
 */
export interface Operation<I, O> {
  client: number;
  input: I;
  call: number;
  output: O | undefined;
  ret: number | undefined;
}

/** The form an operation takes when nothing about its outcome may be relied on. */
export function weakened<I, O>(op: Operation<I, O>): Operation<I, O> {
  return { client: op.client, input: op.input, call: op.call, output: undefined, ret: undefined };
}

/** A line that is not in the format, named by file and line so the learner can open it. */
export class ParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "ParseError";
  }
}
