// Runs the chapters' graded suites against the implementation named by RAFT_IMPL.
const path = require("node:path");

module.exports = {
  rootDir: path.resolve(__dirname, ".."),
  roots: ["<rootDir>/grader/chapters"],
  testMatch: ["<rootDir>/grader/chapters/*/grade.test.ts"],
  // Only the grader's own code runs here; the implementation being graded runs behind the trust boundary.
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  moduleNameMapper: { "^@raft/contract$": "<rootDir>/grader/contract/index.ts" },
  testEnvironment: "node",
  cacheDirectory: "<rootDir>/node_modules/.cache/jest-grade",
};
