import { byDiagnosis, failureText } from "../../grader/report/text";
import type { ChapterOutcome, TestOutcome } from "../../grader/report/model";
import { readUpload, zipExercises } from "./archive";
import { FileEditor } from "./editor";
import { openInPlayer } from "./player-bridge";
import type { ToWorker } from "./protocol";
import { Runner } from "./runner";
import { forgetFile, saveFile, savedFile } from "./store";

interface LabFile {
  readonly number: number;
  readonly title: string;
  readonly file: string;
}

/** Written by the site's build (site/build/lab.ts) into the lab page's data script. */
interface LabData {
  readonly chapter: number;
  readonly worker: string;
  /** This chapter's file and the earlier chapters'. */
  readonly files: readonly LabFile[];
  /** Every chapter's file, for the download. */
  readonly allFiles: readonly LabFile[];
  readonly stubs: Readonly<Record<string, string>>;
  readonly reference: Readonly<Record<string, string>>;
}

/** A test's budget unless the page's address asks for another (?budget=seconds). */
const BUDGET_S = 60;

function el<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`the lab page has no ${selector}`);
  return found;
}

function main(): void {
  const data = (self as unknown as { RAFT_LAB: LabData }).RAFT_LAB;
  const root = el<HTMLElement>(document, "#lab");
  const status = el<HTMLElement>(root, ".lab-status");
  const chapterFile = data.files.find((f) => f.number === data.chapter) as LabFile;
  const own = (file: string) => editor.text(file) ?? savedFile(file) ?? data.stubs[file];
  const editor = new FileEditor(el(root, ".lab-editor"), (file, text) => saveFile(file, text));
  const budget = Number(new URLSearchParams(location.search).get("budget")) || BUDGET_S;
  const runner = new Runner(data.worker, budget * 1000, (done, total, title) => {
    status.textContent = `Grading: ${done} of ${total} tests done; now ${title}`;
  });

  const tabs = el<HTMLElement>(root, ".lab-tabs");
  let shown = chapterFile.file;
  const select = (file: string) => {
    shown = file;
    editor.show(file, own(file));
    for (const tab of Array.from(tabs.querySelectorAll("button")))
      tab.setAttribute("aria-selected", String(tab.dataset.file === file));
  };
  for (const f of data.files) {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", "lab-editor");
    tab.dataset.file = f.file;
    tab.textContent = `exercises/${f.file}`;
    tab.addEventListener("click", () => select(f.file));
    tabs.append(tab);
  }
  select(chapterFile.file);

  el(root, ".lab-reset").addEventListener("click", () => {
    forgetFile(shown);
    editor.replace(shown, data.stubs[shown]);
  });
  el(root, ".lab-download").addEventListener("click", () => {
    const files = Object.fromEntries(data.allFiles.map((f) => [f.file, own(f.file)]));
    const link = document.createElement("a");
    link.href = URL.createObjectURL(zipExercises(files));
    link.download = "exercises.zip";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  });
  el<HTMLInputElement>(root, ".lab-upload-input").addEventListener("change", (e) => {
    const input = e.target as HTMLInputElement;
    void readUpload(
      Array.from(input.files ?? []),
      data.allFiles.map((f) => f.file),
    ).then((found) => {
      for (const [file, text] of Object.entries(found)) {
        saveFile(file, text);
        editor.replace(file, text);
      }
      status.textContent = `Uploaded ${Object.keys(found).length} chapter files: ${Object.keys(found).join(", ") || "none"}`;
      input.value = "";
    });
  });

  const isolate = () => el<HTMLInputElement>(root, 'input[name="lab-earlier"]:checked').value === "reference";
  const filesToGrade = () =>
    Object.fromEntries(
      data.files.map((f) => [f.file, isolate() && f.number < data.chapter ? data.reference[f.file] : own(f.file)]),
    );
  const run = el<HTMLButtonElement>(root, ".lab-run");
  const openPlayer = el<HTMLButtonElement>(root, ".lab-open-player");
  let replay: (() => Promise<void>) | null = null;

  run.addEventListener("click", () => {
    const started = performance.now();
    const job = {
      chapter: data.chapter,
      files: filesToGrade(),
      isolate: isolate(),
      seedScale: Number(el<HTMLSelectElement>(root, ".lab-seeds").value),
    };
    run.disabled = true;
    openPlayer.hidden = true;
    status.textContent = "Grading…";
    runner
      .grade(job)
      .then(({ results }) => runner.score({ chapter: data.chapter, isolate: job.isolate, results, compileErrors: [] }))
      .then(({ report, text }) => {
        const chapter = report.chapters[0];
        const first = byDiagnosis(chapter.tests.filter((t) => !t.passed))[0];
        showResults(root, chapter, first, text);
        replay = first?.seed === undefined ? null : () => openFailure(first, job);
        openPlayer.hidden = replay === null;
        status.textContent = `Graded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${chapter.points} / ${chapter.maxPoints} points.`;
      })
      .catch((err: Error) => {
        status.textContent = `The lab could not grade: ${err.message}`;
      })
      .finally(() => {
        run.disabled = false;
      });
  });

  const openFailure = async (first: TestOutcome, job: Parameters<Runner["grade"]>[0]) => {
    status.textContent = `Replaying ${first.id} with seed ${first.seed} to record its trace…`;
    const { traces } = await runner.grade({ ...job, replay: { id: first.id, seed: first.seed as number } });
    const name = Object.keys(traces).find((n) => n.startsWith(`${first.id}.`));
    if (!name) throw new Error("the replay wrote no trace");
    await openInPlayer(el(document, "#lab-player"), name, traces[name]);
    status.textContent = `Opened ${name} in the player, at the event where it failed.`;
  };
  openPlayer.addEventListener("click", () => {
    replay?.().catch((err: Error) => {
      status.textContent = `Could not open the failing run: ${err.message}`;
    });
  });

  if (typeof Worker !== "function") refuse(root, "This browser has no Web Workers, which the lab grades in.");
  else if (location.protocol === "file:") probeWorker(root, data.worker, data.chapter);
}

