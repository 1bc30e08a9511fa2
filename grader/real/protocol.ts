import * as net from "node:net";
import type { ClientReply, ClientRequest, Message, NodeId } from "../contract";
import type { NodeStatus } from "./hosted-node";
import type { StorageKind } from "./zoo-storage";
import { encodeFrame, FrameReader } from "./framing";

/** Every process of a real cluster listens here, and only here. */
export const LOOPBACK = "127.0.0.1";

/** What travels to a node's port. Peers open with hello, then send messages; clients and the tools send the rest. */
export type ToNode =
  | { readonly k: "hello"; readonly from: NodeId }
  | { readonly k: "msg"; readonly msg: Message }
  | { readonly k: "req"; readonly req: ClientRequest }
  | { readonly k: "status" }
  /** Drop every message to and from these peers (a partition in the transport); [] heals. */
  | { readonly k: "cut"; readonly peers: readonly NodeId[] };

export type FromNode =
  | { readonly k: "reply"; readonly reply: ClientReply }
  | ({ readonly k: "status"; readonly id: NodeId; readonly pid: number } & NodeStatus)
  | { readonly k: "ok" };

/** One question, one answer, on a connection of its own; rejects when nobody listens or no answer comes in time. */
export function ask(port: number, frame: ToNode, timeoutMs: number): Promise<FromNode> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: LOOPBACK, port });
    const reader = new FrameReader();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${LOOPBACK}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("connect", () => socket.write(encodeFrame(frame)));
    socket.on("data", (chunk) => {
      const [answer] = reader.push(chunk);
      if (answer === undefined) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer as FromNode);
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** What the cluster's supervisor tells one node process (as JSON, its only argument). */
export interface NodeConfig {
  readonly id: NodeId;
  readonly ports: Readonly<Record<NodeId, number>>;
  readonly dataDir: string;
  readonly implRoot: string;
  readonly implArg: string;
  readonly seed: number;
  /** How many times this node's process has been started in this cluster's life: each start draws other random numbers. */
  readonly incarnation: number;
  readonly tickMs: number;
  readonly storage: StorageKind;
}

/** Exit status of a node that refuses its data folder: the supervisor does not start it again. */
export const EXIT_CORRUPT = 3;
