import type { Env, Log, Storage } from "./env";
import type {
  AppendEntries,
  AppendEntriesReply,
  ClientRequest,
  Message,
  NodeId,
  RequestVote,
  RequestVoteReply,
  Role,
} from "./types";

/**
 * What the simulator needs from a node, and all the grader ever reads of it besides its
 * storage. A node is a synchronous state machine: each call runs to completion and its only
 * effects are on storage and through the environment.
 */
export interface RaftNode {
  readonly role: Role;
  /** Highest log index known to be committed (0 until chapter 5). */
  readonly commitIndex: number;
  /** A message from a peer arrived. */
  receive(from: NodeId, msg: Message): void;
  /** One tick of logical time passed. */
  tick(): void;
  /** A client request arrived at this node. */
  request(req: ClientRequest): void;
  /** Scripted leadership (chapters 1–3): the scenario makes this node the leader of `term`. */
  lead(term: number): void;
  /**
   * A leader's view of each follower (from chapter 3 on): the next index it will send and the
   * highest index it knows the follower holds. The grader checks it and the player shows it.
   */
  progress?(): Readonly<Record<NodeId, Progress>>;
  /**
   * The node's state machine as it stands (chapter 6: the key-value store's contents). The
   * grader reads it after each call in which the node applied entries, and checks it against
   * the commands applied.
   */
  state?(): Readonly<Record<string, string>>;
  /**
   * The time (in env.now() ticks) at which this node will stand for election unless it hears
   * from a leader or grants a vote first (from chapter 4 on). Only the trace reads it: the
   * study site's player shows each node's time left.
   */
  nextElection?(): number;
}

export interface Progress {
  readonly nextIndex: number;
  readonly matchIndex: number;
}

/** Every chapter's node class has this constructor shape; a restart builds a new instance. */
export type NodeClass = new (env: Env) => RaftNode;

/** Thrown by a stub method the learner has not written yet. */
export class TodoError extends Error {
  constructor(readonly todo: string) {
    super(`${todo} is not written yet`);
    this.name = "TodoError";
  }
}

/** Marks a method the learner fills in; `todo` names it, e.g. "TODO 1.2 (onAppendEntries)". */
export function todo(what: string): never {
  throw new TodoError(what);
}

/**
 * The scaffolding under every chapter's node: it routes each input to the handler a chapter
 * overrides, and keeps role and commitIndex where the grader can read them. Handlers a chapter
 * has not reached yet do nothing.
 */
export abstract class NodeBase implements RaftNode {
  role: Role = "follower";
  commitIndex = 0;

  constructor(protected readonly env: Env) {}

  protected get id(): NodeId {
    return this.env.id;
  }
  protected get peers(): readonly NodeId[] {
    return this.env.peers;
  }
  protected get storage(): Storage {
    return this.env.storage;
  }
  protected get log(): Log {
    return this.env.storage.log;
  }
  protected get currentTerm(): number {
    return this.env.storage.currentTerm;
  }
  protected set currentTerm(term: number) {
    this.env.storage.currentTerm = term;
  }

  receive(from: NodeId, msg: Message): void {
    switch (msg.type) {
      case "AppendEntries":
        return this.onAppendEntries(from, msg);
      case "AppendEntriesReply":
        return this.onAppendEntriesReply(from, msg);
      case "RequestVote":
        return this.onRequestVote(from, msg);
      case "RequestVoteReply":
        return this.onRequestVoteReply(from, msg);
    }
  }

  tick(): void {
    this.onTick();
  }

  request(req: ClientRequest): void {
    if (this.role !== "leader") {
      this.env.reply({ id: req.id, ok: false, reason: "not-leader" });
      return;
    }
    if (req.kind === "write") this.onClientWrite(req.id, req.command);
    else this.onClientRead(req.id, req.key);
  }

  lead(term: number): void {
    this.currentTerm = term;
    this.role = "leader";
    this.onBecomeLeader();
  }

  /** Leader: a client asked to write `command`. Returns the index it was appended at. */
  protected abstract propose(command: string): number;

  protected onClientWrite(_requestId: string, command: string): void {
    const index = this.propose(command);
    // Chapter 5 keys a client's answer on this index: a wrong one shows here, not as an answer that never comes.
    if (index !== this.log.lastIndex() || this.log.entry(index)?.command !== command) {
      throw new Error(
        `propose(${JSON.stringify(command)}) returned ${String(index)}, and the leader's log ends at index ${this.log.lastIndex()} with ${JSON.stringify(this.log.entry(this.log.lastIndex()))}: propose appends the command and returns the index it appended it at (this.log.append returns it)`,
      );
    }
  }
  protected onClientRead(requestId: string, _key: string): void {
    this.env.reply({ id: requestId, ok: false, reason: "not-leader" });
  }
  protected onAppendEntries(_from: NodeId, _msg: AppendEntries): void {}
  protected onAppendEntriesReply(_from: NodeId, _msg: AppendEntriesReply): void {}
  protected onRequestVote(_from: NodeId, _msg: RequestVote): void {}
  protected onRequestVoteReply(_from: NodeId, _msg: RequestVoteReply): void {}
  protected onTick(): void {}
  protected onBecomeLeader(): void {}
}
