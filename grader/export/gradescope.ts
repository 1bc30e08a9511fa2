import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { zipSync } from "fflate";
import { requiredOut, runMain } from "../cli/command";
import { writeStarter } from "./starter";

/**
 * `npm run export:gradescope -- --out autograder.zip`: Gradescope's autograder bundle. Its
 * run_autograder grades the submission's exercises/ (a whole repository or just the folder)
 * and always leaves a results.json, even when the submission does not compile or the grader
 * cannot run. AUTOGRADER_ROOT moves /autograder elsewhere, for testing the bundle locally.
 */
const SETUP = `#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image.
set -euo pipefail
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  apt-get update -qq
  apt-get install -y -qq ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y -qq nodejs
fi
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
`;

const RUN = `#!/usr/bin/env bash
# Gradescope runs this for each submission. Whatever happens, results.json is written.
# The whole script is one function, read in full before it runs: rewriting this file while
# it runs changes nothing. The submission's code runs sandboxed, as an unprivileged user.
set -u
main() {
  ROOT="\${AUTOGRADER_ROOT:-/autograder}"
  SOURCE="$ROOT/source"
  SUBMISSION="$ROOT/submission"
  RESULTS="$ROOT/results"
  mkdir -p "$RESULTS"

  fallback() {
    printf '{"score": 0, "output": "%s", "tests": []}\\n' "$1" > "$RESULTS/results.json"
  }

  # Start from the pristine stubs, then lay the submission's chapter files over them.
  rm -rf "$SOURCE/exercises"
  mkdir -p "$SOURCE/exercises"
  cp "$SOURCE/grader/stubs/pristine/"*.ts "$SOURCE/exercises/"
  if [ -d "$SUBMISSION/exercises" ]; then FROM="$SUBMISSION/exercises"; else FROM="$SUBMISSION"; fi
  found=0
  for f in "$SOURCE"/grader/stubs/pristine/*.ts; do
    name="$(basename "$f")"
    if [ -f "$FROM/$name" ]; then cp "$FROM/$name" "$SOURCE/exercises/$name"; found=1; fi
  done
  if [ "$found" = 0 ]; then
    fallback "No chapter file (ch1-broadcast.ts, ...) was found in the submission: submit your exercises folder or your whole repository."
    exit 0
  fi

  cd "$SOURCE"
  node node_modules/ts-node/dist/bin.js --swc grader/cli/grade.ts --impl exercises --format gradescope --out "$RESULTS/results.json" > "$RESULTS/grader-output.txt" 2>&1
  if [ ! -s "$RESULTS/results.json" ]; then
    fallback "The grader could not run. Please tell the course staff."
  fi
  exit 0

}
main "$@"
exit 0
`;

function main(argv: readonly string[]): number {
  const out = requiredOut(argv, "npm run export:gradescope -- --out autograder.zip");
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "raft-gradescope-"));
  writeStarter(staging);
  fs.writeFileSync(path.join(staging, "setup.sh"), SETUP, { mode: 0o755 });
  fs.writeFileSync(path.join(staging, "run_autograder"), RUN, { mode: 0o755 });
  const files: Record<string, [Uint8Array, { os: number; attrs: number }]> = {};
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      const st = fs.statSync(full);
      if (st.isDirectory()) walk(full);
      else
        files[path.relative(staging, full).split(path.sep).join("/")] = [
          fs.readFileSync(full),
          { os: 3, attrs: (st.mode & 0o777) << 16 },
        ];
    }
  };
  walk(staging);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, zipSync(files, { level: 6 }));
  fs.rmSync(staging, { recursive: true, force: true });
  console.log(
    `wrote ${out} (${Object.keys(files).length} files): upload it as the autograder of a Gradescope programming assignment`,
  );
  return 0;
}

runMain(main);
