import type { RenderedChapter } from "./chapter";
import { printId, printPrefix, sourceCopy } from "./chapters";
import type { Heading } from "./markdown";
import { slugify } from "./slug";
import { labPage, labScripts, labView } from "./lab";
import type { Templates } from "./templates";

/**
 * Every page satisfies this policy: scripts and styles only from files of the site itself, so
 * no inline script, event handler or style attribute can run or apply.
 */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'self'; form-action 'none'";

const SCRIPTS = ["assets/app.js", "assets/search.js"];
const PLAYER_SCRIPTS = ["assets/logview.js", "assets/trace.js", "assets/timeline.js", "assets/player.js"];
export const PLAYER_PAGE = "trace-player.html";
export const PRINT_PAGE = "print.html";
export const NOT_FOUND_PAGE = "404.html";
const BOOK = "Raft Workbook";

export interface SitePage {
  readonly file: string;
  readonly html: string;
}

interface Link {
  readonly href: string;
  readonly title: string;
}

interface PageSpec {
  readonly file: string;
  readonly title: string;
  readonly template: string;
  readonly data: object;
  readonly toc?: readonly Heading[];
  readonly scripts?: readonly string[];
  readonly bodyClass?: string;
}

/** Trace data scripts live beside the pages, one per chapter that plays any. */
export function traceScript(c: RenderedChapter): string | null {
  return c.figures.played.size > 0 ? `traces/${c.source.base}.js` : null;
}

/** A page's own sections, named once for both its headings (in the template) and its on-this-page list. */
function sections<K extends string>(prefix: string, texts: Record<K, string>, level = 2): Record<K, Heading> {
  const entries = Object.entries(texts).map(([key, text]) => [
    key,
    { level, id: prefix + slugify(text as string), text },
  ]);
  return Object.fromEntries(entries) as Record<K, Heading>;
}

const EXERCISE_SECTIONS = { files: "Files to edit", grade: "Grade it", tests: "Graded tests" };
const HOME_SECTIONS = { howTo: "How to work through a chapter", chapters: "Chapters" };

function exercisesView(c: RenderedChapter, forPrint: boolean) {
  const prefix = forPrint ? printPrefix(c.source) : "";
  const tests = c.exercises.tests.map((t) => ({
    ...t,
    section: t.section.text,
    href: forPrint ? `#${prefix}${t.section.id}` : `${c.page}#${t.section.id}`,
  }));
  // In the print view they sit under the chapter's "exercises" heading.
  return {
    sections: sections(prefix, EXERCISE_SECTIONS, forPrint ? 3 : 2),
    ex: c.exercises,
    tests,
    number: c.source.meta.number,
    playerPage: PLAYER_PAGE,
    labPage: forPrint ? null : labPage(c),
  };
}

/** Chapter pages and exercises pages in reading order, after the home page: what prev/next and ←/→ walk. */
function readingOrder(chapters: readonly RenderedChapter[]): PageSpec[] {
  const homeSections = sections("", HOME_SECTIONS);
  const home: PageSpec = {
    file: "index.html",
    title: BOOK,
    template: "home",
    data: {
      sections: homeSections,
      playerPage: PLAYER_PAGE,
      chapters: chapters.map((c) => ({
        page: c.page,
        exercisesPage: c.exercisesPage,
        title: c.source.meta.title,
        goals: c.goals,
      })),
    },
    toc: Object.values(homeSections),
  };
  return [
    home,
    ...chapters.flatMap((c): PageSpec[] => {
      const n = c.source.meta.number;
      const trace = traceScript(c);
      const exercises = exercisesView(c, false);
      return [
        {
          file: c.page,
          title: `${n}. ${c.source.meta.title}`,
          template: "chapter",
          data: {
            number: n,
            title: c.source.meta.title,
            goals: c.goals,
            html: c.web.html,
            exercisesPage: c.exercisesPage,
            source: { href: sourceCopy(c.source), file: c.source.file },
          },
          toc: c.web.headings.filter((h) => h.level === 2 || h.level === 3),
          scripts: trace ? [trace, ...PLAYER_SCRIPTS] : [],
        },
        {
          file: c.exercisesPage,
          title: `${n}. Exercises`,
          template: "exercises",
          data: { ...exercises, chapterPage: c.page, chapterTitle: c.source.meta.title },
          toc: Object.values(exercises.sections),
        },
      ];
    }),
  ];
}

function otherPages(chapters: readonly RenderedChapter[]): PageSpec[] {
  const printed = chapters.map((c) => ({
    id: printId(c.source),
    exercisesId: `${printPrefix(c.source)}exercises`,
    title: c.source.meta.title,
    goals: c.goals,
    html: c.print.html,
    ...exercisesView(c, true),
  }));
  return [
    {
      file: PLAYER_PAGE,
      title: "Trace player",
      template: "trace-player",
      data: { uid: "player-1", key: null, title: "No trace open yet" },
      scripts: PLAYER_SCRIPTS,
    },
    {
      file: PRINT_PAGE,
      title: "The whole book",
      template: "print",
      data: { chapters: printed },
      toc: printed.map((c) => ({ level: 2, id: c.id, text: `${c.number}. ${c.title}` })),
      bodyClass: "print-view",
    },
    { file: NOT_FOUND_PAGE, title: "Page not found", template: "notfound", data: {} },
    ...chapters.flatMap((c): PageSpec[] => {
      const file = labPage(c);
      if (file === null) return [];
      const n = c.source.meta.number;
      const scripts = [...PLAYER_SCRIPTS, ...labScripts(n)];
      return [{ file, title: `${n}. Lab`, template: "lab", data: labView(c), scripts, bodyClass: "lab-page" }];
    }),
  ];
}

function navigation(chapters: readonly RenderedChapter[], current: string) {
  const item = (href: string, label: string, number: number | null, children: object[] = []) => ({
    href,
    label,
    number,
    current: href === current,
    children,
  });
  return {
    nav: [
      item("index.html", "Start here", null),
      ...chapters.map((c) =>
        item(c.page, c.source.meta.title, c.source.meta.number, [item(c.exercisesPage, "Exercises", null)]),
      ),
    ],
    tools: [item(PLAYER_PAGE, "Trace player", null), item(PRINT_PAGE, "Whole book (print view)", null)],
  };
}

/** Every page of the site, rendered into the layout. */
export function sitePages(chapters: readonly RenderedChapter[], templates: Templates): SitePage[] {
  const order = readingOrder(chapters);
  const link = (p: PageSpec | undefined): Link | null => (p ? { href: p.file, title: p.title } : null);
  const inOrder = order.map((spec, i) => ({ spec, prev: link(order[i - 1]), next: link(order[i + 1]) }));
  const others = otherPages(chapters).map((spec) => ({ spec, prev: null, next: null }));
  return [...inOrder, ...others].map(({ spec, prev, next }) => ({
    file: spec.file,
    html: templates.render("layout", {
      csp: CSP,
      docTitle: spec.title === BOOK ? BOOK : `${spec.title} · ${BOOK}`,
      scripts: [...SCRIPTS, ...(spec.scripts ?? [])],
      bodyClass: spec.bodyClass ?? "",
      ...navigation(chapters, spec.file),
      toc: spec.toc ?? [],
      prev,
      next,
      pager: prev !== null || next !== null,
      body: templates.render(spec.template, spec.data),
    }),
  }));
}
