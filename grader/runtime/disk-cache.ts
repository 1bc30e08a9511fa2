import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
const versions = new Map<string, string>();

/**
 * A folder of JSON results under node_modules/.cache, keyed by a hash of everything the
 * result depends on. It sits beside jest's own transform cache, trusted as that one is: the
 * learner's code runs where it can write neither.
 */
export class DiskCache<T> {
  private readonly dir: string;

  /** `keep`: entries kept, the newest; the self-tests' mutants alone would leave hundreds behind. */
  constructor(
    name: string,
    private readonly keep: number,
  ) {
    this.dir = path.join(REPO, "node_modules/.cache", name);
  }

  /** A key from the parts a result depends on, in order. */
  static key(parts: readonly (string | Buffer)[]): string {
    const hash = crypto.createHash("sha256");
    for (const p of parts) hash.update(`\0${p.length}\0`).update(p);
    return hash.digest("hex");
  }

  /** The version of an installed package, a part of the keys of what it computes; read once per process. */
  static version(pkg: string): string {
    let version = versions.get(pkg);
    if (version === undefined) {
      const file = path.join(REPO, "node_modules", pkg, "package.json");
      version = (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
      versions.set(pkg, version);
    }
    return version;
  }

  /** The cached result for `key`, or `compute`'s, then cached; a null key is never cached. */
  get(key: string | null, compute: () => T): T {
    if (key !== null) {
      try {
        return JSON.parse(fs.readFileSync(path.join(this.dir, `${key}.json`), "utf8")) as T;
      } catch {
        // Not cached yet (or unreadable): compute afresh.
      }
    }
    const value = compute();
    if (key !== null) this.put(key, value);
    return value;
  }

  private put(key: string, value: T): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      // Written whole, then renamed: a grading beside this one never reads half a file.
      const tmp = path.join(this.dir, `${key}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, JSON.stringify(value));
      fs.renameSync(tmp, path.join(this.dir, `${key}.json`));
      this.prune();
    } catch {
      // A cache that cannot be written only costs the next run the time to compute again.
    }
  }

  private prune(): void {
    const names = fs.readdirSync(this.dir);
    if (names.length <= this.keep) return;
    const byAge = names
      .map((name) => ({ name, at: fs.statSync(path.join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { name } of byAge.slice(this.keep)) fs.rmSync(path.join(this.dir, name), { force: true });
  }
}
