import * as net from "node:net";
import { encodeCommand, type ClientReply, type ClientRequest, type KvOp, type NodeId } from "../contract";
import { encodeFrame, FrameReader } from "./framing";
import { LOOPBACK, type FromNode } from "./protocol";

/** The operation could not be done in time: nobody listened, or nobody answered as leader. */
export class Unavailable extends Error {
  constructor(
    message: string,
    /** True when no node accepted a connection at all: there is no cluster on these ports. */
    readonly nobodyListens: boolean,
  ) {
    super(message);
    this.name = "Unavailable";
  }
}

export interface ClientOptions {
  /** How long to wait for one node's answer before trying the next. */
  readonly retryMs: number;
  /** How long to keep trying one operation before giving up on it. */
  readonly giveUpMs: number;
}

/** A connection to one node, with the requests it still owes an answer. */
class Connection {
  readonly socket: net.Socket;
  private readonly waiting = new Map<string, (reply: ClientReply | Error) => void>();

  constructor(port: number) {
    this.socket = net.connect({ host: LOOPBACK, port });
    this.socket.setNoDelay(true);
    const reader = new FrameReader();
    this.socket.on("data", (chunk) => {
      let frames: unknown[];
      try {
        frames = reader.push(chunk);
      } catch (err) {
        this.socket.destroy(err as Error);
        return;
      }
      for (const f of frames as FromNode[]) {
        if (f.k !== "reply") continue;
        this.waiting.get(f.reply.id)?.(f.reply);
        this.waiting.delete(f.reply.id);
      }
    });
    this.socket.on("error", (err) => this.failAll(err));
    this.socket.on("close", () => this.failAll(new Error("the connection closed")));
  }

  get closed(): boolean {
    return this.socket.destroyed;
  }

  /** The node's answer, an Error when the connection failed, or null when none came in `ms`. */
  request(req: ClientRequest, ms: number): Promise<ClientReply | Error | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(req.id);
        resolve(null);
      }, ms);
      this.waiting.set(req.id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.socket.write(encodeFrame({ k: "req", req }));
    });
  }

  private failAll(err: Error): void {
    for (const done of this.waiting.values()) done(err);
    this.waiting.clear();
  }
}

/**
 * A key-value client of a real cluster, one operation at a time: it goes to the node it
 * believes leads, follows a refusal's leader hint, and moves on after a silence or a failed
 * connection. Every retry of a write carries the same client id and sequence number, so the
 * state machine applies it once however often it arrives.
 */
export class RealKvClient {
  private seq = 0;
  private attempts = 0;
  private target = 0;
  private readonly nodes: NodeId[];
  private readonly connections = new Map<NodeId, Connection>();

  constructor(
    readonly id: string,
    private readonly ports: Readonly<Record<NodeId, number>>,
    private readonly options: ClientOptions,
  ) {
    this.nodes = Object.keys(ports);
  }

  /** Performs one operation; resolves with what a get read ("" for put and append). */
  async invoke(op: KvOp): Promise<string> {
    const seq = ++this.seq;
    const giveUpAt = Date.now() + this.options.giveUpMs;
    let everListened = false;
    /** A node that let a request time out: a leader cut off from the rest, which its followers may still name. */
    let silent: NodeId | null = null;
    while (Date.now() < giveUpAt) {
      const node = this.nodes[this.target];
      const id = `${seq}.${++this.attempts}`;
      const req: ClientRequest =
        op.op === "get"
          ? { kind: "read", id, key: op.key }
          : { kind: "write", id, command: encodeCommand({ ...op, client: this.id, seq }) };
      const answer = await this.connection(node).request(req, Math.min(this.options.retryMs, giveUpAt - Date.now()));
      if (answer instanceof Error) {
        this.connections.delete(node);
        this.target = (this.target + 1) % this.nodes.length;
        // Every node refused the connection in a row: wait a little rather than spin.
        if (this.target === 0) await pause(20);
        continue;
      }
      everListened = true;
      if (answer === null) {
        silent = node;
        this.target = (this.target + 1) % this.nodes.length;
        continue;
      }
      if (answer.ok) return answer.value ?? "";
      const hinted =
        answer.leaderHint === undefined || answer.leaderHint === silent ? -1 : this.nodes.indexOf(answer.leaderHint);
      this.target = hinted >= 0 ? hinted : (this.target + 1) % this.nodes.length;
      // No leader known anywhere (an election under way): give it a moment.
      if (hinted < 0) await pause(10);
    }
    const where = this.nodes.map((n) => `${LOOPBACK}:${this.ports[n]}`).join(", ");
    throw everListened
      ? new Unavailable(`no leader answered within ${this.options.giveUpMs} ms (tried ${where})`, false)
      : new Unavailable(`no cluster running: nothing listens on ${where}`, true);
  }

  close(): void {
    for (const c of this.connections.values()) c.socket.destroy();
    this.connections.clear();
  }

  private connection(node: NodeId): Connection {
    let c = this.connections.get(node);
    if (!c || c.closed) {
      c = new Connection(this.ports[node]);
      this.connections.set(node, c);
    }
    return c;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
