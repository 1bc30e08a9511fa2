import * as fs from "node:fs";
import * as path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { axeViolations, DIST, expect, test } from "./fixtures";
import { playerOf, stepUntil } from "./player-helpers";

/** The full traces of a chapter's page, as the browser's trace.js unpacks them from the shipped file. */
function chapterTraces(file: string): Record<string, { events: { msg?: { type: string; entries?: unknown[] } }[] }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the browser's own unpacker, shared as in the build
  const { unpackTrace } = require("../assets/trace") as { unpackTrace: (d: unknown) => never };
  const shipped: Record<string, unknown> = {};
  new Function("self", fs.readFileSync(path.join(DIST, "traces", file), "utf8"))({ RAFT_TRACES: shipped });
  return Object.fromEntries(Object.entries(shipped).map(([k, v]) => [k, unpackTrace(v)]));
}

const slider = (player: Locator) => player.getByRole("slider", { name: "Position" });
const position = async (player: Locator) => Number(await slider(player).inputValue());

/** Steps forward with the keyboard until the explanation line matches; returns it. */
function stepUntilExplained(player: Locator, pattern: RegExp): Promise<string> {
  return stepUntil(player, pattern, ".player-explain");
}

async function open(page: Page, url: string, chapter: number, id: string): Promise<Locator> {
  await page.goto(url);
  const player = playerOf(page, chapter, id);
  await expect(player).toBeVisible();
  return player;
}

test("a refused AppendEntries says why, from the follower's log, and highlights the delivered message", async ({
  page,
  site,
}) => {
  const player = await open(page, site.url(site.chapterPage(3)), 3, "004-n1-n5");
  const line = await stepUntilExplained(player, /refuses: (no entry at \d+|its entry at \d+ has term \d+, not \d+)/);
  const node = /^(\S+) refuses/.exec(line)![1];
  const delivered = player.locator(".player-messages li.delivered");
  await expect(delivered).toHaveCount(1);
  await expect(delivered).toContainText(new RegExp(`^Delivered now: \\S+ → ${node}: AppendEntries`));
  await expect(player.locator(`.player-state tr[data-node="${node}"]`)).toHaveClass(/current/);
  // Its reply is on the wire now, saying it refused.
  await expect(
    player
      .locator(".player-messages li")
      .filter({ hasText: `${node} → ` })
      .first(),
  ).toContainText("refused");
});

test("an accepted AppendEntries names the entries it took and marks the cells it wrote", async ({ page, site }) => {
  const player = await open(page, site.url(site.chapterPage(3)), 3, "004-n1-n5");
  const line = await stepUntilExplained(player, /accepts \d+ entr(y|ies) after index \d+ and writes index/);
  const [, node, , , from] = /^(\S+) accepts (\d+) entr(y|ies) after index \d+ and writes index (\d+)/.exec(line)!;
  const row = player.locator(`.player-state tr[data-node="${node}"]`);
  const written = row.locator("td.entry.changed");
  expect(await written.count()).toBeGreaterThan(0);
  await expect(written.first()).toHaveAccessibleName(/\(written just now\)/);
  const cells = row.locator("td.entry, td.empty");
  await expect(cells.nth(Number(from) - 1)).toHaveClass(/changed/);
  if (Number(from) > 1) await expect(cells.nth(Number(from) - 2)).not.toHaveClass(/changed/);
  // The leader's marks on this follower's log: nextIndex past what it holds now.
  await stepUntilExplained(player, new RegExp(`sets ${node}'s matchIndex`));
  await expect(row.locator(".marks").filter({ hasText: /^match$/ })).toHaveCount(1);
  await expect(row.locator(".marks").filter({ hasText: /^next$/ })).toHaveCount(1);
});

