import * as fs from "node:fs";

/**
 * What Linux's /proc says of a process tree: a node's process and the sandbox process it hosts
 * node code in. (Elsewhere there is no /proc, and a tree is its root alone.)
 */

export function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(/\s+/)
      .filter((s) => s !== "")
      .map(Number);
  } catch {
    // gone, or no /proc
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** Resident memory of a process in bytes, or 0 when it is gone. */
export function residentBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Whether the process still runs (a zombie, ended and waiting to be reaped, does not). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** Resolves once none of `pids` runs; those still running after `ms` are killed. */
export async function waitGone(pids: readonly number[], ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (pids.some(isAlive) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  for (const pid of pids.filter(isAlive)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // it ended meanwhile
    }
  }
}
