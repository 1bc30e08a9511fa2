/** Details a failed graded test carries to the reporters beside its message. */
export interface FailureContext {
  readonly kind: "load" | "fault" | "violation" | "budget" | "expectation";
  readonly seed?: number;
  readonly event?: number;
  readonly trace?: string;
  readonly replay?: string;
  /** A stub the learner has not filled yet, e.g. "TODO 1.1 (propose in …)". */
  readonly todo?: string;
}

/** A graded test failed for a reason the learner can act on; the message says what went wrong. */
export class GradeFailure extends Error {
  constructor(
    message: string,
    readonly context: FailureContext,
  ) {
    super(message);
    this.name = "GradeFailure";
  }
}

/**
 * Runs `body`; a GradeFailure it throws is thrown again with `cause(failure)` in front of its
 * message, when the chapter knows the usual cause of such a failure.
 */
export function withCause<T>(body: () => T, cause: (failure: GradeFailure) => string | null): T {
  try {
    return body();
  } catch (err) {
    if (!(err instanceof GradeFailure)) throw err;
    const why = cause(err);
    throw why ? new GradeFailure(`${why}\n${err.message}`, err.context) : err;
  }
}
