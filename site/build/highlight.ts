import hljs from "highlight.js/lib/core";
import type { HLJSApi, Language } from "highlight.js";
import bash from "highlight.js/lib/languages/bash";
import diff from "highlight.js/lib/languages/diff";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import typescript from "highlight.js/lib/languages/typescript";

/**
 * The chapters' pseudo-code: TypeScript-like, but prose may sit anywhere ("chapter 2's handler"),
 * so only double quotes open a string; an apostrophe is just a letter. Comments run from // to
 * the end of the line, and a name followed by "(" is a function.
 */
function pseudo(api: HLJSApi): Language {
  return {
    name: "Pseudo-code",
    keywords: {
      keyword: "if else for each in from to down while return stop and or not is of super",
      literal: "true false null undefined",
    },
    contains: [
      api.C_LINE_COMMENT_MODE,
      api.QUOTE_STRING_MODE,
      api.C_NUMBER_MODE,
      { scope: "title.function", match: /[A-Za-z_]\w*(?=\()/, relevance: 0 },
    ],
  };
}

// Only the languages a chapter uses: loading all of highlight.js costs the build a third of its time budget.
hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("json", json);
hljs.registerLanguage("diff", diff);
hljs.registerLanguage("pseudo", pseudo);

const ALIASES: Record<string, string> = {
  ts: "typescript",
  js: "javascript",
  sh: "bash",
  shell: "bash",
  console: "bash",
};

/** Highlighted HTML (classes only, no inline styles), or null for a language it does not know. */
export function highlight(code: string, lang: string): string | null {
  const name = ALIASES[lang] ?? lang;
  if (!name || !hljs.getLanguage(name)) return null;
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
