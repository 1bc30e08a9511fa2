import * as path from "node:path";
import { chapterInfo } from "../../grader/chapters/registry";
import type { Scenario } from "../../grader/scenarios/types";
import { recordTrace } from "../../grader/harness/record";
import type { Trace } from "../../grader/sim/trace";
import { BuildError } from "./errors";

/**
 * One chapter's scenarios (its descriptor's figures) and their runs, recorded once on the
 * implementation given to the build (the reference by default).
 */
export class ChapterFigures {
  private readonly traces = new Map<string, Trace>();
  /** The traces the chapter's players play, in order of appearance, keyed "chapter/scenario". */
  readonly played = new Map<string, Trace>();
  /** Every caption the chapter's figures carry: a caption belongs to one chapter (see checkCaptions). */
  readonly captions = new Set<string>();
  /** Scenarios whose recorded run failed (a fault or a broken invariant): worth a note, since figures show them. */
  readonly failed: string[] = [];

  constructor(
    readonly chapter: number,
    private readonly file: string,
    private readonly implRoot: string,
  ) {}

  /** Whether this chapter's nodes keep a commit index: the grader checks it from the chapter that adds it on. */
  get tracksCommits(): boolean {
    return chapterInfo(this.chapter).invariants.includes("commit-monotonic");
  }

  /** Notes a figure's caption as this chapter's, and hands it back. */
  caption(text: string): string {
    this.captions.add(text);
    return text;
  }

  where(line: number): string {
    return `${this.file}:${line}`;
  }

  scenario(id: string, line: number): Scenario {
    const known = chapterInfo(this.chapter).figures;
    const found = known.find((s) => s.id === id);
    if (!found) {
      const ids = known.length
        ? `its scenarios are ${known.map((s) => s.id).join(", ")}`
        : `grader/chapters/ch${this.chapter}/index.ts lists no figures`;
      throw new BuildError(`${this.where(line)}: chapter ${this.chapter} uses unknown scenario "${id}"; ${ids}`);
    }
    return found;
  }

  trace(scenario: Scenario, line: number): Trace {
    let trace = this.traces.get(scenario.id);
    if (!trace) {
      try {
        trace = recordTrace(this.implRoot, chapterInfo(this.chapter), scenario);
      } catch (err) {
        throw new BuildError(
          `${this.where(line)}: recording scenario "${scenario.id}" of chapter ${this.chapter} on ${path.relative(process.cwd(), this.implRoot) || "."} failed: ${(err as Error).message}`,
        );
      }
      if (trace.events.length === 0) {
        throw new BuildError(
          `${this.where(line)}: the run of scenario "${scenario.id}" recorded nothing to draw${trace.failure ? `: ${trace.failure.message}` : ""}`,
        );
      }
      this.traces.set(scenario.id, trace);
      if (trace.failure)
        this.failed.push(`${this.where(line)}: the run of scenario "${scenario.id}" failed: ${trace.failure.message}`);
    }
    return trace;
  }

  play(scenario: Scenario, line: number): string {
    const key = `${this.chapter}/${scenario.id}`;
    this.played.set(key, this.trace(scenario, line));
    return key;
  }
}

/**
 * Chapters tell different stages of the same stories, so a caption one chapter gives a
 * scenario (its title, by default) may be false of the same scenario run by a later chapter's
 * code: each chapter words its own.
 */
export function checkCaptions(chapters: readonly ChapterFigures[]): void {
  const owners = new Map<string, number>();
  const problems: string[] = [];
  for (const figures of chapters) {
    for (const caption of figures.captions) {
      const first = owners.get(caption);
      if (first === undefined) owners.set(caption, figures.chapter);
      else
        problems.push(
          `chapters ${first} and ${figures.chapter} both caption a figure "${caption}": give chapter ${figures.chapter}'s its own "caption: …" line`,
        );
    }
  }
  if (problems.length > 0) throw new BuildError(`figure captions are shared:\n  ${problems.join("\n  ")}`);
}
