import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, test } from "@playwright/test";
import { CHAPTERS } from "../../grader/chapters/registry";
import { parseLog } from "../../grader/scenarios/notation";
import type { Trace } from "../../grader/sim/trace";
import { logsFigure } from "../build/diagram";
import { BuildError } from "../build/errors";
import { parseFigureFence } from "../build/fences";
import { ChapterFigures, checkCaptions } from "../build/figures";
import { highlight } from "../build/highlight";
import { slugify } from "../build/slug";
import { DIST, Site } from "./fixtures";

const REPO = path.resolve(__dirname, "../..");
const FIXTURES = path.join(__dirname, "fixtures");

/** Runs the site builder on a fixture chapters folder, into a folder of its own. */
function build(fixture: string): { status: number | null; output: string; out: string } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "raft-site-build-"));
  const run = spawnSync(
    path.join(REPO, "node_modules/.bin/ts-node"),
    ["--swc", "site/build/main.ts", "--chapters", path.join(FIXTURES, fixture), "--out", out],
    {
      cwd: REPO,
      encoding: "utf8",
      timeout: 30_000,
    },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}`, out };
}

test("slugs are lowercase words joined by hyphens, punctuation dropped", () => {
  expect(slugify("The leader's side")).toBe("the-leaders-side");
  expect(slugify("prevLog checks")).toBe("prevlog-checks");
  expect(slugify("Fig 1–2: (a) and (b)!")).toBe("fig-1-2-a-and-b");
});

test("an unknown scenario id fails the build with a message naming the chapter and the id", () => {
  const { status, output } = build("unknown-scenario");
  expect(status).toBe(1);
  expect(output).toContain("01-unknown.md:12");
  expect(output).toContain('chapter 1 uses unknown scenario "no-such-scenario"');
  expect(output).toContain("002-fig1");
  expect(output).not.toContain("    at ");
});

test("a figure asking for the expected logs of a scenario without them fails the build", () => {
  const { status, output } = build("no-expected");
  expect(status).toBe(1);
  expect(output).toContain('"show: expected" for scenario "002-fig1", which has no expectLogs');
});

test("the chapters' Markdown: callouts, folded answers, highlighting, anchors, figures; raw HTML stays text", () => {
  const { status, output, out } = build("good");
  expect(status, output).toBe(0);
  const html = fs.readFileSync(path.join(out, "01-fixture.html"), "utf8");
  expect(html).toContain('<div class="callout callout-hint" role="note"><p class="callout-title">Hint</p>');
  expect(html).toContain('<p class="callout-title">Mind the <a href="#the-followers-side">base entry</a></p>');
  expect(html).toContain('class="callout callout-exercise"');
  expect(html).toContain('<details class="answer"><summary>Why is this folded?</summary>');
  expect(html).toContain('<span class="hljs-keyword">export</span>');
  expect(html).toContain('<h2 id="the-leaders-side">');
  expect(html).toContain('<h2 id="where-vanilla-breaks-2">');
  expect(html).toContain('href="#where-vanilla-breaks"');
  expect(html).toContain('class="align-right"');
  expect(html.match(/<section class="footnotes">/g), "one footnotes section").toHaveLength(1);
  expect(html).toContain("Footnotes work.");
  expect(html).toContain("&lt;script&gt;");
  expect(html).not.toMatch(/<script>|style="/);
  expect(html).toContain('data-trace="1/002-fig1"');
  expect(html).toContain("<caption>At the start</caption>");
  expect(html).toContain("<caption>At the end of the run</caption>");
  const exercises = fs.readFileSync(path.join(out, "01-fixture-exercises.html"), "utf8");
  expect(exercises).toContain("npm run grade -- --chapter 1");
  expect(exercises).toContain("ch1.leader-appends");
  expect(exercises).toContain('href="01-fixture.html#the-leaders-side"');
  const print = fs.readFileSync(path.join(out, "print.html"), "utf8");
  expect(print).toContain('id="ch1-the-leaders-side"');
  expect(print).toContain('href="#ch1-where-vanilla-breaks"');
  fs.rmSync(out, { recursive: true, force: true });
});

test("a figure of the expected logs draws each node's expectLogs, one cell per entry, labelled by term", () => {
  const scenario = CHAPTERS.flatMap((c) => c.figures).find((s) => s.expectLogs !== undefined);
  expect(scenario, "some figure scenario has expectLogs").toBeDefined();
  const html = logsFigure(scenario!, { events: [] } as unknown as Trace, [{ kind: "expected" }], "A title", "test");
  for (const [node, log] of Object.entries(scenario!.expectLogs!)) {
    const row = new RegExp(`<tr data-node="${node}"[^>]*>(.*?)</tr>`).exec(html)?.[1] ?? "";
    const entries = parseLog(log);
    expect(row.match(/<td class="entry/g)?.length ?? 0, node).toBe(entries.length);
    for (const e of entries)
      expect(row).toContain(`<span class="cmd">${e.command}</span><span class="term">t${e.term}</span>`);
    expect(row, "expected logs have no commit point").not.toContain("committed");
  }
});

test("a figure of a run's state marks entries up to each node's commitIndex, and its legend explains only what it shows", () => {
  const scenario = CHAPTERS.flatMap((c) => c.figures)[0];
  const node = (id: string, commitIndex: number, up = true) => ({
    id,
    up,
    role: "follower",
    term: 1,
    votedFor: null,
    commitIndex,
    log: [
      [0, ""],
      [1, "a"],
      [1, "b"],
    ],
  });
  const traceOf = (...state: ReturnType<typeof node>[]) => ({ events: [{ state }] }) as unknown as Trace;
  const rowOf = (html: string, id: string) => new RegExp(`<tr data-node="${id}"[^>]*>(.*?)</tr>`).exec(html)?.[1] ?? "";

  const html = logsFigure(
    scenario,
    traceOf(node("A", 1), node("B", 2), node("C", 0, false)),
    [{ kind: "end" }],
    "A title",
    "test",
  );
  expect(rowOf(html, "A").match(/class="entry[^"]* committed"/g)).toHaveLength(1);
  expect(rowOf(html, "A")).toContain('<span class="visually-hidden"> (committed)</span>');
  expect(rowOf(html, "B").match(/ committed"/g)).toHaveLength(2);
  expect(rowOf(html, "C")).not.toContain("committed");
  expect(rowOf(html, "C")).toContain('<span class="node-label">down</span>');
  expect(html).toContain("A bar under an entry marks it committed");
  expect(html).toContain("A node marked down has crashed");

  const none = logsFigure(scenario, traceOf(node("A", 0), node("B", 0)), [{ kind: "start" }], "A title", "test", {
    tracksCommits: true,
  });
  expect(none).not.toContain("commit-sample");
  expect(none).toContain("No node has committed anything yet");
  const early = logsFigure(scenario, traceOf(node("A", 0), node("B", 0)), [{ kind: "start" }], "A title", "test");
  expect(early, "a chapter before commits says nothing of them").not.toMatch(/committ/);
});

test("each chapter page weighs at most 250 KB with everything it loads, its traces too, and under 150 KB without them", () => {
  // Each chapter's reading pages, its text and its exercises (its lab is an editor and a grader, not one).
  const site = new Site("file");
  const numbers = new Set(site.pages().flatMap((p) => /^(\d\d)-/.exec(p)?.[1] ?? []));
  const pages = [...numbers].flatMap((n) => {
    const page = site.chapterPage(Number(n));
    return [page, page.replace(/\.html$/, "-exercises.html")];
  });
  expect(pages.length).toBeGreaterThan(0);
  const size = (f: string) => fs.statSync(path.join(DIST, f)).size;
  for (const page of pages) {
    const html = fs.readFileSync(path.join(DIST, page), "utf8");
    const loads = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"#]+)"/g)]
      .map((m) => m[1])
      .filter((f) => !f.endsWith(".html"));
    const traces = loads.filter((f) => f.startsWith("traces/"));
    // A page that plays a run loads its traces: they are weighed, not skipped.
    expect(traces.length, `${page}'s traces`).toBe(html.includes("data-trace=") ? 1 : 0);
    const withoutTraces =
      Buffer.byteLength(html) + loads.filter((f) => !traces.includes(f)).reduce((sum, f) => sum + size(f), 0);
    const all = withoutTraces + traces.reduce((sum, f) => sum + size(f), 0);
    expect(all, `${page} and ${loads.join(", ")}`).toBeLessThanOrEqual(250 * 1024);
    expect(withoutTraces, `${page} and ${loads.join(", ")}, traces excluded`).toBeLessThan(150 * 1024);
  }
});

