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

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
