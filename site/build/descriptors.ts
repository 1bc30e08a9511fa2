import { CHAPTERS } from "../../grader/chapters/registry";
import { textFileOf } from "../../grader/chapters/descriptor";
import type { ChapterSource } from "./chapters";
import { BuildError } from "./errors";

/**
 * The chapter texts and the grader's descriptors must tell the same story: one text per
 * descriptor, named after its number and slug, with the descriptor's title and graded file.
 * (Each graded test's section is checked where the exercises page is built.)
 */
export function checkAgainstDescriptors(texts: readonly ChapterSource[]): void {
  const problems: string[] = [];
  for (const c of CHAPTERS) {
    const want = textFileOf(c);
    const text = texts.find((t) => t.meta.number === c.number);
    if (!text) {
      problems.push(`grader/chapters/ch${c.number} describes chapter ${c.number}, but there is no chapters/${want}`);
      continue;
    }
    // A chapter is a file NN-slug.md or a folder NN-slug/ holding index.md: either way its base is NN-slug.
    if (text.base !== want.replace(/\.md$/, "")) {
      problems.push(
        `${text.file}: chapter ${c.number}'s slug is "${c.slug}" in its descriptor, so its text is ${want}`,
      );
    }
    if (text.meta.title !== c.title) {
      problems.push(`${text.file}: front matter title "${text.meta.title}", descriptor title "${c.title}"`);
    }
    if (!text.meta.exercises.includes(`exercises/${c.file}`)) {
      problems.push(`${text.file}: front matter exercises should list exercises/${c.file}, the file its tests grade`);
    }
  }
  for (const t of texts) {
    // A text that lists no exercises (the epilogue) is read, not graded: it needs no descriptor.
    if (t.meta.exercises.length > 0 && !CHAPTERS.some((c) => c.number === t.meta.number)) {
      problems.push(`${t.file}: chapter ${t.meta.number} has no descriptor folder grader/chapters/ch${t.meta.number}/`);
    }
  }
  if (problems.length > 0) throw new BuildError(`chapter texts and descriptors disagree:\n  ${problems.join("\n  ")}`);
}
