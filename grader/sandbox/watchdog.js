// Stops the learner's process from outside when a run overstays its time budget. It runs on a
// thread of its own because the simulator's thread is blocked reading the learner's answer.
// Plain JS: a worker thread starts without the grader's TypeScript loader.
const { workerData } = require("node:worker_threads");

const slots = new Int32Array(workerData.buffer, 0, 4); // pid, armed, killed, (wait word)
const deadline = new Float64Array(workerData.buffer, 16, 1);

for (;;) {
  Atomics.wait(slots, 3, 0, 20);
  if (Atomics.load(slots, 1) === 1 && Date.now() > deadline[0]) {
    try {
      process.kill(Atomics.load(slots, 0), "SIGKILL");
    } catch {
      // Already gone: the simulator sees its pipe close either way.
    }
    Atomics.store(slots, 2, 1);
    Atomics.store(slots, 1, 0);
  }
}
