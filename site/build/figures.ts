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