/**
 * Opened from file://, a browser may refuse to start workers, at once or once the script fails
 * to load: say so before the reader writes anything. A worker that answers a scoring works.
 */
function probeWorker(root: HTMLElement, script: string, chapter: number): void {
  try {
    const probe = new Worker(script);
    probe.onerror = () => {
      probe.terminate();
      refuse(root, FILE_MESSAGE);
    };
    probe.onmessage = () => probe.terminate();
    probe.postMessage({ op: "score", chapter, isolate: false, results: [], compileErrors: [] } satisfies ToWorker);
  } catch {
    refuse(root, FILE_MESSAGE);
  }
}

const FILE_MESSAGE =
  "This browser does not start workers for pages opened from files, and the lab grades in a worker. Serve the site instead (npm run serve, or any static web server) and open the lab from there.";

function refuse(root: HTMLElement, why: string): void {
  const box = el<HTMLElement>(root, ".lab-unavailable");
  box.textContent = why;
  box.hidden = false;
  el<HTMLButtonElement>(root, ".lab-run").disabled = true;
}

function showResults(root: HTMLElement, chapter: ChapterOutcome, first: TestOutcome | undefined, text: string): void {
  const section = el<HTMLElement>(root, ".lab-results");
  const summary = el<HTMLElement>(root, ".lab-summary");
  summary.replaceChildren();
  const line = (tag: string, content: string, cls: string) => {
    const node = document.createElement(tag);
    node.className = cls;
    node.textContent = content;
    summary.append(node);
    return node;
  };
  const passed = chapter.tests.filter((t) => t.passed).length;
  line(
    "p",
    `Chapter ${chapter.chapter}: ${chapter.points} / ${chapter.maxPoints} points, ${passed} of ${chapter.tests.length} tests passed.`,
    "lab-points",
  );
  if (first) {
    line("h3", `First failure: ${first.id}, ${first.title}`, "lab-first-title");
    line("pre", failureText(first), "lab-first");
    if (first.seed !== undefined) line("p", `Seed ${first.seed}.`, "lab-seed");
    const link = document.createElement("a");
    link.href = `${root.dataset.chapterPage ?? ""}#${first.section}`;
    link.textContent = `Read: chapter ${first.chapter}, section #${first.section}`;
    link.className = "lab-section";
    summary.append(link);
  } else line("p", "Every test passed.", "lab-all-passed");
  el<HTMLElement>(root, ".lab-scorecard").textContent = text;
  section.hidden = false;
}

main();
