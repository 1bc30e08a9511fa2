import type { KvClientClass, NodeClass, NodeId } from "../contract";
import { HostCore } from "./host-core";
import type { HostItem, ItemResult, NodeHost } from "./host-protocol";
import { copyMessage } from "./messages";
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
    return guarded(() => this.core.exec(t, items.map(handedOver)));
  }

  close(): void {}
}

/**
 * What node code is handed is its own, as behind the boundary, where it is decoded afresh: a
 * node that changes a message it received changes neither the simulator's record of it nor a
 * duplicate still on its way (the replay under the debugger runs learner code here).
 */
function handedOver(item: HostItem): HostItem {
  if (item.op === "call" && item.input.kind === "receive") {
    const { from, msg } = item.input;
    return { op: "call", node: item.node, input: { kind: "receive", from, msg: copyMessage(msg) } };
  }
  if (item.op === "call" && item.input.kind === "request") {
    return { op: "call", node: item.node, input: { kind: "request", req: { ...item.input.req } } };
  }
  if (item.op === "client" && item.input.kind === "answer") {
    const { from, reply } = item.input;
    return { op: "client", node: item.node, input: { kind: "answer", from, reply: { ...reply } } };
  }
  return item;
}
