import * as fs from "node:fs";
import * as path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { axeViolations, expect, test, type Site } from "./fixtures";

/*
 * The fixture is a real run, recorded with grader/harness/record.ts's recordTrace from
 * solutions/ with chapter 6's mutant ch6.read-unconfirmed applied, of the scenario it carries:
 * N1 is cut off and replaced, c2's put k=v2 completes on the new leader, then c3's get reaches
 * N1, which answers v1 at once. The checker marks put k=v1, put k=v2 and that get; c3's
 * append that follows is never answered before the run ends.
 */
const FIXTURE = path.join(__dirname, "fixtures/timeline-stale-read.json");
const trace = () => JSON.parse(fs.readFileSync(FIXTURE, "utf8"));

async function openTrace(page: Page, site: Site, name: string, content: string): Promise<Locator> {
  await page.goto(site.url("trace-player.html"));
  const player = page.locator("figure.player");
  await openFile(player, name, content);
  return player;
}

async function openFile(player: Locator, name: string, content: string): Promise<void> {
  await player
    .getByLabel("Open trace")
    .setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(content) });
}

const cursorX = async (player: Locator) => Number(await player.locator(".timeline-cursor").getAttribute("x1"));

test("a run with clients shows their operations on a timeline: a lane each, the checker's operations marked, its verdict in words", async ({
  page,
  site,
}) => {
  const player = await openTrace(page, site, "stale-read.json", fs.readFileSync(FIXTURE, "utf8"));
  const timeline = player.locator(".player-timeline");
  await expect(timeline).toBeVisible();
  await expect(timeline.locator(".timeline-verdict")).toContainText(
    'Not linearizable: These 3 operations on key "k" cannot be put in any order',
  );
  const lanes = timeline.locator(".timeline-lane");
  await expect(lanes).toHaveCount(3);
  expect(await lanes.evaluateAll((ls) => ls.map((l) => l.getAttribute("data-client")))).toEqual(["c1", "c2", "c3"]);
  await expect(lanes.nth(0).locator(".timeline-op text")).toHaveText(["⚠ put k=v1", "append k+x"]);
  await expect(lanes.nth(2).locator(".timeline-op text")).toHaveText(["⚠ get k → v1", "append k+y (no answer)"]);

  const ops = timeline.locator(".timeline-op");
  await expect(ops).toHaveCount(5);
  expect(
    await ops.evaluateAll((os) => os.filter((o) => o.classList.contains("lin-bad")).map((o) => o.dataset.index)),
  ).toEqual(["0", "2", "3"]);
  await expect(timeline.locator(".timeline-op.op-open")).toHaveAttribute("data-index", "4");
  // The highlight is more than a colour: the marked bars' outline is thicker than the others'.
  const strokes = await ops.evaluateAll((os) => os.map((o) => getComputedStyle(o.querySelector("rect")!).strokeWidth));
  expect(Number.parseFloat(strokes[0])).toBeGreaterThan(Number.parseFloat(strokes[1]) + 1);
  await expect(ops.nth(3).locator("title")).toHaveText(
    "c3: get k → v1, called at t = 34, answered at t = 36 — one of the operations the checker cannot order",
  );

  const chart = timeline.getByRole("img");
  await expect(chart).toHaveAttribute("aria-label", /3 clients, 5 operations, 1 never answered\. Not linearizable\./);
  await expect(chart).toHaveAttribute("aria-label", /marks c1 put k=v1, c2 put k=v2, c3 get k → v1\./);
  await timeline.getByText("The operations as a table").click();
  const rows = timeline.locator("tbody tr");
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(3)).toHaveText(/c3\s*get k → v1\s*t = 34\s*t = 36\s*⚠ cannot be ordered/);
  await expect(rows.nth(4)).toContainText("no answer");
  await expect(timeline.locator("tbody tr.lin-bad")).toHaveCount(3);
});

