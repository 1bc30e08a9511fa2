import MarkdownIt from "markdown-it";
import container from "markdown-it-container";
import footnote from "markdown-it-footnote";
import { highlight } from "./highlight";
import { SlugSet } from "./slug";

type Token = MarkdownIt.Token;
export type Markdown = MarkdownIt.MarkdownIt;

export interface Heading {
  readonly level: number;
  readonly id: string;
  readonly text: string;
}

/** A stretch of a chapter under one heading, as plain text for the search index. */
export interface Section {
  /** The heading's anchor; "" for the text before the first heading. */
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/** What a chapter's figure fences turn into; the caller decides (the chapter page draws players, the print view does not). */
export interface FigureHooks {
  logs(body: string, line: number): string;
  player(body: string, line: number): string;
}

export interface RenderOptions {
  /** Prepended to every anchor, so chapters can share one page (the print view). */
  readonly idPrefix: string;
  /** Where a link written in the chapter points on the site (e.g. "02-prevlog-checks.md#x" → "02-prevlog-checks.html#x"). */
  readonly resolveLink: (href: string) => string;
  readonly figures: FigureHooks;
}

export interface Rendered {
  readonly html: string;
  readonly headings: readonly Heading[];
  readonly sections: readonly Section[];
}

interface Env extends MarkdownIt.Env {
  readonly options: RenderOptions;
  readonly docId: string;
  headings: Heading[];
  lineOffset: number;
}

/** markdown-it hands rules its env untyped; ours is always the one renderMarkdown made. */
function ours(env: unknown): Env {
  return env as Env;
}

/**
 * A callout's title or a question, rendered inline with the chapter's link rules but an env
 * of its own: the chapter's holds its footnotes, which the footnote plugin would print again.
 */
function renderTitle(md: Markdown, text: string, env: unknown): string {
  return md.renderInline(text, newEnv(ours(env).options, 0));
}

const CALLOUTS: Record<string, string> = { hint: "Hint", warning: "Warning", exercise: "Exercise" };

function callout(md: Markdown, name: string, label: string): void {
  md.use(container, name, {
    render(tokens: Token[], idx: number, _options: unknown, env: unknown) {
      const t = tokens[idx];
      if (t.nesting !== 1) return "</div>\n";
      const title = t.info.trim().slice(name.length).trim();
      return `<div class="callout callout-${name}" role="note"><p class="callout-title">${renderTitle(md, title || label, env)}</p>\n`;
    },
  });
}

function details(md: Markdown): void {
  md.use(container, "details", {
    validate: (params: string) => /^details(\s|$)/.test(params.trim()),
    render(tokens: Token[], idx: number, _options: unknown, env: unknown) {
      const t = tokens[idx];
      if (t.nesting !== 1) return "</div></details>\n";
      const question = t.info.trim().slice("details".length).trim() || "Answer";
      return `<details class="answer"><summary>${renderTitle(md, question, env)}</summary><div class="answer-body">\n`;
    },
  });
}

/** Heading ids from the shared slug rule; each heading's text is a link to itself. */
function headingAnchors(md: Markdown): void {
  md.core.ruler.push("heading_anchors", (state) => {
    const env = ours(state.env);
    const slugs = new SlugSet();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type !== "heading_open") continue;
      const inline = tokens[i + 1];
      const text = plainText(inline.children ?? []);
      const id = env.options.idPrefix + slugs.take(text);
      tokens[i].attrSet("id", id);
      env.headings.push({ level: Number(tokens[i].tag.slice(1)), id, text });
      // A heading that holds a link keeps it, rather than nesting it in a link to itself.
      if (inline.children?.some((c) => c.type === "link_open")) continue;
      const open = new state.Token("link_open", "a", 1);
      open.attrSet("href", `#${id}`);
      open.attrSet("class", "header");
      inline.children = [open, ...(inline.children ?? []), new state.Token("link_close", "a", -1)];
    }
  });
}

