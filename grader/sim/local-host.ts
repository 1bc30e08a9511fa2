import type { KvClientClass, NodeClass, NodeId } from "../contract";
import { HostCore } from "./host-core";
import type { HostItem, ItemResult, NodeHost } from "./host-protocol";
import { guarded, sandboxed, movePrinted } from "./sandbox";

/**
 * Runs node classes in this process, under the in-process guards: trusted code (the reference,
 * the simulator's own tests), and the learner's own code in the replay under a debugger, on the
 * learner's machine. Graded submissions never run here: they run behind the trust boundary.
 */
export class LocalHost implements NodeHost {
  private readonly core: HostCore;
  readonly validates = true;

  constructor(nodeClass: NodeClass, clientClass?: KvClientClass) {
    this.core = new HostCore(
      (env) => new nodeClass(env),
      {
        run(fn, printed) {
          try {
            sandboxed(fn);
            return null;
          } catch (err) {
            return err;
          } finally {
            movePrinted(printed);
          }
        },
      },
      clientClass && ((env) => new clientClass(env)),
    );
  }

  startRun(seed: number, nodes: readonly NodeId[], clients?: readonly string[]): void {
    this.core.startRun(seed, nodes, clients);
  }

  exec(t: number, items: readonly HostItem[]): ItemResult[] {
    return guarded(() => this.core.exec(t, items));
  }

  close(): void {}
}
