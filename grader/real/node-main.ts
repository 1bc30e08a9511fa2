import * as fs from "node:fs";
import * as net from "node:net";
import type { ClientReply, NodeId } from "../contract";
import type { NodeInput } from "../sim/host-protocol";
import { validateMessage, validateRequest } from "../sim/messages";
import { CorruptStorage } from "./file-storage";
import { encodeFrame, FrameReader } from "./framing";
import { HostedNode, type Outputs } from "./hosted-node";
import { EXIT_CORRUPT, LOOPBACK, type FromNode, type NodeConfig, type ToNode } from "./protocol";
import { openStorage } from "./zoo-storage";

/** Pause before connecting again to a peer that could not be reached. */
const RECONNECT_MS = 100;

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A connection to one peer, for this node's messages to it; while it is down, messages are dropped, as a network may. */
class PeerLink {
  private socket: net.Socket | null = null;
  private retryAt = 0;

  constructor(
    private readonly self: NodeId,
    private readonly port: number,
  ) {}

  send(frame: ToNode): void {
    if (this.socket === null) {
      if (Date.now() < this.retryAt) return;
      const socket = net.connect({ host: LOOPBACK, port: this.port });
      socket.setNoDelay(true);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => {
        if (this.socket === socket) this.socket = null;
        this.retryAt = Date.now() + RECONNECT_MS;
      });
      socket.write(encodeFrame({ k: "hello", from: this.self }));
      this.socket = socket;
    }
    this.socket.write(encodeFrame(frame));
  }
}

/** Derives this start's random seed from the cluster's, so a restarted node does not replay its first timeouts. */
function seedFor(config: NodeConfig): number {
  return (config.seed + Math.imul(config.incarnation, 0x9e3779b9)) >>> 0;
}

function main(): void {
  const config = JSON.parse(process.argv[2]) as NodeConfig;
  const peers = Object.keys(config.ports).filter((id) => id !== config.id);
  let storage;
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    storage = openStorage(config.storage, config.dataDir);
  } catch (err) {
    if (!(err instanceof CorruptStorage)) throw err;
    log(`refusing to start: ${err.message}`);
    process.exit(EXIT_CORRUPT);
  }
  const seed = seedFor(config);
  const node = new HostedNode(
    { id: config.id, nodes: Object.keys(config.ports), implRoot: config.implRoot, implArg: config.implArg, seed, log },
    storage,
  );
  const links = new Map(peers.map((p) => [p, new PeerLink(config.id, config.ports[p])]));
  const cut = new Set<NodeId>();
  /** Client requests waiting for their reply: the id the node saw, and where the answer goes. */
  const waiting = new Map<string, { socket: net.Socket; id: string }>();
  let connections = 0;

  const queue: NodeInput[] = [];
  let scheduled = false;
  const deliver = (out: Outputs): void => {
    for (const { to, msg } of out.sent) if (!cut.has(to)) links.get(to)?.send({ k: "msg", msg });
    for (const reply of out.replies) answer(reply);
  };
  const answer = (reply: ClientReply): void => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (!w.socket.destroyed)
      w.socket.write(encodeFrame({ k: "reply", reply: { ...reply, id: w.id } } satisfies FromNode));
  };
  const enqueue = (input: NodeInput): void => {
    queue.push(input);
    if (scheduled) return;
    scheduled = true;
    // Everything that arrived in this turn of the event loop goes in one round trip and one fsync.
    setImmediate(() => {
      scheduled = false;
      deliver(node.run(queue.splice(0)));
    });
  };

  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const reader = new FrameReader();
    const conn = ++connections;
    let from: NodeId | null = null;
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk) => {
      let frames: unknown[];
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const raw of frames) {
        const frame = raw as ToNode;
        try {
          if (frame.k === "hello" && peers.includes(frame.from)) from = frame.from;
          else if (frame.k === "msg" && from !== null && !cut.has(from))
            enqueue({ kind: "receive", from, msg: validateMessage(frame.msg) });
          else if (frame.k === "req") {
            const req = validateRequest(frame.req);
            // Request ids are unique per client only: the node sees one unique across connections.
            const id = `${conn}|${req.id}`;
            waiting.set(id, { socket, id: req.id });
            enqueue({ kind: "request", req: { ...req, id } });
          } else if (frame.k === "status")
            socket.write(
              encodeFrame({ k: "status", id: config.id, pid: process.pid, ...node.status() } satisfies FromNode),
            );
          else if (frame.k === "cut") {
            cut.clear();
            for (const p of frame.peers) cut.add(p);
            socket.write(encodeFrame({ k: "ok" } satisfies FromNode));
          }
        } catch (err) {
          log(`dropped a frame from ${from ?? `connection ${conn}`}: ${(err as Error).message}`);
        }
      }
    });
    socket.on("close", () => {
      for (const [id, w] of waiting) if (w.socket === socket) waiting.delete(id);
    });
  });

  const shutdown = (): void => {
    node.close();
    process.exit(0);
  };
  // The supervisor holds our stdin: when it goes, whatever the way, so do we.
  process.stdin.on("end", shutdown);
  process.stdin.on("close", shutdown);
  process.stdin.resume();
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", () => {});

  server.listen(config.ports[config.id], LOOPBACK, () => {
    log(`ready on ${LOOPBACK}:${config.ports[config.id]}, random seed ${seed}, tick ${config.tickMs} ms`);
    setInterval(() => enqueue({ kind: "tick" }), config.tickMs);
  });
}

main();
