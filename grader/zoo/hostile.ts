/**
 * Submissions that try to earn points without writing Raft, or to take other chapters down,
 * or to hang the grader. Each is an edit of the stubs (nothing earned honestly) or of the
 * reference (everything else must keep its points).
 */
export interface HostileCase {
  readonly id: string;
  readonly attack: string;
  readonly base: "exercises" | "solutions";
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  readonly more?: readonly { readonly find: string; readonly replace: string }[];
  /** The score each chapter must get: "zero", "full", or "less" (loses points). */
  readonly scores: Readonly<Record<number, "zero" | "full" | "less">>;
  /** Grade only this test (a hang costs its budget twice per test: once to stop, once to find where). */
  readonly only?: string;
  /** Some failure message of `chapter` must match. */
  readonly chapter: number;
  readonly expect: RegExp;
}

const STUB_TOP = 'import { NodeBase, todo, type AppendEntries, type NodeId } from "@raft/contract";';
const CH4_TOP = 'import { BacktrackNode } from "./ch3-backtrack";';
/** Every chapter imports chapter 1's file: what fails there fails everywhere, so chapter 1 shows it. */
const ALL_ZERO = { 1: "zero" } as const;
/** Chapter 3 keeps its points beside chapter 4, whose file is hostile. */
const CH4_ONLY = { 3: "full", 4: "zero" } as const;
/** The reference's follower handler of chapter 4, where hangs are planted. */
const CH4_APPEND = "  protected override onAppendEntries(from: NodeId, msg: AppendEntries): void {\n";

/** Code at the top of the stubs' chapter 1 file, which every chapter imports. */
function atStubTop(id: string, attack: string, code: string, expect: RegExp): HostileCase {
  return {
    id,
    attack,
    base: "exercises",
    file: "ch1-broadcast.ts",
    find: STUB_TOP,
    replace: `${STUB_TOP}\n${code}`,
    scores: ALL_ZERO,
    chapter: 1,
    expect,
  };
}

/** Code at the top of the reference's chapter 4 file: chapters 1–3 must keep their points. */
function atCh4Top(id: string, attack: string, code: string, expect: RegExp): HostileCase {
  return {
    id,
    attack,
    base: "solutions",
    file: "ch4-election.ts",
    find: CH4_TOP,
    replace: `${CH4_TOP}\n${code}`,
    scores: CH4_ONLY,
    chapter: 4,
    expect,
  };
}

/** Code run by chapter 4's followers on every AppendEntries. */
function inCh4Handler(id: string, attack: string, code: string, expect: RegExp): HostileCase {
  return {
    id,
    attack,
    base: "solutions",
    file: "ch4-election.ts",
    find: CH4_APPEND,
    replace: `${CH4_APPEND}${code}\n`,
    scores: { 4: "zero" },
    only: "ch4.first-election",
    chapter: 4,
    expect,
  };
}

/**
 * Nodes of one run that share `how` and write each other's logs instead of backtracking: each
 * node sees only its own list, so the logs are never repaired and chapter 3 catches the missing
 * step back.
 */
function sharedState(id: string, how: string, declare: string): HostileCase {
  return {
    id,
    attack: `nodes of one run share ${how} and write each other's logs, instead of backtracking`,
    base: "solutions",
    file: "ch3-backtrack.ts",
    find: "export class BacktrackNode extends CheckedNode {",
    replace: `${declare}export class BacktrackNode extends CheckedNode {\n  private readonly shared = SHARED.push(this.env);`,
    more: [
      {
        find: "    for (const peer of this.peers) this.env.send(peer, this.appendEntriesFor(peer));\n  }\n\n  /** TODO 3.2",
        replace:
          "    for (const other of SHARED) {\n      if (other === this.env) continue;\n      other.storage.log.truncateFrom(1);\n      other.storage.log.append(...this.log.slice(1));\n    }\n    for (const peer of this.peers) this.env.send(peer, this.appendEntriesFor(peer));\n  }\n\n  /** TODO 3.2",
      },
      {
        find: "    if (reply.prevLogIndex !== next - 1) return;\n    this.nextIndex.set(from, Math.max(1, this.backOff(reply, next)));\n    this.env.send(from, this.appendEntriesFor(from));",
        replace: "",
      },
    ],
    scores: { 2: "full", 3: "less" },
    chapter: 3,
    expect: /N4 lacks 4, so it refuse|Cannot (add|define) property shared/,
  };
}

const IMPORT_REFUSED = /could not be loaded: .*(node code has no process|may import only its own files)/s;

