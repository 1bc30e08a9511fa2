// Runs one chapter's graded suite in its own process, so a learner's bug that takes the
// process down (out of memory, a native crash) costs only that chapter. Plain JS: it is
// started with node's own flags (a bounded heap) and needs no TypeScript loader.
const fs = require("node:fs");
const { runCLI } = require("jest");

const [, , argvJson, outFile, configFile] = process.argv;

// The project is the config file itself, not the repository's folder: jest reads `--config` only
// when its one project is the working directory, and otherwise looks for a config in the project's
// folder (there is none at the repository's root), so grading from any other folder found no
// transformer and failed every suite.
runCLI({ $0: "grade", _: [], ...JSON.parse(argvJson), runInBand: true, silent: true, reporters: [], watchman: false }, [
  configFile,
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
