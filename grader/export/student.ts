import * as fs from "node:fs";
import * as path from "node:path";
import { buildSite } from "../../site/build/build";
import { requiredOut, runMain } from "../cli/command";
import { ROOT } from "../stubs/source";
import { commitStarter } from "./git";
import { chapterMaxScores, writeStarter } from "./starter";

/**
 * `npm run export:student -- --out DIR`: a starter repository for a class, with the built study
 * site, a README for students and a GitHub Classroom workflow grading each chapter as its own
 * step, committed once as a template repository is.
 */
function classroomWorkflow(): string {
  const chapters = chapterMaxScores();
  const steps = chapters.map(
    (c) => `      - name: Chapter ${c.chapter} — ${c.title}
        id: chapter-${c.chapter}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: Chapter ${c.chapter} — ${c.title}
          command: npm run grade -- --chapter ${c.chapter}
          timeout: 10
          max-score: ${c.max}`,
  );
  const env = chapters.map(
    (c) => `          CHAPTER-${c.chapter}_RESULTS: "\${{ steps.chapter-${c.chapter}.outputs.result }}"`,
  );
  return `name: Autograding Tests
"on":
  - push
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Set up Node.js
        uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install
        run: npm ci --no-audit --no-fund
${steps.join("\n")}
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
${env.join("\n")}
        with:
          runners: ${chapters.map((c) => `chapter-${c.chapter}`).join(",")}
`;
}

function studentReadme(): string {
  const rows = chapterMaxScores().map((c) => `| ${c.chapter} | ${c.title} | ${c.max} |`);
  return `# Raft Workbook

Build a complete Raft in TypeScript, one chapter at a time. Read the chapters on the study
site: open \`site/index.html\` in your browser (straight from the files, no server or network
needed) for the text with its log diagrams and step-by-step scenario players, search and a
print view. The same text without the figures is in \`chapters/\`. Your code goes in
\`exercises/\`, one file per chapter, where the TODOs are.

\`\`\`sh
npm ci && npm run grade          # install, then grade every chapter
npm run grade -- --chapter 1     # grade one chapter
npm run hint -- --chapter 1      # the hints of its failing tests, gentlest first
npm run progress                 # passed tests and points per chapter
npm start                        # grade on every save
npm run reset -- --chapter 1     # start the chapter again (your file is kept in backups/)
\`\`\`

A failing test says what your cluster did wrong, gives a hint and the section to reread, and
prints a replay command with its seed. Add \`--trace-dir traces\` to write the run as a trace,
and step through it in the site's scenario player (\`site/trace-player.html\`, "Open trace").

| chapter | title | points |
|---|---|---|
${rows.join("\n")}

Pushing to your repository runs the same grader (\`.github/workflows/classroom.yml\`).
`;
}

function main(argv: readonly string[]): number {
  const out = requiredOut(argv, "npm run export:student -- --out DIR");
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) {
    console.error(`${out} is not empty; choose a new folder`);
    return 2;
  }
  writeStarter(out);
  buildSite({
    chaptersDir: path.join(ROOT, "chapters"),
    implRoot: path.join(ROOT, "solutions"),
    outDir: path.join(out, "site"),
    descriptors: true,
  });
  fs.writeFileSync(path.join(out, "README.md"), studentReadme());
  fs.mkdirSync(path.join(out, ".github/workflows"), { recursive: true });
  fs.writeFileSync(path.join(out, ".github/workflows/classroom.yml"), classroomWorkflow());
  commitStarter(out);
  console.log(`wrote the starter repository to ${out}`);
  return 0;
}

runMain(main);
