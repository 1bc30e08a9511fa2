import { CHAPTERS } from "../chapters/registry";
import { FIGURE_2 } from "../rules/figure2";

const known = new Set(CHAPTERS.flatMap((c) => c.tests.map((t) => t.id)));

describe("Figure 2's rule map", () => {
  test.each(FIGURE_2.map((r) => [`${r.part}: ${r.rule}`, r] as const))("%s has a test that exists", (_name, r) => {
    expect(r.tests.length).toBeGreaterThan(0);
    expect(r.tests.filter((t) => !known.has(t))).toEqual([]);
  });
});
