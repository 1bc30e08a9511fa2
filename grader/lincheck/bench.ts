import * as fs from "node:fs";
import * as path from "node:path";
import { checkKv, checkRegister } from "./check";
import { parseJepsen } from "./parse-jepsen";
import { parseKv } from "./parse-kv";

const HISTORIES = path.join(__dirname, "histories");
/** Each figure is the median of this many rounds, so the first round's compiling does not count. */
const ROUNDS = 3;

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(check: () => unknown): number {
  const start = performance.now();
  check();
  return performance.now() - start;
}

function read(file: string): string {
  return fs.readFileSync(path.join(HISTORIES, file), "utf8");
}

/** Times the checker on the recorded histories, parsing left out; measures, asserts nothing. */
export function benchLincheck(): { name: string; ms: number }[] {
  const jepsen = fs
    .readdirSync(path.join(HISTORIES, "jepsen"))
    .filter((f) => f.endsWith(".log"))
    .sort()
    .map((f) => ({ file: f, ops: parseJepsen(read(`jepsen/${f}`), f) }));
  const c50 = parseKv(read("kv/c50-ok.txt"), "kv/c50-ok.txt");
  const c10 = parseKv(read("kv/c10-ok.txt"), "kv/c10-ok.txt");
  const perFile = jepsen.map(() => [] as number[]);
  const totals: number[] = [];
  const c50Times: number[] = [];
  const c10Times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let total = 0;
    jepsen.forEach(({ ops }, i) => {
      const ms = timed(() => checkRegister(ops));
      perFile[i].push(ms);
      total += ms;
    });
    totals.push(total);
    c50Times.push(timed(() => checkKv(c50)));
    c10Times.push(timed(() => checkKv(c10)));
  }
  const medians = perFile.map(median);
  const slowest = medians.indexOf(Math.max(...medians));
  return [
    { name: `lincheck: all of jepsen/ (${jepsen.length} files)`, ms: median(totals) },
    { name: `lincheck: slowest jepsen/ file (${jepsen[slowest].file})`, ms: medians[slowest] },
    { name: "lincheck: kv/c50-ok.txt", ms: median(c50Times) },
    { name: "lincheck: kv/c10-ok.txt", ms: median(c10Times) },
  ];
}

if (require.main === module) {
  for (const { name, ms } of benchLincheck())
    console.log(`${name}: ${ms.toFixed(1)} ms (median of ${ROUNDS}, verdict and explanation)`);
}
