import { HostCore } from "../sim/host-core";
import { compartmentHost, type InitRequest } from "./compartment";
import { PipeClosed, readFrame, writeFrame } from "./frames";
import { decodeItem, Views, type WireItem } from "./wire";

type Request =
  | ({ readonly op: "init" } & InitRequest)
  | { readonly op: "start"; readonly seed: number; readonly nodes: readonly string[] }
  | { readonly op: "exec"; readonly t: number; readonly items: readonly WireItem[] };

const IN = 0;
const OUT = 1;

/**
 * The learner's process: it answers the simulator's requests, one frame at a time, until its
 * input closes. It holds no secrets and can write nothing but its answers: it runs with no
 * file-system writes, no child processes and no workers.
 */
export function main(): void {
  let core: HostCore | null = null;
  const views = new Views();
  for (;;) {
    let req: Request;
    try {
      req = readFrame(IN) as Request;
    } catch (err) {
      if (err instanceof PipeClosed) return;
      throw err;
    }
    try {
      if (req.op === "init") {
        const { factory, guard } = compartmentHost(req);
        core = new HostCore(factory, guard);
        writeFrame(OUT, { ok: true });
      } else if (!core) {
        writeFrame(OUT, { error: "the host was not initialised" });
      } else if (req.op === "start") {
        core.startRun(req.seed, req.nodes);
        views.clear();
        writeFrame(OUT, { ok: true });
      } else {
        const items = req.items.map(decodeItem);
        const results = core.exec(req.t, items);
        for (const item of items) if (item.op !== "call") views.forget(item.node);
        writeFrame(OUT, { results: results.map((r, i) => views.encode(items[i].node, r)) });
      }
    } catch (err) {
      if (err instanceof PipeClosed) return;
      const e = err as Error;
      writeFrame(OUT, { error: `${e.name}: ${e.message}`, name: e.name, message: e.message });
    }
  }
}
