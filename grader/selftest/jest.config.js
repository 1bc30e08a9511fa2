// The workbook's own tests: the simulator, the reports, and the grader judged against the
// reference, the stubs and the bug zoo.
const path = require("node:path");

module.exports = {
  rootDir: path.resolve(__dirname, "../.."),
  roots: ["<rootDir>/grader/selftest"],
  testMatch: ["<rootDir>/grader/selftest/**/*.test.ts"],
  // npm run test:full adds the course exports, which install their packages with npm (minutes of
  // work), and the storage zoo's chaos runs, which wait on real processes for up to 18 s each.
  testPathIgnorePatterns:
    process.env.RAFT_SELFTEST === "full" ? [] : ["/exports\\.test\\.ts$", "/real-zoo\\.test\\.ts$"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  moduleNameMapper: { "^@raft/contract$": "<rootDir>/grader/contract/index.ts" },
  testEnvironment: "node",
  testTimeout: 180000,
  // Most self-tests wait on child processes (the grade CLI and its per-chapter runs), so two
  // workers keep both cores busy.
  maxWorkers: 2,
  // test.concurrent gradings inside one file (the zoo): two at a time, one per core.
  maxConcurrency: 2,
  cacheDirectory: "<rootDir>/node_modules/.cache/jest-selftest",
};