/** markdown-it aligns table cells with style attributes, which the pages' CSP forbids: use classes. */
function alignClasses(md: Markdown): void {
  md.core.ruler.push("align_classes", (state) => {
    for (const t of state.tokens) {
      const style = t.attrGet("style");
      const align = style && /text-align:\s*(left|right|center)/.exec(String(style));
      if (!align) continue;
      t.attrs = (t.attrs ?? []).filter(([name]) => name !== "style");
      t.attrJoin("class", `align-${align[1]}`);
    }
  });
}

function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((t) =>
      t.type === "text" || t.type === "code_inline"
        ? t.content
        : t.type === "softbreak" || t.type === "hardbreak"
          ? " "
          : t.children
            ? plainText(t.children)
            : "",
    )
    .join("");
}

function renderers(md: Markdown): void {
  const fallbackLink =
    md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const t = tokens[idx];
    const href = t.attrGet("href");
    if (href !== null && t.attrGet("class") !== "header")
      t.attrSet("href", ours(env).options.resolveLink(String(href)));
    return fallbackLink(tokens, idx, options, env, self);
  };
  md.renderer.rules.fence = (tokens, idx, _options, rawEnv) => {
    const env = ours(rawEnv);
    const t = tokens[idx];
    const lang = t.info.trim().split(/\s+/)[0] ?? "";
    const line = (t.map?.[0] ?? 0) + 1 + env.lineOffset;
    if (lang === "raft-logs") return env.options.figures.logs(t.content, line);
    if (lang === "raft-player") return env.options.figures.player(t.content, line);
    const code = highlight(t.content, lang) ?? md.utils.escapeHtml(t.content);
    const cls = lang ? ` class="hljs language-${md.utils.escapeHtml(lang)}"` : ` class="hljs"`;
    return `<pre tabindex="0"><code${cls}>${code}</code></pre>\n`;
  };
  md.renderer.rules.code_block = (tokens, idx) =>
    `<pre tabindex="0"><code class="hljs">${md.utils.escapeHtml(tokens[idx].content)}</code></pre>\n`;
}

/** The chapters' Markdown dialect. Raw HTML is off: a chapter cannot inject markup or scripts. */
export function createMarkdown(): Markdown {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true });
  // Smart quotes stay; the replacements go, since they turn Figure 7's "(c)" into "©".
  md.disable("replacements");
  for (const [name, label] of Object.entries(CALLOUTS)) callout(md, name, label);
  details(md);
  md.use(footnote);
  headingAnchors(md);
  alignClasses(md);
  renderers(md);
  return md;
}

function sectionsOf(tokens: readonly Token[], headings: readonly Heading[], title: string): Section[] {
  const sections: { id: string; title: string; parts: string[] }[] = [{ id: "", title, parts: [] }];
  let h = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "heading_open") {
      const heading = headings[h++];
      sections.push({ id: heading.id, title: heading.text, parts: [] });
      i++;
    } else if (t.type === "inline") {
      sections[sections.length - 1].parts.push(plainText(t.children ?? []));
    } else if ((t.type === "fence" && !t.info.startsWith("raft-")) || t.type === "code_block") {
      sections[sections.length - 1].parts.push(t.content);
    }
  }
  return sections
    .map((s) => ({ id: s.id, title: s.title, text: s.parts.join(" ").replace(/\s+/g, " ").trim() }))
    .filter((s) => s.id !== "" || s.text !== "");
}

function newEnv(options: RenderOptions, lineOffset: number): Env {
  return { options, docId: options.idPrefix.replace(/-$/, "") || "c", headings: [], lineOffset };
}

/** One line of Markdown (a goal in the front matter), with the chapter's link rules. */
export function renderInline(md: Markdown, text: string, options: RenderOptions): string {
  return md.renderInline(text, newEnv(options, 0));
}

/** Renders one chapter body; `lineOffset` makes fence line numbers count from the top of the file. */
export function renderMarkdown(
  md: Markdown,
  body: string,
  title: string,
  lineOffset: number,
  options: RenderOptions,
): Rendered {
  const env = newEnv(options, lineOffset);
  const tokens = md.parse(body, env);
  const html = md.renderer.render(tokens, md.options, env);
  return { html, headings: env.headings, sections: sectionsOf(tokens, env.headings, title) };
}
