import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS } from "../chapters/registry";

/**
 * StrykerJS's test command for `npm run mutation`: grades the reference it instrumented, with
 * the mutant it names in __STRYKER_ACTIVE_MUTANT__ switched on. A mutant in a chapter's file
 * can only change that chapter and the ones built on it, so those are graded, in order, and the
 * first chapter that loses points kills it (exit 1). Without a mutant (Stryker's dry run), every
 * chapter is graded and must pass.
 */
const ROOT = path.resolve(__dirname, "../..");
const TS_NODE = path.join(ROOT, "node_modules/ts-node/dist/bin.js");
/** Share of each randomized test's seeds: a mutant is usually caught by the first few. */
const SEED_SCALE = process.env.RAFT_MUTATION_SEED_SCALE ?? "0.25";

/** The chapter whose reference file holds the mutant, from the instrumented source. */
function chapterOf(mutant: string): number {
  const marker = `stryMutAct_9fa48("${mutant}")`;
  for (const c of CHAPTERS) {
    const text = fs.readFileSync(path.join(ROOT, "solutions", c.file), "utf8");
    if (text.includes(marker)) return c.number;
  }
  throw new Error(`no file of solutions/ holds mutant ${mutant}`);
}

function grade(chapter: number, mutant: string | undefined): number | null {
  const r = spawnSync(
    process.execPath,
    [TS_NODE, "--swc", path.join(ROOT, "grader/cli/grade.ts"), "--impl", "solutions", "--chapter", String(chapter)],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        RAFT_SEED_SCALE: SEED_SCALE,
        RAFT_GRADE_PARALLEL: "1",
        // The instrumented code needs Stryker's namespace even in the dry run, with no mutant on.
        RAFT_MUTATION_ACTIVE: mutant ?? "",
      },
    },
  );
  return r.status;
}

const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
const first = mutant ? chapterOf(mutant) : 1;
for (const c of CHAPTERS.filter((c) => c.number >= first)) {
  const status = grade(c.number, mutant);
  if (status !== 0) process.exit(status === 1 ? 1 : 2);
}
process.exit(0);
