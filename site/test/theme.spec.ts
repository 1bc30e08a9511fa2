import { expect, test } from "./fixtures";

for (const system of ["light", "dark"] as const) {
  test(`the theme follows a ${system} system, and the button's choice persists across reloads and pages`, async ({
    page,
    site,
  }) => {
    await page.emulateMedia({ colorScheme: system });
    await page.goto(site.url(site.chapterPage(1)));
    const chosen = system === "dark" ? "light" : "dark";
    const toggle = page.locator("#theme-toggle");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const systemBackground = await background();
    await expect(toggle).toHaveText(`Use ${chosen} theme`);
    await toggle.click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", chosen);
    await expect(toggle).toHaveText("Follow system theme");
    expect(await background()).not.toBe(systemBackground);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", chosen);
    await expect(toggle).toHaveText("Follow system theme");
    await page.goto(site.url(site.chapterPage(2)));
    await expect(page.locator("html")).toHaveAttribute("data-theme", chosen);
    expect(await background()).not.toBe(systemBackground);
  });
}
