import * as fs from "node:fs";
import * as path from "node:path";
import { CHAPTERS, chapterInfo } from "../chapters/registry";
import { pristineStub } from "../stubs/source";
import { runMain } from "./command";

/**
 * `npm run reset -- --chapter N`: puts back the untouched stub of chapter N, after copying
 * the learner's file to backups/<time>/, so nothing is ever lost.
 */
function main(argv: readonly string[]): number {
  const chapters: number[] = [];
  let impl = "exercises";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--chapter") chapters.push(Number(argv[++i]));
    else if (argv[i] === "--impl") impl = argv[++i];
    else {
      console.error(`unknown option ${argv[i]}\nusage: npm run reset -- --chapter N [--chapter M]... [--impl DIR]`);
      return 2;
    }
  }
  if (chapters.length === 0 || chapters.some((n) => !CHAPTERS.some((c) => c.number === n))) {
    console.error(`say which chapter to reset: --chapter N, with N one of ${CHAPTERS.map((c) => c.number).join(", ")}`);
    return 2;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const backup = path.resolve("backups", stamp);
  for (const n of chapters) {
    const file = chapterInfo(n).file;
    const target = path.resolve(impl, file);
    if (fs.existsSync(target)) {
      fs.mkdirSync(backup, { recursive: true });
      fs.copyFileSync(target, path.join(backup, file));
      console.log(`saved your ${path.join(impl, file)} to ${path.relative(process.cwd(), path.join(backup, file))}`);
    }
    fs.writeFileSync(target, pristineStub(file));
    console.log(`chapter ${n}: ${path.join(impl, file)} is the untouched stub again`);
  }
  return 0;
}

runMain(main);
