import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { textFileOf } from "../chapters/descriptor";
import { CHAPTERS } from "../chapters/registry";
import { buildSite, REPO_ROOT } from "../../site/build/build";
import { loadChapters } from "../../site/build/chapters";
import { checkAgainstDescriptors } from "../../site/build/descriptors";

const CHAPTERS_DIR = path.join(REPO_ROOT, "chapters");

describe("chapter descriptors", () => {
  test("are numbered 1, 2, … and own their ids", () => {
    expect(CHAPTERS.map((c) => c.number)).toEqual(CHAPTERS.map((_, i) => i + 1));
    for (const ids of [
      CHAPTERS.flatMap((c) => c.tests.map((t) => t.id)),
      CHAPTERS.flatMap((c) => c.mutants.map((m) => m.id)),
    ]) {
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    }
    for (const c of CHAPTERS) {
      for (const id of [...c.tests.map((t) => t.id), ...c.mutants.map((m) => m.id)]) {
        expect(id.startsWith(`ch${c.number}.`) ? c.number : id).toBe(c.number);
      }
      expect(c.mutants.filter((m) => m.file !== c.file && !CHAPTERS.some((o) => o.file === m.file))).toEqual([]);
    }
  });

  test("agree with the chapter texts' front matter, and every section a test names exists", () => {
    const texts = loadChapters(CHAPTERS_DIR, REPO_ROOT);
    expect(() => checkAgainstDescriptors(texts)).not.toThrow();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "raft-descriptors-"));
    try {
      // The build refuses a graded test whose section is not a heading of its chapter.
      const built = buildSite({ chaptersDir: CHAPTERS_DIR, implRoot: path.join(REPO_ROOT, "solutions"), outDir: out });
      // Graded chapters have descriptors; a text that lists no exercises (the epilogue) is built too.
      const graded = built.chapters.filter((c) => c.source.meta.exercises.length > 0);
      expect(graded.map((c) => c.source.meta.number)).toEqual(CHAPTERS.map((c) => c.number));
      expect(built.chapters.length).toBeGreaterThan(graded.length);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test("a front matter that disagrees with its descriptor fails the build", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "raft-texts-"));
    try {
      for (const f of fs.readdirSync(CHAPTERS_DIR))
        fs.cpSync(path.join(CHAPTERS_DIR, f), path.join(dir, f), { recursive: true });
      const first = path.join(dir, fs.readdirSync(dir).sort()[0]);
      fs.writeFileSync(first, fs.readFileSync(first, "utf8").replace(/^title: .*$/m, "title: Something else"));
      expect(() => checkAgainstDescriptors(loadChapters(dir, REPO_ROOT))).toThrow(
        /front matter title "Something else", descriptor title "Vanilla broadcast"/,
      );
      // The last graded chapter's text, numbered as a chapter no descriptor describes.
      const last = path.join(dir, textFileOf(CHAPTERS[CHAPTERS.length - 1]));
      fs.renameSync(last, path.join(dir, "99-extra.md"));
      fs.writeFileSync(
        path.join(dir, "99-extra.md"),
        fs.readFileSync(path.join(dir, "99-extra.md"), "utf8").replace(/^number: \d+$/m, "number: 99"),
      );
      expect(() => checkAgainstDescriptors(loadChapters(dir, REPO_ROOT))).toThrow(
        /chapter 99 has no descriptor folder/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
