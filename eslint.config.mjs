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
    // A stub keeps its parameters' names for the learner who fills it in.
    files: ["exercises/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": ["error", { args: "none" }] },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["site/assets/**/*.js"],
    languageOptions: { globals: { ...globals.browser }, sourceType: "script" },
  },
);
