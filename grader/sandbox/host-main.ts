import { HostCore } from "../sim/host-core";
import { compartmentHost, type InitRequest } from "./compartment";
import { PipeClosed, readFrame, writeFrame } from "./frames";
import { decodeItem, encodeResult, type WireItem } from "./wire";

export type HostRequest =
  | ({ readonly op: "init" } & InitRequest)
  | {
      readonly op: "start";
      readonly seed: number;
      readonly nodes: readonly string[];
      readonly clients?: readonly string[];
    }
  | { readonly op: "exec"; readonly t: number; readonly items: readonly WireItem[] }
  | { readonly op: "lanes"; readonly work: readonly WireLane[] };

/** One run's moment among many (see sim/lanes.ts). */
interface WireLane {
  readonly lane: number;
  readonly t: number;
  readonly items: readonly WireItem[];
  readonly start?: { readonly seed: number; readonly nodes: readonly string[]; readonly clients?: readonly string[] };
}

const IN = 0;
const OUT = 1;

/**
 * The learner's process: it answers the simulator's requests, one frame at a time, until its
 * input closes. It holds no secrets and can write nothing but its answers: it runs with no
 * file-system writes, no child processes and no workers.
 */
export function main(): void {
  const answer = hostAnswers();
  for (;;) {
    try {
      writeFrame(OUT, answer(readFrame(IN) as HostRequest));
    } catch (err) {
      if (err instanceof PipeClosed) return;
      throw err;
    }
  }
}

/**
 * The host's answer to each request, in order: what the learner's process writes back, and what
 * the study site's lab worker (where the browser's sandbox is the boundary) hands to the simulator.
 */
export function hostAnswers(): (req: HostRequest) => Record<string, unknown> {
  let core: HostCore | null = null;
  let makeCore: (() => HostCore) | null = null;
  const lanes = new Map<number, HostCore>();
  const run = (c: HostCore, t: number, wire: readonly WireItem[]): unknown[] =>
    c.exec(t, wire.map(decodeItem)).map(encodeResult);
  return (req) => {
    try {
      if (req.op === "init") {
        const { factory, clientFactory, guard } = compartmentHost(req);
        makeCore = () => new HostCore(factory, guard, clientFactory);
        core = makeCore();
        return { ok: true };
      } else if (!core || !makeCore) {
        return { error: "the host was not initialised" };
      } else if (req.op === "start") {
        core.startRun(req.seed, req.nodes, req.clients);
        return { ok: true };
      } else if (req.op === "exec") {
        return { results: run(core, req.t, req.items) };
      } else {
        const newCore = makeCore;
        const answers = req.work.map((w) => {
          if (w.start) {
            const lane = newCore();
            lane.startRun(w.start.seed, w.start.nodes, w.start.clients);
            lanes.set(w.lane, lane);
          }
          const lane = lanes.get(w.lane);
          if (!lane) throw new Error(`no run on lane ${w.lane}`);
          return run(lane, w.t, w.items);
        });
        return { results: answers };
      }
    } catch (err) {
      const e = err as Error;
      return { error: `${e.name}: ${e.message}`, name: e.name, message: e.message };
    }
  };
}
