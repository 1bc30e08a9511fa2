import { expect, test } from "./fixtures";

// Only over HTTP: a file:// address has no server to answer it (the 404 page itself is crawled in both modes).
test("the 404 page answers unknown addresses", async ({ page, site, problems }) => {
  problems.expectFailure("/no-such-page");
  for (const missing of ["no-such-page.html", "no-such-page/deeper/still.html"]) {
    const response = await page.goto(site.url(missing));
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await page.getByRole("link", { name: "contents" }).click();
    await site.arrive(page, "index.html");
  }
});

test("the server answers only from site/dist", async () => {
  const { get } = await import("node:http");
  const base = new URL(process.env.SITE_URL!);
  const status = (rawPath: string) =>
    new Promise<number>((resolve, reject) => {
      get({ host: base.hostname, port: base.port, path: rawPath }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on("error", reject);
    });
  expect(await status("/index.html")).toBe(200);
  for (const escape of ["/../package.json", "/%2e%2e/package.json", "/..%2fpackage.json", "/assets/../../serve.ts"]) {
    expect(await status(escape), escape).toBe(404);
  }
});
