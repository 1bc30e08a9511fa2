import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { CHAPTERS } from "../chapters/registry";
import type { ChapterOutcome } from "../report/model";
import { failureText } from "../report/text";
import { sectionLinks } from "./chapter-links";
import { grade } from "./run-grade";

/**
 * `npm start`: grades the current chapter on every save of an exercise file, with a progress
 * bar over all chapters and the first failure with its hint. Keys: n next chapter, h hints,
 * l list, q quit. Without a terminal the same letters work as lines on standard input, and
 * the output is plain.
 */
const DEBOUNCE_MS = 300;
const POLL_MS = 250;
const tty = process.stdout.isTTY === true;
const style = (code: string, text: string) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);

class Watcher {
  private readonly results = new Map<number, ChapterOutcome>();
  private current: number;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly impl: string,
    start: number | undefined,
  ) {
    this.current = start ?? CHAPTERS[0].number;
  }

  async begin(explicitStart: boolean): Promise<void> {
    // Watch before the first grading, so a save made while it runs is not missed. Polling each
    // chapter file by path works on every file system and survives editors that save by
    // writing a new file and renaming it over the old one.
    for (const c of CHAPTERS) {
      fs.watchFile(path.resolve(this.impl, c.file), { interval: POLL_MS }, (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) this.schedule();
      });
    }
    await this.grade(CHAPTERS.map((c) => c.number));
    if (!explicitStart)
      this.current = CHAPTERS.find((c) => !this.done(c.number))?.number ?? CHAPTERS[CHAPTERS.length - 1].number;
    this.show();
  }

  private done(n: number): boolean {
    const r = this.results.get(n);
    return r !== undefined && r.tests.every((t) => t.passed);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.queue(async () => {
        console.log(style("2", `\nchange seen — grading chapter ${this.current}…`));
        await this.grade([this.current]);
        this.show();
      });
    }, DEBOUNCE_MS);
  }

  /** Runs one grading at a time, in order. */
  queue(job: () => Promise<void>): Promise<void> {
    this.running = this.running.then(job, job);
    return this.running;
  }

  private async grade(chapters: number[]): Promise<void> {
    const report = await grade({ impl: this.impl, chapters });
    if (!report.ran) {
      console.log(style("31", `The grader could not run: ${report.problem}`));
      return;
    }
    for (const c of report.chapters) this.results.set(c.chapter, c);
  }

  private bar(): string {
    return CHAPTERS.map((c) => {
      const r = this.results.get(c.number);
      const cell = r ? `${c.number}:${r.tests.filter((t) => t.passed).length}/${r.tests.length}` : `${c.number}:?`;
      const shown = c.number === this.current ? `[${cell}]` : ` ${cell} `;
      return this.done(c.number) ? style("32", shown) : shown;
    }).join(" ");
  }

  show(): void {
    const r = this.results.get(this.current);
    console.log(`\nprogress ${this.bar()}`);
    if (!r) return;
    const failing = r.tests.filter((t) => !t.passed);
    console.log(`chapter ${r.chapter} — ${r.title}: ${r.points}/${r.maxPoints} points`);
    if (failing.length === 0)
      console.log(style("32", "every test of this chapter passes. Press n for the next chapter."));
    else console.log(`first failure: ${failing[0].id} — ${failing[0].title}\n${failureText(failing[0])}`);
    console.log(style("2", "keys: n next chapter · h hints · l list · q quit"));
  }

  hints(): void {
    const r = this.results.get(this.current);
    for (const t of r?.tests.filter((x) => !x.passed) ?? []) {
      const links = sectionLinks(t.chapter, t.section);
      console.log(`\n${t.id}: ${t.title}`);
      t.hints.forEach((h, i) => console.log(`  hint ${i + 1}: ${h}`));
      if (links) console.log(`  read: ${links.source}`);
    }
  }

  list(): void {
    for (const c of CHAPTERS) {
      const r = this.results.get(c.number);
      console.log(
        `  ${c.number === this.current ? ">" : " "} ${c.number}  ${c.title.padEnd(28)} ${r ? `${r.points}/${r.maxPoints}` : "not graded"}`,
      );
    }
  }

  async next(): Promise<void> {
    const i = CHAPTERS.findIndex((c) => c.number === this.current);
    this.current = CHAPTERS[Math.min(i + 1, CHAPTERS.length - 1)].number;
    await this.queue(async () => {
      await this.grade([this.current]);
      this.show();
    });
  }
}

function parse(argv: readonly string[]): { impl: string; chapter?: number } {
  let impl = "exercises";
  let chapter: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--impl") impl = argv[++i];
    else if (argv[i] === "--chapter") chapter = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}; usage: npm start -- [--impl DIR] [--chapter N]`);
  }
  if (chapter !== undefined && !CHAPTERS.some((c) => c.number === chapter))
    throw new Error(`there is no chapter ${chapter}`);
  return { impl, chapter };
}

async function main(): Promise<void> {
  const { impl, chapter } = parse(process.argv.slice(2));
  const watcher = new Watcher(impl, chapter);
  console.log(`Watching ${impl}/ — save a file to grade the current chapter again.`);
  await watcher.queue(() => watcher.begin(chapter !== undefined));
  const onKey = async (key: string): Promise<void> => {
    if (key === "q" || key === "\u0003") process.exit(0);
    if (key === "n") await watcher.next();
    if (key === "h") watcher.hints();
    if (key === "l") watcher.list();
  };
  if (process.stdin.isTTY) {
    readline.emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    process.stdin.on("keypress", (str: string | undefined) => void onKey(str ?? ""));
  } else {
    readline.createInterface({ input: process.stdin }).on("line", (line) => void onKey(line.trim()));
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(2);
});