test("chapter 4's player shows each node's election timer and the votes a candidate holds", async ({ page, site }) => {
  const player = await open(page, site.url(site.chapterPage(4)), 4, "004-split-vote");
  const head = player.locator(".player-state thead");
  await expect(head).toContainText("Election in");
  await expect(head).toContainText("Votes");
  const stood = await stepUntilExplained(player, /election timer ran out: it stands for term \d+/);
  const candidate = stood.split("'")[0];
  const row = player.locator(`.player-state tr[data-node="${candidate}"]`);
  const headers = (await head.locator("th").allTextContents()).map((h) => h.trim());
  const cell = (r: Locator, column: string) => r.locator("th, td").nth(headers.indexOf(column));
  await expect(cell(row, "Votes")).toHaveText(`1 of 5: ${candidate}`);
  // A follower's timer counts down between events and starts again when it hears from a candidate.
  const other = player.locator(".player-state tr[data-node]:not(.down)").filter({ hasNotText: candidate }).first();
  expect(Number(await cell(other, "Election in").textContent())).toBeGreaterThanOrEqual(0);
  const granted = await stepUntilExplained(player, new RegExp(`${candidate} gets \\S+'s vote`));
  expect(granted).toMatch(/\(2 of 5: /);
  await expect(cell(row, "Votes")).toHaveText(/^2 of 5: /);
});

test("a partition is drawn as groups: each side of the cut in a body of its own, with its own leader", async ({
  page,
  site,
}) => {
  const player = await open(page, site.url(site.chapterPage(4)), 4, "004-minority");
  await expect(player.locator(".player-state tbody.grouped")).toHaveCount(0);
  const slider_ = slider(player);
  await player.getByRole("button", { name: "Step forward", exact: true }).focus();
  while (!/network splits/.test((await player.locator(".player-event").textContent()) ?? ""))
    await player.getByRole("button", { name: "Next change", exact: true }).click();
  const groups = player.locator(".player-state tbody.grouped");
  await expect(groups).toHaveCount(2);
  await expect(groups.nth(0).locator("tr.group")).toHaveText("Partition side 1 of 2: N1 N2");
  await expect(groups.nth(1).locator("tr.group")).toHaveText("Partition side 2 of 2: N3 N4 N5");
  await stepUntilExplained(player, /wins term/);
  // Two nodes think they lead, one on each side: the old leader cut off with its minority.
  for (const g of [0, 1])
    await expect(groups.nth(g).locator("tr[data-node]").filter({ hasText: "leader" })).toHaveCount(1);
  await slider_.focus();
  await page.keyboard.press("End");
  await expect(player.locator(".player-state tbody.grouped")).toHaveCount(0);
  expect(await axeViolations(page, "figure.player")).toEqual([]);
});

test("Next change skips the steps where only heartbeats flowed", async ({ page, site }) => {
  const trace = chapterTraces("04-leader-election.js")["4/004-minority"];
  const player = await open(page, site.url(site.chapterPage(4)), 4, "004-minority");
  const next = player.getByRole("button", { name: "Next change", exact: true });
  let skipped = 0;
  for (let n = 0; n < 14; n++) {
    const from = await position(player);
    await next.click();
    const to = await position(player);
    expect(to).toBeGreaterThan(from);
    // Every event passed over delivered nothing but heartbeats and their answers.
    for (const e of trace.events.slice(from + 1, to)) {
      if (e.msg) expect(e.msg.type === "AppendEntries" ? e.msg.entries : [], `event ${to}`).toEqual([]);
    }
    skipped = Math.max(skipped, to - from - 1);
  }
  expect(skipped, "a long quiet stretch is passed in one step").toBeGreaterThan(50);
});

test("the player keeps the focus as it redraws; Space plays and pauses from anywhere in it; arrows never turn the page", async ({
  page,
  site,
}) => {
  const player = await open(page, site.url(site.chapterPage(3)), 3, "004-n1-n5");
  const scroller = player.locator(".player-state .logs-scroll");
  await scroller.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(slider(player)).toHaveValue("2");
  expect(await player.evaluate((f) => f.contains(document.activeElement))).toBe(true);
  await expect(player.locator(".player-state .logs-scroll")).toBeFocused();
  await page.keyboard.press("Shift+ArrowRight");
  expect(await position(player)).toBeGreaterThan(2);
  expect(site.pageOf(page.url())).toBe(site.chapterPage(3));

  const forward = player.getByRole("button", { name: "Step forward", exact: true });
  await forward.focus();
  const at = await position(player);
  await page.keyboard.press(" ");
  await expect(player.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await expect(slider(player)).not.toHaveValue(String(at), { timeout: 3_000 });
  await page.keyboard.press(" ");
  await expect(player.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  await expect(forward).toBeFocused();
  // Space played and paused: it did not also press the focused Step forward.
  const paused = await position(player);
  await page.waitForTimeout(1_000);
  expect(await position(player)).toBe(paused);
  await scroller.focus();
  await page.keyboard.press(" ");
  await expect(player.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(player.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  expect(site.pageOf(page.url())).toBe(site.chapterPage(3));
});

test("the speed control changes how fast Play steps", async ({ page, site }) => {
  const player = await open(page, site.url(site.chapterPage(4)), 4, "004-minority");
  await player.getByLabel("Speed").selectOption("4");
  await player.getByRole("button", { name: "Play", exact: true }).click();
  await expect.poll(() => position(player), { timeout: 5_000 }).toBeGreaterThan(8);
  await player.getByRole("button", { name: "Pause", exact: true }).click();
});

test("the player keeps one height while it steps", { tag: "@full" }, async ({ page, site }) => {
  const player = await open(page, site.url(site.chapterPage(5)), 5, "002-fig6");
  const height = () => player.evaluate((f) => f.getBoundingClientRect().height);
  const first = await height();
  const next = player.getByRole("button", { name: "Next change", exact: true });
  // Through the partition, its groups and the heal: the frames most likely to change the table's height.
  for (let n = 0; n < 40 && !(await next.isDisabled()); n++) {
    await next.click();
    expect(await height(), `at ${await player.locator(".player-counter").textContent()}`).toBe(first);
  }
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the player's log is readable: several entries in view beside the node ids, the rest a scroll away", async ({
    page,
    site,
  }) => {
    const player = await open(page, site.url(site.chapterPage(3)), 3, "004-n1-n5");
    await player.getByRole("button", { name: "Step forward", exact: true }).press("End");
    const scroller = player.locator(".player-state .logs-scroll");
    const row = player.locator('.player-state tr[data-node="N1"]');
    const box = (await scroller.boundingBox())!;
    const inView = await row
      .locator("td.entry")
      .evaluateAll(
        (cells, right) => cells.filter((c) => c.getBoundingClientRect().right <= right).length,
        box.x + box.width,
      );
    expect(inView, "entries in view at 390 px").toBeGreaterThanOrEqual(4);
    await expect(row.locator("th .node-summary").first()).toBeVisible();
    await expect(row.locator("td.value").first()).toBeHidden();
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await scroller.evaluate((s) => (s.scrollLeft = s.scrollWidth));
    await expect(row.locator("td.entry").last()).toBeInViewport();
    // The node's id stays in view as the log scrolls under it.
    await expect(row.locator("th")).toBeInViewport();
  });
});

test("chapter 6's players show the clients' operations on a timeline and the clients waiting", async ({
  page,
  site,
}) => {
  const player = await open(page, site.url(site.chapterPage(6)), 6, "004-stale-read");
  const timeline = player.locator(".player-timeline");
  await expect(timeline).toBeVisible();
  await expect(timeline.locator(".timeline-lane")).toHaveCount(3);
  await expect(player.locator(".player-clients")).toHaveText("none waiting");
  await player.getByRole("button", { name: "Step forward", exact: true }).focus();
  while (!/c1 invokes/.test((await player.locator(".player-event").textContent()) ?? ""))
    await page.keyboard.press("ArrowRight");
  await expect(player.locator(".player-clients")).toContainText("c1 waits on put k=v1 since t = 1");
  while (!/c1 hears from/.test((await player.locator(".player-event").textContent()) ?? ""))
    await page.keyboard.press("ArrowRight");
  await expect(player.locator(".player-clients")).not.toContainText("c1 waits");
  await expect(player.locator(".timeline-cursor-label")).toHaveText(/t = \d+/);
});

test("a packed trace, as the site ships it, opens in the player as the grader's own files do", async ({
  page,
  site,
}) => {
  const shipped: Record<string, unknown> = {};
  new Function("self", fs.readFileSync(path.join(DIST, "traces", "04-leader-election.js"), "utf8"))({
    RAFT_TRACES: shipped,
  });
  const packed = shipped["4/004-split-vote"] as { events: unknown[] };
  await page.goto(site.url("trace-player.html"));
  const player = page.locator("figure.player");
  await player
    .getByLabel("Open trace")
    .setInputFiles({ name: "split.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(packed)) });
  await expect(slider(player)).toHaveAttribute("max", String(packed.events.length - 1));
  await expect(player.getByRole("alert")).toHaveCount(0);
});

test("every chapter's players step to the end without a console error", async ({ page, site }) => {
  for (const n of [1, 2, 3, 4, 5, 6]) {
    await page.goto(site.url(site.chapterPage(n)));
    const players = page.locator("figure.player[data-trace]");
    for (let k = 0; k < (await players.count()); k++) {
      const forward = players.nth(k).getByRole("button", { name: "Step forward", exact: true });
      await forward.press("End");
      await expect(forward).toBeDisabled();
      await expect(players.nth(k).locator(".player-error")).toBeHidden();
    }
  }
});
