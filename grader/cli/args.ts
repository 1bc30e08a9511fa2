/** The grade command's options, parsed from argv. */
export interface GradeArgs {
  readonly impl: string;
  readonly chapters: readonly number[];
  readonly seed?: number;
  readonly formats: readonly { readonly format: ReportFormat; readonly out?: string }[];
  readonly traceDir?: string;
  readonly only?: string;
  /** With --isolate: the reference whose earlier chapters each graded chapter builds on. */
  readonly isolateFrom?: string;
}

export const REPORT_FORMATS = ["text", "gradescope", "junit", "prairielearn", "classroom"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class UsageError extends Error {}

/**
 * `--format` and `--out` pair up in order: the first --out names the first --format's file.
 * A format without an --out prints to the terminal (text) or to a default file name.
 */
export function parseGradeArgs(argv: readonly string[], known: readonly number[]): GradeArgs {
  let impl = "exercises";
  const chapters: number[] = [];
  let seed: number | undefined;
  const formats: ReportFormat[] = [];
  const outs: string[] = [];
  let traceDir: string | undefined;
  let only: string | undefined;
  let isolate = false;
  let reference = "solutions";
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--impl":
        impl = value();
        break;
      case "--chapter": {
        const v = value();
        for (const part of v.split(",")) {
          const n = Number(part);
          if (!known.includes(n)) throw new UsageError(`--chapter ${part}: chapters are ${known.join(", ")}`);
          if (!chapters.includes(n)) chapters.push(n);
        }
        break;
      }
      case "--seed": {
        const v = value();
        const n = Number(v);
        if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--seed ${v}: a seed is a whole number ≥ 0`);
        seed = n;
        break;
      }
      case "--format": {
        const v = value();
        if (!(REPORT_FORMATS as readonly string[]).includes(v))
          throw new UsageError(`--format ${v}: formats are ${REPORT_FORMATS.join(", ")}`);
        formats.push(v as ReportFormat);
        break;
      }
      case "--out":
        outs.push(value());
        break;
      case "--trace-dir":
        traceDir = value();
        break;
      case "--only":
        only = value();
        break;
      case "--isolate":
        isolate = true;
        break;
      case "--reference":
        reference = value();
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (formats.length === 0) formats.push("text");
  if (outs.length > formats.length) throw new UsageError("there are more --out files than --format options");
  if (only) {
    const n = Number(/^ch(\d+)\./.exec(only)?.[1]);
    if (!known.includes(n)) throw new UsageError(`--only ${only}: test ids look like ch2.base-entry`);
    if (!chapters.includes(n)) chapters.push(n);
  }
  return {
    impl,
    chapters: chapters.length > 0 ? [...chapters].sort((a, b) => a - b) : [...known],
    seed,
    formats: formats.map((format, i) => ({ format, out: outs[i] })),
    traceDir,
    only,
    isolateFrom: isolate ? reference : undefined,
  };
}
