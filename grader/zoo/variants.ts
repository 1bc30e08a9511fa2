import * as fs from "node:fs";
import { materialize, type Edit } from "./apply";

/** Edits of one reference file, as a mutant's are written: the first find/replace, then `more`, in order. */
export type FileEdits = Omit<Edit, "id">;

/**
 * A correct implementation that differs from the reference in a way the chapters allow: the
 * grader must give it full marks in every chapter. Kept as edits of the reference, as mutants
 * are, so it stays in step with it.
 */
export interface Variant {
  readonly id: string;
  /** What it does differently, and why that is still correct Raft. */
  readonly change: string;
  readonly edits: readonly FileEdits[];
}

const CH1 = "ch1-broadcast.ts";
const CH3 = "ch3-backtrack.ts";
const CH4 = "ch4-election.ts";
const CH6 = "ch6-kv.ts";

/** One file's edits and then another's, of the same file, as one: each applies to what the ones before it left. */
function combined(first: FileEdits, ...rest: readonly FileEdits[]): FileEdits {
  const later = rest.flatMap((e) => [{ find: e.find, replace: e.replace }, ...(e.more ?? [])]);
  return { ...first, more: [...(first.more ?? []), ...later] };
}

/** At most `n` entries per AppendEntries (TODO 3.2), instead of everything from nextIndex on. */
const cap = (n: number): FileEdits => ({
  file: CH3,
  find: "entries: this.log.slice(next),",
  replace: `entries: this.log.slice(next, next + ${n}),`,
});

const heartbeatEvery = (ticks: number): FileEdits => ({
  file: CH3,
  find: "HEARTBEAT_TICKS = 2;",
  replace: `HEARTBEAT_TICKS = ${ticks};`,
});

/**
 * After a success that moves nextIndex on (TODO 3.4), what the follower still lacks goes at
 * once rather than on the next heartbeat. (Sending on every success would start a new chain of
 * messages with each heartbeat's duplicate, without end.)
 */
const pipelined: FileEdits = {
  file: CH3,
  find: "if (matched + 1 > next) this.nextIndex.set(from, matched + 1);\n      return;",
  replace:
    "if (matched + 1 <= next) return;\n" +
    "      this.nextIndex.set(from, matched + 1);\n" +
    "      if (matched < this.log.lastIndex()) this.env.send(from, this.appendEntriesFor(from));\n" +
    "      return;",
};

const EVERY_PEER = "for (const peer of this.peers)";
const reversed = (file: string, loops: number): FileEdits => ({
  file,
  find: EVERY_PEER,
  replace: "for (const peer of [...this.peers].reverse())",
  more: Array.from({ length: loops - 1 }, () => ({
    find: EVERY_PEER,
    replace: "for (const peer of [...this.peers].reverse())",
  })),
});

/** Another election deadline (TODO 4.1) than the reference's uniform draw from [lo, hi]. */
const timeout = (id: string, change: string, deadline: string): Variant => ({
  id: `timeout-${id}`,
  change,
  edits: [
    {
      file: CH4,
      find: "this.electionDeadline = this.env.now() + lo + Math.floor(this.env.random() * (hi - lo + 1));",
      replace: `this.electionDeadline = this.env.now() + ${deadline};`,
    },
  ],
});

const many = (n: number): string => (n === 1 ? "1 entry" : `${n} entries`);

