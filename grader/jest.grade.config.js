// Runs the chapters' graded suites against the implementation named by RAFT_IMPL.
const path = require("node:path");

module.exports = {
  rootDir: path.resolve(__dirname, ".."),
  roots: ["<rootDir>/grader/chapters"],
  testMatch: ["<rootDir>/grader/chapters/*/grade.test.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/grader/runtime/transform.js" },
  moduleNameMapper: { "^@raft/contract$": "<rootDir>/grader/contract/index.ts" },
  testEnvironment: "node",
  cacheDirectory: "<rootDir>/node_modules/.cache/jest-grade",
};
