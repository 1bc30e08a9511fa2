import type { Section } from "./markdown";

/** One searchable stretch of the book: a chapter's section, or an exercises page. */
export interface SearchDoc {
  /** Where it is, shown above the result: "Chapter 2 · prevLog checks". */
  readonly where: string;
  readonly title: string;
  readonly href: string;
  readonly text: string;
}

export function sectionDocs(where: string, page: string, sections: readonly Section[]): SearchDoc[] {
  return sections.map((s) => ({ where, title: s.title, href: s.id ? `${page}#${s.id}` : page, text: s.text }));
}

/**
 * The index as a script that sets a global: pages load it with a <script> element, which
 * works from file:// where fetching a JSON file does not.
 */
export function searchIndexScript(docs: readonly SearchDoc[]): string {
  const rows = docs.map((d) => [d.where, d.title, d.href, d.text]);
  return `self.RAFT_SEARCH_INDEX = ${JSON.stringify(rows)};\n`;
}
