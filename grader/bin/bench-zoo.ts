import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";
import { materialize } from "../zoo/apply";
import type { Mutant } from "../zoo/mutant";
import { gradeCliAsync } from "../selftest/grade-cli";

/**
 * How fast the grader catches each mistake of the bug zoo, as a learner would meet it: every
 * mutant's chapter graded with all its seeds, two gradings at a time. "Caught after" adds the
 * durations jest reports for the chapter's tests, in their order, up to the end of the first
 * that fails (so the process's start is not counted); a randomized failure also gives the length
 * of its shrunk schedule. Prints a table, or with `--json` one object; asserts nothing.
 */
const ROOT = path.resolve(__dirname, "../..");
const AS_JSON = process.argv.includes("--json");
const PARALLEL = 2;

interface Catch {
  readonly id: string;
  readonly chapter: number;
  /** The first failing test, or null when the mutant got full marks. */
  readonly test: string | null;
  readonly seconds: number;
  /** Steps of the shrunk schedule, when the failure came from a randomized run and was shrunk. */
  readonly steps: number | null;
}

/** The mutant's chapter graded as the self-tests grade it (grader/selftest/grade-cli.ts), with all its seeds. */
async function grade(chapter: number, mutant: Mutant): Promise<Catch> {
  const impl = materialize(path.join(ROOT, "solutions"), mutant);
  const run = await gradeCliAsync(["--impl", impl, "--chapter", `${chapter}`], { RAFT_GRADE_PARALLEL: "1" });
  fs.rmSync(impl, { recursive: true, force: true });
  return { id: mutant.id, chapter, ...firstFailure(run.junit ?? "", run.results?.tests ?? []) };
}

/** The chapter's tests in the order they ran, each with its duration and whether it failed. */
function firstFailure(junit: string, outputs: readonly { number: string; output: string }[]) {
  let seconds = 0;
  for (const m of junit.matchAll(/<testcase [^>]*name="\[([^\]]+)\][^"]*"[^>]*time="([\d.]+)"(\/>|>\s*<failure)/g)) {
    seconds += Number(m[2]);
    if (m[3] === "/>") continue;
    const output = outputs.find((o) => o.number === m[1])?.output ?? "";
    const shrunk = /shrunk to (\d+) of \d+ scheduled steps/.exec(output);
    return { test: m[1], seconds, steps: shrunk ? Number(shrunk[1]) : null };
  }
  return { test: null, seconds, steps: null };
}

async function main(): Promise<void> {
  const cases = CHAPTERS.flatMap((c) => c.mutants.map((m) => ({ chapter: c.number, mutant: m })));
  const results: Catch[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let i = next++; i < cases.length; i = next++) {
        process.stderr.write(`bench:zoo: ${cases[i].mutant.id} (${i + 1}/${cases.length})…\n`);
        results.push(await grade(cases[i].chapter, cases[i].mutant));
      }
    }),
  );
  results.sort((a, b) => b.seconds - a.seconds);
  const shrunk = results.filter((r) => r.steps !== null);
  const figures = {
    zoo_mutants: results.length,
    zoo_missed: results.filter((r) => r.test === null).map((r) => r.id),
    zoo_catch_max_s: Math.max(...results.map((r) => r.seconds)),
    zoo_catch_median_s: results.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(results.length / 2)],
    zoo_over_2s: results.filter((r) => r.seconds > 2).map((r) => r.id),
    zoo_shrunk_runs: shrunk.length,
    zoo_shrunk_max_steps: shrunk.length ? Math.max(...shrunk.map((r) => r.steps ?? 0)) : 0,
  };
  if (AS_JSON) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const rows = results.map(
    (r) => `| ${r.id} | ${r.chapter} | ${r.test ?? "**not caught**"} | ${r.seconds.toFixed(2)} | ${r.steps ?? "—"} |`,
  );
  process.stdout.write(
    [
      `Bug zoo on ${os.cpus().length} cores: ${results.length} mutants, median caught after ${figures.zoo_catch_median_s.toFixed(2)} s, slowest ${figures.zoo_catch_max_s.toFixed(2)} s; ${shrunk.length} caught by a randomized run, shrunk to at most ${figures.zoo_shrunk_max_steps} steps.`,
      "",
      "| mutant | chapter | first failing test | caught after (s) | shrunk steps |",
      "|---|---:|---|---:|---:|",
      ...rows,
      "",
    ].join("\n"),
  );
}

void main();
