import { load } from "js-yaml";
import { BuildError } from "./errors";

export interface FrontMatter {
  readonly title: string;
  readonly number: number;
  readonly goals: readonly string[];
  readonly exercises: readonly string[];
}

const FENCE = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Splits a chapter file into its front matter and its Markdown body, checking every field. */
export function splitFrontMatter(source: string, file: string): { meta: FrontMatter; body: string; bodyLine: number } {
  const m = FENCE.exec(source);
  if (!m)
    throw new BuildError(
      `${file}: starts without front matter (a block between --- lines with title, number, goals, exercises)`,
    );
  let data: unknown;
  try {
    data = load(m[1]);
  } catch (err) {
    throw new BuildError(`${file}: the front matter is not valid YAML: ${(err as Error).message}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new BuildError(`${file}: the front matter must be a YAML mapping`);
  const record = data as Record<string, unknown>;
  const meta: FrontMatter = {
    title: field(record, "title", file, isText),
    number: field(record, "number", file, (v): v is number => Number.isInteger(v) && (v as number) > 0),
    goals: field(record, "goals", file, isTextList),
    exercises: field(record, "exercises", file, isTextList),
  };
  return { meta, body: source.slice(m[0].length), bodyLine: m[0].split("\n").length - 1 };
}

function isText(v: unknown): v is string {
  return typeof v === "string" && v.trim() !== "";
}

function isTextList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every(isText);
}

const EXPECTED: Record<string, string> = {
  title: "a non-empty string",
  number: "a whole number ≥ 1",
  goals: "a list of strings",
  exercises: "a list of file paths",
};

function field<T>(record: Record<string, unknown>, name: string, file: string, ok: (v: unknown) => v is T): T {
  const v = record[name];
  if (!ok(v))
    throw new BuildError(`${file}: front matter field "${name}" should be ${EXPECTED[name]}, got ${JSON.stringify(v)}`);
  return v;
}
