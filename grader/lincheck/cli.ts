import * as fs from "node:fs";
import { checkHistory, DEFAULT_BUDGET_MS, type Verdict } from "./check";
import { timelineText } from "./explain";
import { ParseError, type Operation } from "./history";
import { kvModel, registerModel, type Model } from "./model";
import { parseJepsen } from "./parse-jepsen";
import { parseKv } from "./parse-kv";

const HELP = `usage: npm run lincheck -- [--json] [--budget-ms N] <file>...

Checks each file's client history for linearizability and prints its verdict:
linearizable, not-linearizable (with the operations that cannot be ordered, and
their timeline) or unknown (the budget ran out first).

Formats: a name ending .txt is a key-value history, one {:process 0, :type :invoke,
:f :append, :key "0", :value "x"} per line; .log is a Jepsen register log, of which
the jepsen.util lines count. Other names are told apart by their content.

  --json         one JSON object per file and line: {"file","verdict","ms"};
                 a file that cannot be read gives {"file","error"}
  --budget-ms N  milliseconds per file before the verdict is unknown (default ${DEFAULT_BUDGET_MS})

Exit status: 0 every history is linearizable; 1 some history is not; 3 some
verdict is unknown, which wins over 1; 2 bad arguments, or a file that cannot be
read or parsed (its line is named), which wins over everything.`;

/** Exit statuses, in the order in which they win. */
const EXIT_OK = 0;
const EXIT_NOT_LINEARIZABLE = 1;
const EXIT_UNKNOWN = 3;
const EXIT_UNREADABLE = 2;
const PRECEDENCE = [EXIT_OK, EXIT_NOT_LINEARIZABLE, EXIT_UNKNOWN, EXIT_UNREADABLE];

interface Args {
  readonly files: string[];
  readonly json: boolean;
  readonly budgetMs: number;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args | "help" {
  const files: string[] = [];
  let json = false;
  let budgetMs = DEFAULT_BUDGET_MS;
  let options = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!options || !arg.startsWith("-")) files.push(arg);
    else if (arg === "--") options = false;
    else if (arg === "--help" || arg === "-h") return "help";
    else if (arg === "--json") json = true;
    else if (arg === "--budget-ms") {
      const value = argv[++i] ?? "";
      budgetMs = value.trim() === "" ? NaN : Number(value);
      if (!(budgetMs >= 0)) throw new UsageError(`--budget-ms needs a number of milliseconds ≥ 0, not "${value}"`);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  if (files.length === 0) throw new UsageError("no history files given");
  return { files, json, budgetMs };
}

type Format = "kv" | "jepsen";

/** By the name first (.txt, .log); else a first line that is a map is a key-value history. */
function formatOf(file: string, text: string): Format | undefined {
  if (file.endsWith(".txt")) return "kv";
  if (file.endsWith(".log")) return "jepsen";
  const first = text.split("\n").find((line) => line.trim() !== "");
  if (first?.trim().startsWith("{")) return "kv";
  if (text.includes("jepsen.util")) return "jepsen";
  return undefined;
}

interface Judged {
  readonly verdict: Verdict<unknown, unknown>["verdict"];
  readonly ms: number;
  /** What the text output says after the verdict line. */
  readonly details: string;
}

function judge<S, I, O>(model: Model<S, I, O>, ops: Operation<I, O>[], budgetMs: number): Judged {
  const start = performance.now();
  const v = checkHistory(model, ops, { budgetMs });
  const ms = performance.now() - start;
  if (v.verdict === "linearizable") return { verdict: v.verdict, ms, details: "" };
  if (v.verdict === "unknown") return { verdict: v.verdict, ms, details: v.reason };
  return {
    verdict: v.verdict,
    ms,
    details: `${v.explanation}\n\n${timelineText(v.ops, { describe: model.describe })}`,
  };
}

function checkFile(file: string, budgetMs: number): Judged {
  const text = fs.readFileSync(file, "utf8");
  const format = formatOf(file, text);
  if (format === undefined) throw new ParseError(file, 1, "neither a key-value history nor a Jepsen log");
  return format === "kv"
    ? judge(kvModel, parseKv(text, file), budgetMs)
    : judge(registerModel, parseJepsen(text, file), budgetMs);
}

/** Why a file cannot be checked, when that is the file's fault; anything else is a bug, thrown on. */
function unreadable(file: string, e: unknown): string {
  if (e instanceof ParseError) return e.message;
  if (e instanceof Error && "code" in e && typeof e.code === "string") return `${file}: cannot be read (${e.code})`;
  throw e;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `  ${line}`))
    .join("\n");
}

function main(argv: readonly string[]): number {
  let args: Args | "help";
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`lincheck: ${e.message}\n\n${HELP}`);
    return EXIT_UNREADABLE;
  }
  if (args === "help") {
    console.log(HELP);
    return EXIT_OK;
  }
  let exit = EXIT_OK;
  const worst = (code: number) => {
    if (PRECEDENCE.indexOf(code) > PRECEDENCE.indexOf(exit)) exit = code;
  };
  for (const file of args.files) {
    let judged: Judged;
    try {
      judged = checkFile(file, args.budgetMs);
    } catch (e) {
      const reason = unreadable(file, e);
      console.error(`lincheck: ${reason}`);
      if (args.json) console.log(JSON.stringify({ file, error: reason }));
      worst(EXIT_UNREADABLE);
      continue;
    }
    worst(
      judged.verdict === "linearizable" ? EXIT_OK : judged.verdict === "unknown" ? EXIT_UNKNOWN : EXIT_NOT_LINEARIZABLE,
    );
    const ms = Math.round(judged.ms * 10) / 10;
    if (args.json) console.log(JSON.stringify({ file, verdict: judged.verdict, ms }));
    else {
      console.log(`${file}: ${judged.verdict} (${Math.round(judged.ms)} ms)`);
      if (judged.details !== "") console.log(`${indent(judged.details)}\n`);
    }
  }
  return exit;
}

process.exitCode = main(process.argv.slice(2));
