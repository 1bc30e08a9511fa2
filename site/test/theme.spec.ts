import { expect, test } from "./fixtures";

for (const system of ["light", "dark"] as const) {
  test(`the theme follows a ${system} system, and the toggle's choice persists across reloads and pages`, async ({
    page,
    site,
  }) => {
    await page.emulateMedia({ colorScheme: system });
    await page.goto(site.url(site.chapterPage(1)));
    const toggle = page.getByRole("button", { name: "Dark theme" });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const systemBackground = await background();
    await expect(toggle).toHaveAttribute("aria-pressed", String(system === "dark"));
    await toggle.click();
    const chosen = system === "dark" ? "light" : "dark";
    await expect(page.locator("html")).toHaveAttribute("data-theme", chosen);
    await expect(toggle).toHaveAttribute("aria-pressed", String(chosen === "dark"));
    expect(await background()).not.toBe(systemBackground);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", chosen);
    await expect(toggle).toHaveAttribute("aria-pressed", String(chosen === "dark"));
    await page.goto(site.url(site.chapterPage(2)));
    await expect(page.locator("html")).toHaveAttribute("data-theme", chosen);
    expect(await background()).not.toBe(systemBackground);
  });
}
