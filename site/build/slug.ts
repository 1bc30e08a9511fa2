/**
 * The one slug rule of the site, shared by heading anchors, the on-this-page list, search
 * results and the exercises pages' section links, and matching the `section` names of the
 * grader's manifests: lowercase words joined by hyphens, punctuation dropped.
 * "The leader's side" → "the-leaders-side". Dashes and slashes separate words, so
 * "Fig 1–2" → "fig-1-2" rather than "fig-12".
 */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015/]+/g, " ")
    .replace(/[^\p{L}\p{N} ]/gu, "")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .join("-");
}

/** Hands out slugs unique within one page: a repeated heading gets "-2", "-3", … */
export class SlugSet {
  private readonly seen = new Map<string, number>();

  take(text: string): string {
    const base = slugify(text) || "section";
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  }
}
