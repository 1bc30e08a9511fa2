import * as fs from "node:fs";
import * as path from "node:path";
import { minifyAsset } from "./minify";

/** Writes the site into its output folder, keeping count of what each file weighs. */
export class Output {
  readonly sizes = new Map<string, number>();

  constructor(readonly dir: string) {
    // The folder is the build's alone (ignored by git): start from nothing, so no page of a renamed chapter lingers.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }

  write(file: string, content: string | Buffer): void {
    const full = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    this.sizes.set(file, Buffer.byteLength(content));
  }

  /** Copies the browser's files from `from`, minified, leaving out type declarations meant for the builder. */
  copyAssets(from: string, to: string): void {
    for (const name of fs.readdirSync(from)) {
      if (name.endsWith(".d.ts")) continue;
      this.write(path.join(to, name), minifyAsset(name, fs.readFileSync(path.join(from, name))));
    }
  }
}
