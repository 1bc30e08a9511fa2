import type { Locator, Page } from "@playwright/test";
import { expect, type Site } from "./fixtures";

/** The player of scenario `id` on chapter `chapter`'s page. */
export function playerOf(page: Page, chapter: number, id: string): Locator {
  return page.locator(`figure.player[data-trace="${chapter}/${id}"]`);
}

/** A node's log as the player shows it: its commands, space-separated ("x y"). */
export async function logOf(player: Locator, node: string): Promise<string> {
  const commands = await player.locator(`.player-state tr[data-node="${node}"] td.entry .cmd`).allTextContents();
  return commands.join(" ");
}

export async function expectLogs(player: Locator, logs: Readonly<Record<string, string>>): Promise<void> {
  for (const [node, log] of Object.entries(logs)) {
    await expect.poll(() => logOf(player, node), { message: `${node}'s log` }).toBe(log);
  }
}

/**
 * Presses ←/→ on the player's focused Step button up to `times` times, stopping early once the
 * text of `until.selector` matches `until.pattern` (checked before each press); returns that
 * text, or null. Each press is the keydown the browser sends, handled by the player's own key
 * handler, all in one round trip: a long trace takes hundreds, and real key presses are tested
 * on their own (explain.spec).
 */
export function pressArrows(
  player: Locator,
  key: "ArrowRight" | "ArrowLeft",
  times: number,
  until?: { selector: string; pattern: RegExp },
): Promise<string | null> {
  return player.evaluate(
    (figure, { key, times, until }) => {
      const button = figure.querySelector<HTMLElement>(key === "ArrowRight" ? ".player-forward" : ".player-back");
      if (!button) throw new Error("the player has no step button");
      button.focus();
      const pattern = until && new RegExp(until.source, until.flags);
      const text = () => (until && figure.querySelector(until.selector)?.textContent) ?? "";
      for (let i = 0; ; i++) {
        if (pattern?.test(text())) return text();
        if (i === times) return null;
        button.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
      }
    },
    {
      key,
      times,
      until: until && { selector: until.selector, source: until.pattern.source, flags: until.pattern.flags },
    },
  );
}

/**
 * Steps with the player's keyboard control (←/→ on its focused Step button) until the step
 * button of that direction is disabled; returns the number of steps. Keys rather than clicks
 * keep a long trace fast to walk; clicking is tested on its own.
 */
export async function stepAllByKeys(player: Locator, direction: "Step forward" | "Step back"): Promise<number> {
  const button = player.getByRole("button", { name: direction, exact: true });
  const slider = player.getByRole("slider", { name: "Position" });
  const target = direction === "Step forward" ? Number(await slider.getAttribute("max")) : 0;
  const from = Number(await slider.inputValue());
  await pressArrows(player, direction === "Step forward" ? "ArrowRight" : "ArrowLeft", Math.abs(target - from));
  await expect(slider).toHaveValue(String(target));
  await expect(button).toBeDisabled();
  return Math.abs(target - from);
}

/** Clicks one step button until it is disabled, and returns how many clicks that took. */
export async function stepAll(player: Locator, direction: "Step forward" | "Step back"): Promise<number> {
  const button = player.getByRole("button", { name: direction, exact: true });
  let steps = 0;
  while (!(await button.isDisabled())) {
    await button.click();
    if (++steps > 500) throw new Error(`${direction} never reached the end of the trace`);
  }
  return steps;
}

export interface ScenarioEnd {
  readonly chapter: number;
  readonly scenario: string;
  /** Each listed node's log at the end of the run. */
  readonly end: Readonly<Record<string, string>>;
}

/**
 * Opens the chapter, steps its player to the end of the scenario and checks the logs there,
 * then steps back to the start, where the logs are the scenario's initial ones again.
 */
export async function checkScenarioEnd(page: Page, site: Site, spec: ScenarioEnd): Promise<void> {
  await page.goto(site.url(site.chapterPage(spec.chapter)));
  const player = playerOf(page, spec.chapter, spec.scenario);
  await expect(player).toBeVisible();
  const nodes = Object.keys(spec.end);
  const start = Object.fromEntries(await Promise.all(nodes.map(async (n) => [n, await logOf(player, n)] as const)));
  const slider = player.getByRole("slider", { name: "Position" });
  const forward = await stepAllByKeys(player, "Step forward");
  expect(forward).toBeGreaterThan(0);
  await expectLogs(player, spec.end);
  await player.getByRole("button", { name: "Step back", exact: true }).click();
  await expect(slider).toHaveValue(String(forward - 1));
  await player.getByRole("button", { name: "Step forward", exact: true }).click();
  await expectLogs(player, spec.end);
  expect(await stepAllByKeys(player, "Step back")).toBe(forward);
  await expectLogs(player, start);
}

/** A node's cell in the player's table under the column headed `column` ("Commit index", "Last applied"). */
export async function valueOf(player: Locator, node: string, column: string): Promise<string> {
  const headers = (await player.locator(".player-state thead th").allTextContents()).map((h) => h.trim());
  const at = headers.indexOf(column);
  if (at < 0) throw new Error(`the player has no column "${column}"; it has ${headers.join(", ")}`);
  const row = player.locator(`.player-state tr[data-node="${node}"]`);
  return ((await row.locator("th, td").nth(at).textContent()) ?? "").trim();
}

/**
 * Steps forward with the keyboard until the event line matches `pattern`; returns that line.
 * Fails at the end of the trace, so a test names the moment it needs rather than its position.
 */
export async function stepUntil(player: Locator, pattern: RegExp, selector = ".player-event"): Promise<string> {
  const slider = player.getByRole("slider", { name: "Position" });
  const left = Number(await slider.getAttribute("max")) - Number(await slider.inputValue());
  const line = await pressArrows(player, "ArrowRight", left, { selector, pattern });
  if (line === null) throw new Error(`no event of the trace matches ${pattern} in ${selector}`);
  return line;
}