test("a figure fence names any moment of its run, and says what it takes when a moment is wrong", () => {
  const fence = parseFigureFence(
    "raft-logs",
    "scenario: 002-fig4\nshow: start, at 10, before heal, after write e, end\ncaption: Two leaders",
    "x.md:1",
  );
  expect(fence.caption).toBe("Two leaders");
  expect(fence.show).toEqual([
    { kind: "start" },
    { kind: "at", t: 10 },
    { kind: "before", event: "heal" },
    { kind: "after", event: "write", arg: "e" },
    { kind: "end" },
  ]);
  expect(() => parseFigureFence("raft-logs", "scenario: a\nshow: sometime", "x.md:1")).toThrow(/before\|after/);
  expect(() => parseFigureFence("raft-player", "scenario: a\nshow: end", "x.md:1")).toThrow(BuildError);
});

test("002-fig4 before the heal has two leaders, and the moment names the event", () => {
  const chapter = CHAPTERS.find((c) => c.figures.some((s) => s.id === "002-fig4"))!;
  const figures = new ChapterFigures(chapter.number, "x.md", path.join(REPO, "solutions"));
  const scenario = figures.scenario("002-fig4", 1);
  const html = logsFigure(scenario, figures.trace(scenario, 1), [{ kind: "before", event: "heal" }], "t", "x.md:1");
  expect(html).toContain("<caption>Just before the network heals</caption>");
  expect(html.match(/<span class="node-label">leader<\/span>/g)).toHaveLength(2);
  expect(() =>
    logsFigure(scenario, figures.trace(scenario, 1), [{ kind: "after", event: "crash" }], "t", "x.md:1"),
  ).toThrow(/no such event/);
});

