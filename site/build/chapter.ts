import { chapterPage, exercisesPage, printPrefix, type ChapterSource } from "./chapters";
import { logsFigure } from "./diagram";
import { exercisesFor, type Exercises } from "./exercises";
import { parseFigureFence, type Moment } from "./fences";
import { ChapterFigures } from "./figures";
import { linkResolver } from "./links";
import {
  renderInline,
  renderMarkdown,
  type FigureHooks,
  type Markdown,
  type RenderOptions,
  type Rendered,
} from "./markdown";
import type { Templates } from "./templates";

/** A chapter rendered twice: for its own page (with players) and for the print view (prefixed anchors, static figures). */
export interface RenderedChapter {
  readonly source: ChapterSource;
  readonly page: string;
  readonly exercisesPage: string;
  readonly goals: readonly string[];
  readonly web: Rendered;
  readonly print: Rendered;
  readonly exercises: Exercises;
  readonly figures: ChapterFigures;
}

export interface ChapterContext {
  readonly all: readonly ChapterSource[];
  readonly md: Markdown;
  readonly templates: Templates;
  readonly root: string;
  readonly implRoot: string;
}

const PRINTED_RUN: readonly Moment[] = [{ kind: "start" }, { kind: "end" }];

function figureHooks(figures: ChapterFigures, templates: Templates, forPrint: boolean): FigureHooks {
  let players = 0;
  const figureOf = (kind: "raft-logs" | "raft-player", body: string, line: number) => {
    const where = figures.where(line);
    const fence = parseFigureFence(kind, body, where);
    const scenario = figures.scenario(fence.scenario, line);
    return { where, fence, scenario, title: figures.caption(fence.caption ?? scenario.title) };
  };
  return {
    logs(body, line) {
      const { where, fence, scenario, title } = figureOf("raft-logs", body, line);
      return logsFigure(scenario, figures.trace(scenario, line), fence.show, title, where, {
        tracksCommits: figures.tracksCommits,
      });
    },
    player(body, line) {
      const { where, scenario, title } = figureOf("raft-player", body, line);
      if (forPrint)
        return logsFigure(scenario, figures.trace(scenario, line), PRINTED_RUN, title, where, {
          note: "The chapter's page plays this run step by step.",
          tracksCommits: figures.tracksCommits,
        });
      const key = figures.play(scenario, line);
      return templates.partial("player", { uid: `player-${++players}`, key, title });
    },
  };
}

export function renderChapter(source: ChapterSource, ctx: ChapterContext): RenderedChapter {
  const figures = new ChapterFigures(source.meta.number, source.file, ctx.implRoot);
  const options = (forPrint: boolean): RenderOptions => ({
    idPrefix: forPrint ? printPrefix(source) : "",
    resolveLink: linkResolver(ctx.all, source, forPrint),
    figures: figureHooks(figures, ctx.templates, forPrint),
  });
  const render = (forPrint: boolean) =>
    renderMarkdown(ctx.md, source.body, source.meta.title, source.bodyLine, options(forPrint));
  const web = render(false);
  return {
    source,
    page: chapterPage(source),
    exercisesPage: exercisesPage(source),
    goals: source.meta.goals.map((g) => renderInline(ctx.md, g, options(false))),
    web,
    print: render(true),
    exercises: exercisesFor(source, web.headings, ctx.root),
    figures,
  };
}
