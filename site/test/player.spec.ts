import * as fs from "node:fs";
import { axeViolations, expect, test } from "./fixtures";
import { checkScenarioEnd, expectLogs, playerOf, stepAll } from "./player-helpers";

test("chapter 2's player steps to the end of 002-fig1, where F2 holds just x, and back", async ({ page, site }) => {
  await checkScenarioEnd(page, site, { chapter: 2, scenario: "002-fig1", end: { L: "x y", F1: "x y", F2: "x" } });
});

test("the player shows roles, terms and the messages in flight", async ({ page, site }) => {
  await page.goto(site.url(site.chapterPage(2)));
  const player = playerOf(page, 2, "002-fig1");
  const forward = player.getByRole("button", { name: "Step forward", exact: true });
  for (let i = 0; i < 4; i++) await forward.click();
  await expect(player.locator('.player-state tr[data-node="L"]')).toContainText("leader");
  await expect(player.locator(".player-messages li").first()).toContainText("AppendEntries");
  await expect(player.locator(".player-messages")).toContainText("L → F2");
  await stepAll(player, "Step forward");
  // The last event's own message is shown as delivered; nothing else is on the wire.
  await expect(player.locator(".player-messages li:not(.delivered)")).toHaveText(["none"]);
});

test("the player answers the keyboard, and Play turns into Pause", async ({ page, site }) => {
  await page.goto(site.url(site.chapterPage(2)));
  const player = playerOf(page, 2, "002-fig1");
  const slider = player.getByRole("slider", { name: "Position" });
  const max = await slider.getAttribute("max");
  await player.getByRole("button", { name: "Step forward", exact: true }).focus();
  await page.keyboard.press("End");
  await expect(slider).toHaveValue(max!);
  await expectLogs(player, { F2: "x" });
  await page.keyboard.press("ArrowLeft");
  await expect(slider).toHaveValue(String(Number(max) - 1));
  await page.keyboard.press("Home");
  await expect(slider).toHaveValue("0");
  await page.keyboard.press("ArrowRight");
  await expect(slider).toHaveValue("1");
  expect(site.pageOf(page.url())).toBe(site.chapterPage(2));
  await slider.focus();
  await page.keyboard.press("ArrowRight");
  await expect(slider).toHaveValue("2");
  const play = player.getByRole("button", { name: "Play", exact: true });
  await play.click();
  const pause = player.getByRole("button", { name: "Pause", exact: true });
  await expect(pause).toBeVisible();
  await expect(slider).not.toHaveValue("2", { timeout: 3_000 });
  await pause.click();
  await expect(player.getByRole("button", { name: "Play", exact: true })).toBeVisible();
});

test("a trace the grader wrote opens in the player", async ({ page, site }) => {
  const file = process.env.GRADER_TRACE!;
  const written = JSON.parse(fs.readFileSync(file, "utf8"));
  await page.goto(site.url(site.chapterPage(2)));
  const player = playerOf(page, 2, "002-fig1");
  await player.getByLabel("Open trace").setInputFiles(file);
  await expect(player.locator(".player-title")).toContainText(written.test);
  await expect(player.getByRole("alert")).toHaveCount(0);
  await expect(player.getByRole("slider", { name: "Position" })).toHaveAttribute(
    "max",
    String(written.events.length - 1),
  );
  await stepAll(player, "Step forward");
  await expectLogs(player, { L: "x y", F1: "x y", F2: "x" });
});

test("the trace player page opens a grader's trace", async ({ page, site }) => {
  await page.goto(site.url("trace-player.html"));
  const player = page.locator("figure.player");
  await expect(player.getByRole("button", { name: "Step forward", exact: true })).toBeDisabled();
  await player.getByLabel("Open trace").setInputFiles(process.env.GRADER_TRACE!);
  // The file is read asynchronously: wait until the trace is in before walking it.
  await expect(player.getByRole("button", { name: "Step forward", exact: true })).toBeEnabled();
  await stepAll(player, "Step forward");
  await expectLogs(player, { L: "x y", F1: "x y", F2: "x" });
});

test("a malformed trace gets a clear message and leaves the player as it was", async ({ page, site }) => {
  const valid = JSON.parse(fs.readFileSync(process.env.GRADER_TRACE!, "utf8"));
  const damaged = structuredClone(valid);
  damaged.events[3].state[1].log[1] = "x";
  const cases: [string, string, RegExp][] = [
    ["broken.json", "{ this is not json", /not JSON/],
    ["other.json", JSON.stringify({ format: "something-else", version: 1 }), /not a Raft Workbook trace/],
    ["newer.json", JSON.stringify({ ...valid, version: 99 }), /version 99/],
    ["damaged.json", JSON.stringify(damaged), /event 3.*node F1.*log entry 1/],
  ];
  await page.goto(site.url(site.chapterPage(2)));
  const player = playerOf(page, 2, "002-fig1");
  const before = await player.locator(".player-title").textContent();
  for (const [name, content, message] of cases) {
    await player
      .getByLabel("Open trace")
      .setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(content) });
    const alert = player.getByRole("alert");
    await expect(alert).toContainText(`Could not open ${name}`);
    await expect(alert).toContainText(message);
    await expect(player.locator(".player-title")).toHaveText(before!);
  }
  expect(await axeViolations(page, "figure.player"), "axe, with the message shown").toEqual([]);
  await player.getByRole("button", { name: "Step forward", exact: true }).click();
  await expect(player.getByRole("slider", { name: "Position" })).toHaveValue("1");
});

test(
  "chapter 3's player steps to the end of 004-n1-n5, where all five nodes hold 1 2 3 4 p q, and back",
  { tag: "@full" },
  async ({ page, site }) => {
    const all = "1 2 3 4 p q";
    await checkScenarioEnd(page, site, {
      chapter: 3,
      scenario: "004-n1-n5",
      end: { N1: all, N2: all, N3: all, N4: all, N5: all },
    });
    const player = playerOf(page, 3, "004-n1-n5");
    await player.getByRole("button", { name: "Step forward", exact: true }).press("End");
    await expect(player.locator(".player-progress")).toContainText("N5's followers: N1 next 7, match 6");
  },
);
