import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { NodeId } from "../contract";

/**
 * Where `npm run cluster` leaves the ports of the cluster it runs, for `npm run kv` and
 * `npm run cluster -- status` (ports are chosen free at each start, so nothing else could know them).
 */
export const CURRENT_FILE = path.join(os.tmpdir(), "raft-workbook-cluster.json");

export interface CurrentCluster {
  readonly pid: number;
  readonly dataDir: string;
  readonly ports: Readonly<Record<NodeId, number>>;
}

export function writeCurrent(c: CurrentCluster): void {
  fs.writeFileSync(CURRENT_FILE, JSON.stringify(c));
}

/** The running cluster's ports, or null when no cluster said it runs. */
export function readCurrent(): CurrentCluster | null {
  try {
    return JSON.parse(fs.readFileSync(CURRENT_FILE, "utf8")) as CurrentCluster;
  } catch {
    return null;
  }
}

export function clearCurrent(pid: number): void {
  if (readCurrent()?.pid === pid) fs.rmSync(CURRENT_FILE, { force: true });
}
