// Runs the learner's type-check on a worker thread, so it overlaps with the jest run.
const { parentPort, workerData } = require("node:worker_threads");
require("ts-node").register({ swc: true, transpileOnly: true });
const { cachedTypeCheck } = require("./typecheck-cache");

const errors = cachedTypeCheck(workerData, () => {
  // Loaded only when the sources are not in the cache: the compiler alone takes a few hundred ms to load.
  const { typeCheck } = require("./typecheck");
  return [...typeCheck(workerData.implRoot, workerData.implArg, workerData.files).entries()];
});
parentPort.postMessage(errors);
