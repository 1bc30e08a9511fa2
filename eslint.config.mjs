// Lint rules for the workbook: typescript-eslint's strict set on every TypeScript file, and
// the recommended set on the plain JavaScript of the runtime, the CLI children and the site.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["node_modules/", "site/dist/", "test-results/", "traces/", "reports/", "backups/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // A stub keeps its parameters' names and its imports for the learner who fills it in.
    files: ["exercises/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
  {
    // In a test, a value that is missing fails the test where it is used: the assertion says so.
    files: ["**/*.test.ts", "**/*.spec.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["site/assets/**/*.js"],
    languageOptions: { globals: { ...globals.browser }, sourceType: "script" },
    // The site's scripts are plain ES5-style browser code, where `var self = this` is the idiom.
    rules: { "@typescript-eslint/no-this-alias": "off" },
  },
);
