// Runs the learner's type-check on a worker thread, so it overlaps with the jest run.
const { parentPort, workerData } = require("node:worker_threads");
require("ts-node").register({ swc: true, transpileOnly: true });
const { typeCheck } = require("./typecheck");

const byFile = typeCheck(workerData.implRoot, workerData.implArg, workerData.files);
parentPort.postMessage([...byFile.entries()]);
