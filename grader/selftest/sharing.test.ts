import * as fs from "node:fs";
import * as path from "node:path";
import { stateFreeTogether } from "../sandbox/module-state";
import { moduleState } from "../sandbox/state-free";
import { materialize } from "../zoo/apply";
import { gradeCli, ROOT } from "./grade-cli";

/**
 * One evaluation of the learner's modules, frozen, serves every node when no module holds
 * state of its own (grader/sandbox/state-free.ts). Sharing must never change a verdict: a
 * module with state keeps modules of each node's own, and code that freezing would refuse is
 * graded again with them.
 */
const statesOf = (dir: string) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => moduleState(fs.readFileSync(path.join(ROOT, dir, f), "utf8"), f));

test.each(["solutions", "exercises"])("the modules of %s are state-free, so their nodes share them", (dir) => {
  expect(stateFreeTogether(statesOf(dir))).toBe(true);
});

const HEAD = 'import { NodeBase } from "@raft/contract";\n';
const node = (body: string) => `${HEAD}export class N extends NodeBase {\n${body}\n}\n`;

test.each([
  ["a module-level let", `${HEAD}let count = 0;\nexport const next = () => ++count;`],
  ["a module-level var", `${HEAD}var seen = 1;`],
  ["a list not declared readonly", `${HEAD}const all: number[] = [];`],
  ["a Map made at module level", `${HEAD}const byId = new Map<string, number>();`],
  ["a call at module level", `${HEAD}const t = Math.floor(2.5);`],
  ["a statement run at module level", `${HEAD}console.log("loaded");`],
  ["a writable static field", node("  static made = 0;")],
  ["a static block", node("  static { }")],
  ["a write to a top-level function", `${HEAD}function f() {}\nexport function g() { (f as unknown) = 1; }`],
  [
    "a write to a property of a top-level value",
    `${HEAD}const C = { n: 1 } as const;\nexport function g() { (C as { n: number }).n = 2; }`,
  ],
  ["a property added to a class", node("  tick(): void { (N as unknown as { last: string }).last = 'x'; }")],
  ["a write to this in a static method", node("  static mark(): void { (this as unknown as { m: number }).m = 1; }")],
  [
    "a write to this by a computed key",
    node("  tick(): void { (this as unknown as Record<string, number>)['k' + 1] = 1; }"),
  ],
  ["a write to exports", `${HEAD}export function g() { exports.x = 1; }`],
  ["eval", node("  tick(): void { eval('1'); }")],
  ["Reflect", node("  tick(): void { Reflect.set(this, 'x', 1); }")],
  ["a decorator", `${HEAD}const d = (c: unknown) => c;\n@d\nexport class M {}`],
  ["a class built by a call", `${HEAD}const mix = (b: typeof NodeBase) => b;\nexport class M extends mix(NodeBase) {}`],
])("%s keeps modules of each node's own", (_what, source) => {
  expect(moduleState(source, "m.ts")).toBeNull();
});

test("a module that assigns a method another module declares keeps modules of each node's own", () => {
  const declares = moduleState(node("  onTick(): void {}"), "a.ts");
  const assigns = moduleState(
    `${HEAD}export function bind(n: { onTick(): void }) { n.onTick = () => undefined; }`,
    "b.ts",
  );
  expect(declares).not.toBeNull();
  expect(assigns).not.toBeNull();
  expect(stateFreeTogether([declares, assigns])).toBe(false);
});

test("readonly constants, functions, classes with readonly statics and types are state-free", () => {
  const source = [
    HEAD,
    "export const RANGE: readonly [number, number] = [10, 20];",
    "const NAMES = ['a', 'b'] as const;",
    "const LIMIT = 2 * 3 + -1;",
    "const half = (n: number): number => n / 2;",
    "function twice(n: number): number { return 2 * n; }",
    "type Pair = readonly [number, number];",
    "interface Shape { readonly n: number }",
    "export class M extends NodeBase {",
    "  static readonly LIMIT = 5;",
    "  private count = 0;",
    "  tick(): void { this.count = twice(half(LIMIT)) + NAMES.length; }",
    "}",
  ].join("\n");
  expect(moduleState(source, "m.ts")).toEqual({
    locals: ["NAMES", "LIMIT", "half", "twice"],
    methods: ["tick"],
    writes: ["count"],
  });
});

describe("graded with modules shared or not, chapter 1 gets the marks its nodes earn", () => {
  const CLASS = "export class BroadcastNode extends NodeBase {";
  const grade = (before: string, body: string) => {
    const impl = materialize(path.join(ROOT, "solutions"), {
      id: "sharing",
      file: "ch1-broadcast.ts",
      find: CLASS,
      replace: `import type { Env } from "@raft/contract";\n${before}${CLASS}\n  constructor(env: Env) {\n    super(env);\n${body}\n  }\n`,
    });
    try {
      return gradeCli(["--impl", impl, "--chapter", "1"]);
    } finally {
      fs.rmSync(impl, { recursive: true, force: true });
    }
  };

  test("a module-level counter of node instances counts only its own node", () => {
    const run = grade(
      "let made = 0;\n",
      "    made++;\n    if (made !== 1) throw new Error(`this module made ${made} nodes`);",
    );
    expect(run.results?.score).toBe(100);
  });

  test("a class that writes a property onto itself, which a frozen class refuses, is graded with modules of its own", () => {
    const run = grade("", '    Object.defineProperty(BroadcastNode, "owner", { value: env.id });');
    expect(run.results?.score).toBe(100);
  });
});
