/**
 * Stands in for Node modules the grading core imports only to start and watch learner processes
 * and jest: the lab runs the reader's code in its own worker instead, so none of this is ever called.
 */
function absent(): never {
  throw new Error("the lab runs in a browser's worker: no processes, threads or operating system here");
}

export const spawn = absent;
export const spawnSync = absent;
export const cpus = absent;
export const tmpdir = absent;
export const Worker = absent;
export default {};