test("the timeline's cursor follows the player's event as it steps", async ({ page, site }) => {
  const player = await openTrace(page, site, "stale-read.json", fs.readFileSync(FIXTURE, "utf8"));
  const label = player.locator(".timeline-cursor-label");
  await expect(label).toHaveText("t = 0");
  const start = await cursorX(player);
  const forward = player.getByRole("button", { name: "Step forward", exact: true });
  while ((await label.textContent()) === "t = 0") await forward.click();
  await expect(label).toHaveText("t = 1");
  expect(await cursorX(player)).toBeGreaterThan(start);
  await forward.press("End");
  await expect(label).toHaveText("t = 40");
  const end = await cursorX(player);
  // The end of the run is where the never-answered operation's bar ends.
  const open = await player.locator(".timeline-op.op-open rect").evaluate((r) => {
    const rect = r as SVGRectElement;
    return rect.x.baseVal.value + rect.width.baseVal.value;
  });
  expect(end).toBeCloseTo(open, 5);
  await forward.press("Home");
  expect(await cursorX(player)).toBe(start);
});

test("axe finds no violations in the timeline, in the light and the dark theme", async ({ page, site }) => {
  const player = await openTrace(page, site, "stale-read.json", fs.readFileSync(FIXTURE, "utf8"));
  await player.getByText("The operations as a table").click();
  await player.getByRole("button", { name: "Step forward", exact: true }).press("End");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axeViolations(page, ".player-timeline"), scheme).toEqual([]);
  }
});

test("a trace's history and verdict are validated: a marked index outside the history is refused", async ({
  page,
  site,
}) => {
  const valid = trace();
  const edit = (change: (t: ReturnType<typeof trace>) => void) => {
    const t = trace();
    change(t);
    return JSON.stringify(t);
  };
  const cases: [string, string, RegExp][] = [
    [
      "marked.json",
      edit((t) => (t.linearizability.marked = [0, 7])),
      /linearizability: marked names operation 7, but the history's operations are numbered 0 to 4/,
    ],
    [
      "verdict.json",
      edit((t) => (t.linearizability.verdict = "maybe")),
      /linearizability: verdict should be one of linearizable, not-linearizable, unknown, not "maybe"/,
    ],
    [
      "ret.json",
      edit((t) => (t.history[1].ret = 2)),
      /history, operation 1 \(client c1\): ret .* no earlier than call/,
    ],
    ["op.json", edit((t) => (t.history[2].op.op = "cas")), /history, operation 2 \(client c2\): op should be one of/],
    [
      "get.json",
      edit((t) => delete t.history[3].value),
      /operation 3 .*a get that was answered should carry the value/,
    ],
    ["orphan.json", edit((t) => delete t.history), /linearizability: there is no history/],
  ];
  const player = await openTrace(page, site, "stale-read.json", JSON.stringify(valid));
  await expect(player.locator(".timeline-lane")).toHaveCount(3);
  for (const [name, content, message] of cases) {
    await openFile(player, name, content);
    const alert = player.getByRole("alert");
    await expect(alert).toContainText(`Could not open ${name}`);
    await expect(alert).toContainText(message);
    await expect(player.locator(".player-title")).toContainText("stale-read.json");
    await expect(player.locator(".timeline-lane")).toHaveCount(3);
  }
});

test("trace data is drawn as text, an unknown event kind is stepped through, and a run without clients has no timeline", async ({
  page,
  site,
}) => {
  const t = trace();
  t.history[0].op.key = "<img src=x>";
  t.linearizability.explanation = "<b>not bold</b>";
  t.events[1].kind = "a-kind-from-a-later-grader";
  const player = await openTrace(page, site, "odd.json", JSON.stringify(t));
  const timeline = player.locator(".player-timeline");
  await expect(timeline.locator(".timeline-op text").first()).toHaveText("⚠ put <img src=x>=v1");
  await expect(timeline.locator(".timeline-verdict")).toContainText("<b>not bold</b>");
  await expect(timeline.locator("img, b")).toHaveCount(0);
  await player.getByRole("button", { name: "Step forward", exact: true }).click();
  await expect(player.locator(".player-event")).toContainText(t.events[1].what);
  await expect(player.getByRole("alert")).toHaveCount(0);

  await player.getByLabel("Open trace").setInputFiles(process.env.GRADER_TRACE!);
  await expect(player.locator(".player-title")).toContainText(
    JSON.parse(fs.readFileSync(process.env.GRADER_TRACE!, "utf8")).test,
  );
  await expect(player.locator(".player-timeline")).toHaveCount(0);
});
