import * as fs from "node:fs";
import * as path from "node:path";
import { ProcessHost } from "../sandbox/process-host";
import type { LaneWork } from "../sim/lanes";

/**
 * A jest setup file for `npm run bench` (grader/bin/bench.ts): it counts the cluster runs a
 * graded suite starts on the learner's process and appends "<suite> <count>" to the file named
 * by RAFT_COUNT_RUNS_FILE. Every run, alone or in lanes, starts at the trust boundary, so
 * wrapping the boundary's two ways in counts them all and the grader needs no hook of its own.
 */
const file = process.env.RAFT_COUNT_RUNS_FILE;
let runs = 0;

if (file) {
  const { startRun, sendLanes } = ProcessHost.prototype;
  ProcessHost.prototype.startRun = function (this: ProcessHost, ...args: Parameters<typeof startRun>) {
    runs++;
    return startRun.apply(this, args);
  };
  ProcessHost.prototype.sendLanes = function (this: ProcessHost, work: readonly LaneWork[]) {
    runs += work.filter((w) => w.start).length;
    sendLanes.call(this, work);
  };
  afterAll(() => {
    const suite = path.relative(path.resolve(__dirname, "../.."), expect.getState().testPath ?? "?");
    fs.appendFileSync(file, `${suite} ${runs}\n`);
  });
}