export const HOSTILE: readonly HostileCase[] = [
  atStubTop(
    "hostile.replace-fs",
    "replaces fs.writeFileSync at import time to rewrite the results file",
    '// eslint-disable-next-line\nconst fs = require("fs");\nfs.writeFileSync = () => undefined;',
    /may import only its own files and @raft\/contract/,
  ),
  atStubTop(
    "hostile.array-push",
    "replaces Array.prototype.push so that no failure is ever recorded",
    "(Array.prototype as unknown as Record<string, unknown>).push = () => 0;",
    /could not be loaded: .*(read.only|not extensible|Cannot assign)/is,
  ),
  atStubTop(
    "hostile.vm-process",
    "reaches the judge's process through the vm module",
    '// eslint-disable-next-line\nconst p = require("vm").runInThisContext("process");\np.on("exit", () => undefined);',
    /may import only its own files and @raft\/contract/,
  ),
  atStubTop(
    "hostile.grader-modules",
    "requires the grader's own modules from process.cwd() and patches them",
    '// eslint-disable-next-line\nconst cwd = (globalThis as any).process.cwd();\n// eslint-disable-next-line\nrequire(cwd + "/grader/harness/attempt");',
    IMPORT_REFUSED,
  ),
  atStubTop(
    "hostile.read-cmdline",
    "reads the grader's command line from /proc to find the report file",
    '// eslint-disable-next-line\nconst text = require("fs").readFileSync("/proc/" + (globalThis as any).process.ppid + "/cmdline", "utf8");\nexport const OUT = text;',
    IMPORT_REFUSED,
  ),
  atCh4Top(
    "hostile.exit-at-import",
    "calls process.exit(3) at import",
    "(globalThis as unknown as { process: { exit(code: number): void } }).process.exit(3);",
    /could not be loaded: .*node code has no process/s,
  ),
  atCh4Top(
    "hostile.json-stringify",
    "replaces JSON.stringify at import",
    '(JSON as unknown as Record<string, unknown>).stringify = () => "{}";',
    /could not be loaded: .*(read.only|not extensible|Cannot assign)/is,
  ),
  sharedState(
    "hostile.shared-module-state",
    "a module-level list",
    "// eslint-disable-next-line\nconst SHARED: any[] = [];\n",
  ),
  sharedState(
    "hostile.shared-global",
    "a list left on globalThis",
    "// eslint-disable-next-line\nconst SHARED: any[] = ((globalThis as any).shared ??= []);\n",
  ),
  inCh4Handler(
    "hostile.exponential-recursion",
    "recursion that takes exponential time and swallows its stack overflows",
    "    const g = (n: number): number => { try { return n > 0 ? g(n + 1) : 0; } catch { return g(n + 1) + g(n + 1); } };\n    g(1);",
    /never finished handling AppendEntries from \w+: it ran past the run's budget/,
  ),
  inCh4Handler(
    "hostile.eval-loop",
    "an endless loop inside eval, where no loop guard was inserted",
    '    (0, eval)("while (true) {}");',
    /never finished handling AppendEntries from \w+: it ran past the run's budget/,
  ),
  inCh4Handler(
    "hostile.catastrophic-regex",
    "a regular expression that backtracks for ever",
    '    /^(a+)+$/.test("a".repeat(40) + "b");',
    /never finished handling AppendEntries from \w+: it ran past the run's budget/,
  ),
  inCh4Handler(
    "hostile.atomics-wait",
    "Atomics.wait without a timeout",
    "    (globalThis as any).Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);",
    /broke determinism while handling AppendEntries from \w+: Atomics/,
  ),
  inCh4Handler(
    "hostile.next-tick",
    "a process.nextTick loop",
    "    const spin = (): void => (globalThis as any).process.nextTick(spin);\n    spin();",
    /node code has no process/,
  ),
  inCh4Handler(
    "hostile.silence-loop-guard",
    "sets the injected loop guard to a no-op, then loops for ever",
    "    (globalThis as any).__raftLoopGuard = () => undefined;\n    for (;;) {}",
    /Cannot add property __raftLoopGuard, object is not extensible|the loop at \S*ch4-election\.ts:\d+ ran 1,000,000 times/,
  ),
  {
    id: "hostile.async-handler",
    attack: "an async method whose promise rejects after the handler returned",
    base: "solutions",
    file: "ch4-election.ts",
    find: "  protected override onRequestVoteReply(from: NodeId, msg: RequestVoteReply): void {",
    replace:
      '  protected async later(): Promise<void> {\n    throw new Error("later");\n  }\n\n  protected override onRequestVoteReply(from: NodeId, msg: RequestVoteReply): void {\n    void this.later();',
    scores: CH4_ONLY,
    chapter: 4,
    expect: /could not be loaded: .*method later is async: node code is synchronous/s,
  },
  inCh4Handler(
    "hostile.fake-report",
    "an error message that prints a fake scorecard into the report",
    '    throw new Error("\\n\\n  Total 400 / 400 points\\n\\nEvery selected test passed.");',
    /threw Error while handling AppendEntries from \w+: ⏎⏎ {2}Total 400 \/ 400 points⏎⏎Every selected test passed\./,
  ),
  inCh4Handler(
    "hostile.date-captured",
    "a clock read through new Date(), captured where no trap was expected",
    "    const started = new Date();\n    if (started.getTime() < 0) return;",
    /broke determinism while handling AppendEntries from \w+: new Date\(\) was called/,
  ),
  sharedState(
    "hostile.shared-frozen-list",
    "a module-level list declared readonly, so its modules pass as state-free and are shared, frozen",
    "// eslint-disable-next-line\nconst FROZEN: readonly any[] = [];\n// eslint-disable-next-line\nconst SHARED = FROZEN as any[];\n",
  ),
];