test("two chapters may not share a figure caption", () => {
  const one = new ChapterFigures(1, "a.md", REPO);
  const two = new ChapterFigures(2, "b.md", REPO);
  one.caption("Fig 1: the reorder");
  two.caption("Fig 1 with the check");
  expect(() => checkCaptions([one, two])).not.toThrow();
  two.caption("Fig 1: the reorder");
  expect(() => checkCaptions([one, two])).toThrow(/chapters 1 and 2 both caption a figure "Fig 1: the reorder"/);
});

test("pseudo-code: an apostrophe in a comment or a name opens no string", () => {
  const html = highlight(`x = 1   // chapter 2's rule\nif ok: f(x) // done\ny = "s"`, "pseudo")!;
  expect(html).toContain('<span class="hljs-comment">// chapter 2&#x27;s rule</span>');
  expect(html).toContain('<span class="hljs-keyword">if</span>');
  expect(html).toContain('<span class="hljs-title function_">f</span>');
  expect(html.match(/hljs-string/g)).toHaveLength(1);
});

test("the exercises page names each TODO's class", () => {
  const page = fs.readdirSync(DIST).find((f) => /^03-.*-exercises\.html$/.test(f))!;
  const html = fs.readFileSync(path.join(DIST, page), "utf8");
  expect(html).toMatch(/TODO 3\.1<\/strong> in class <code>BacktrackNode<\/code>/);
  expect(html).toMatch(/TODO 3\.7<\/strong> in class <code>FastBackupNode<\/code>/);
  expect(html).toMatch(/TODO 3\.8<\/strong> in class <code>FastBackupNode<\/code>/);
});
