import { spawnSync } from "node:child_process";

/** Who made a starter repository's first commit: the workbook, not whoever ran the export. */
export const STARTER_AUTHOR = { name: "Raft Workbook", email: "workbook@example.invalid" };
export const STARTER_MESSAGE = "Starter repository";

/**
 * Makes `dir` a git repository holding everything in it as one commit on main, as a GitHub
 * Classroom template repository is: the class's repositories start from that commit.
 */
export function commitStarter(dir: string): void {
  // GIT_DIR and friends of a surrounding git (a hook, a test run) must not redirect this repository.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_")));
  Object.assign(env, {
    GIT_AUTHOR_NAME: STARTER_AUTHOR.name,
    GIT_AUTHOR_EMAIL: STARTER_AUTHOR.email,
    GIT_COMMITTER_NAME: STARTER_AUTHOR.name,
    GIT_COMMITTER_EMAIL: STARTER_AUTHOR.email,
  });
  for (const args of [
    ["init", "-q", "--initial-branch=main"],
    ["add", "--all"],
    ["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", STARTER_MESSAGE],
  ]) {
    const git = spawnSync("git", args, { cwd: dir, env, encoding: "utf8" });
    if (git.status !== 0) throw new Error(`git ${args.join(" ")} failed in ${dir}:\n${git.stderr}`);
  }
}
