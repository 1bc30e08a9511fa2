import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures";
import { playerOf, stepUntil, valueOf } from "./player-helpers";

/** Each row's cells, as "c" (committed) or "-" (not), so a test can see that commits form a prefix. */
async function commitPattern(figure: Locator): Promise<string[]> {
  return figure
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((r) =>
        Array.from(r.querySelectorAll("td.entry"), (td) => (td.classList.contains("committed") ? "c" : "-")).join(""),
      ),
    );
}

test("chapter 5's log figures mark committed entries, and the legend explains the mark only where it is", async ({
  page,
  site,
}) => {
  await page.goto(site.url(site.chapterPage(5)));
  const end = page.locator('figure.logs-figure[data-scenario="paper-fig8-e"]');
  const committed = end.locator("td.entry.committed");
  expect(await committed.count()).toBeGreaterThan(0);
  await expect(end.getByRole("cell", { name: /\(committed\)$/ }).first()).toBeAttached();
  // An entry is committed only with every entry before it.
  for (const row of await commitPattern(end)) expect(row).toMatch(/^c*-*$/);
  await expect(end.locator(".legend")).toContainText("A bar under an entry marks it committed");
  await expect(end.locator(".legend .commit-sample")).toBeVisible();

  const start = page.locator('figure.logs-figure[data-scenario="paper-fig8-c"]');
  await expect(start.locator("td.committed")).toHaveCount(0);
  await expect(start.locator(".legend")).not.toContainText("bar");
  await expect(start.locator(".legend")).toContainText("No node has committed anything yet");
});

test("a chapter before commits promises no commit marks", async ({ page, site }) => {
  await page.goto(site.url(site.chapterPage(2)));
  const legends = page.locator("figure.logs-figure .legend");
  expect(await legends.count()).toBeGreaterThan(0);
  for (const text of await legends.allTextContents()) expect(text).not.toMatch(/committ/);
  await expect(page.locator("figure.player .player-legend")).toBeHidden();
});

test("chapter 5's player shows each node's commit index and lastApplied, and the commit bar's legend", async ({
  page,
  site,
}) => {
  await page.goto(site.url(site.chapterPage(5)));
  const player = playerOf(page, 5, "002-fig6");
  await expect(player.locator(".player-state thead")).toContainText("Commit index");
  await expect(player.locator(".player-state thead")).toContainText("Last applied");
  await expect(player.locator(".player-legend")).toBeVisible();
  expect(await valueOf(player, "L", "Last applied")).toBe("0");
  await player.getByRole("button", { name: "Step forward", exact: true }).press("End");
  await expect(player.getByRole("button", { name: "Step forward", exact: true })).toBeDisabled();
  for (const node of ["L", "F1", "F2"]) {
    const applied = Number(await valueOf(player, node, "Last applied"));
    expect(applied, `${node}'s lastApplied at the end`).toBeGreaterThan(0);
    expect(String(applied), `${node} has applied all it knows committed`).toBe(
      await valueOf(player, node, "Commit index"),
    );
  }
  expect(await player.locator(".player-state td.entry.committed").count()).toBeGreaterThan(0);
});

test("the player says when a client asks, when an entry commits and is applied, and when the client hears", async ({
  page,
  site,
}) => {
  await page.goto(site.url(site.chapterPage(5)));
  const player = playerOf(page, 5, "002-fig6");
  expect(await stepUntil(player, /client asks L to write "a"/)).toContain("(request a)");
  const reply = await stepUntil(player, /answers a:/);
  expect(reply).toMatch(/L answers a: ok at index \d+/);
  expect(reply).toMatch(/L commits \d/);
  expect(reply).toMatch(/L applies \d/);
  // The moment of the commit is marked in the log too, for eyes and for screen readers.
  await expect(player.getByRole("cell", { name: /\(committed just now\)$/ }).first()).toBeAttached();
  await expect(player.locator(".player-state td.fresh").first()).toBeVisible();
  expect(await stepUntil(player, /F1 learns .* committed/)).toMatch(/F1 applies \d/);
});

test("a restart brings a node's lastApplied back to 0, and it applies again from index 1", async ({ page, site }) => {
  await page.goto(site.url(site.chapterPage(5)));
  const player = playerOf(page, 5, "004-tolerate-f");
  await stepUntil(player, /N3 applies/);
  expect(Number(await valueOf(player, "N3", "Last applied"))).toBeGreaterThan(0);
  await stepUntil(player, /N3 crashes/);
  expect(await valueOf(player, "N3", "Last applied")).toBe("–");
  await stepUntil(player, /N3 restarts/);
  expect(await valueOf(player, "N3", "Last applied")).toBe("0");
  expect(await stepUntil(player, /N3 applies/)).toMatch(/N3 applies 1(–\d+)?( |$)/);
  expect(Number(await valueOf(player, "N3", "Last applied"))).toBeGreaterThan(0);
});
