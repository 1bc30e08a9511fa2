// Runs one chapter's graded suite in its own process, so a learner's bug that takes the
// process down (out of memory, a native crash) costs only that chapter. Plain JS: it is
// started with node's own flags (a bounded heap) and needs no TypeScript loader.
const fs = require("node:fs");
const { runCLI } = require("jest");

const [, , argvJson, outFile, root] = process.argv;

runCLI({ $0: "grade", _: [], ...JSON.parse(argvJson), runInBand: true, silent: true, reporters: [], watchman: false }, [
  root,
]).then(
  ({ results }) => {
    const files = results.testResults.map((f) => ({
      path: f.testFilePath,
      execError: f.testExecError ? f.testExecError.message : null,
      tests: f.testResults.map((t) => ({
        title: t.title,
        status: t.status,
        failureMessages: t.failureMessages,
        duration: t.duration ?? 0,
      })),
    }));
    fs.writeFileSync(outFile, JSON.stringify(files));
    process.exit(0);
  },
  (err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exit(3);
  },
);