/** Correct variants of the reference; each must get full marks in every chapter. */
export const VARIANTS: readonly Variant[] = [
  ...[1, 3].map((n) => ({
    id: `batch-of-${n}`,
    change: `an AppendEntries carries at most ${many(n)} (as etcd's MaxSizePerMsg caps it); the rest follow in later ones`,
    edits: [cap(n)],
  })),
  ...[1, 4].map((ticks) => ({
    id: `heartbeat-every-${ticks}`,
    change: `heartbeats every ${ticks} tick${ticks === 1 ? "" : "s"} instead of 2, still well inside the election timeout`,
    edits: [heartbeatEvery(ticks)],
  })),
  {
    id: "slowest-leader",
    change: "1 entry per AppendEntries and heartbeats every 4 ticks: the slowest leader the grader's horizons allow",
    edits: [combined(cap(1), heartbeatEvery(4))],
  },
  {
    id: "pipelining",
    change: "after a success, a leader that still has entries the follower lacks sends them at once",
    edits: [pipelined],
  },
  {
    id: "batch-of-1-pipelined",
    change: "1 entry per AppendEntries, and the next one sent as soon as the one before is acknowledged",
    edits: [combined(cap(1), pipelined)],
  },
  {
    id: "every-refusal",
    change:
      "every refusal steps nextIndex back, not only the refusal of the probe outstanding; the floor at 1 keeps it correct",
    edits: [{ file: CH3, find: "    if (reply.prevLogIndex !== next - 1) return;\n", replace: "" }],
  },
  {
    id: "reverse-peer-order",
    change: "every loop over the peers visits them in reverse order",
    edits: [reversed(CH1, 1), reversed(CH3, 4), reversed(CH4, 1)],
  },
  {
    id: "round-every-tick",
    change:
      "a leader starts a new heartbeat round at every tick; a read still waits for acknowledgements of its own round or a later one",
    edits: [
      {
        file: CH6,
        find: "  /** A new term's leader has had no round acknowledged yet (given). */",
        replace:
          '  protected override onTick(): void {\n    if (this.role === "leader") this.round++;\n    super.onTick();\n  }\n\n  /** A new term\'s leader has had no round acknowledged yet (given). */',
      },
    ],
  },
  {
    id: "reads-wait-for-heartbeat",
    change: "a read's round goes out with the next heartbeat rather than at once: slower, as safe",
    edits: [
      {
        file: CH6,
        find: "      for (const peer of this.peers) this.env.send(peer, this.appendEntriesFor(peer));\n    }\n    this.serveReads();",
        replace: "    }\n    this.serveReads();",
      },
    ],
  },
  {
    id: "client-random-retry",
    change: "after a timeout the client tries a node drawn at random (perhaps the same one), still following hints",
    edits: [
      {
        file: CH6,
        find: "    this.target = (this.target + 1) % this.env.nodes.length;\n    this.send();",
        replace: "    this.target = Math.floor(this.env.random() * this.env.nodes.length);\n    this.send();",
      },
    ],
  },
  timeout(
    "low",
    "election timeouts drawn uniformly from 10–14 ticks, the low end of the range",
    "lo + Math.floor(this.env.random() * 5)",
  ),
  timeout(
    "high",
    "election timeouts drawn uniformly from 16–20 ticks, the high end of the range",
    "hi - Math.floor(this.env.random() * 5)",
  ),
  timeout(
    "rounded",
    "election timeouts rounded rather than floored, so 10 and 20 come half as often as the others",
    "lo + Math.round(this.env.random() * (hi - lo))",
  ),
  timeout(
    "triangular",
    "election timeouts from the mean of two draws, more often mid-range than at the ends, still within 10–20",
    "lo + Math.floor(((this.env.random() + this.env.random()) / 2) * (hi - lo + 1))",
  ),
  timeout(
    "fractional",
    "a deadline that is not a whole tick, so the timer fires at the first tick past it, within 10–20",
    "lo + this.env.random() * (hi - lo)",
  ),
];

/** Copies the reference into a fresh folder with the variant's edits applied, file by file. */
export function materializeVariant(referenceRoot: string, variant: Variant): string {
  let dir = referenceRoot;
  for (const edits of variant.edits) {
    const next = materialize(dir, { id: variant.id, ...edits });
    if (dir !== referenceRoot) fs.rmSync(dir, { recursive: true, force: true });
    dir = next;
  }
  return dir;
}
