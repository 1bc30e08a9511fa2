/**
 * The vocabulary every chapter shares: node ids, log entries, the messages nodes exchange and
 * the requests clients make. All of it is plain data, so the simulator can copy a message on
 * send and write it into a trace as JSON.
 */

export type NodeId = string;

export type Role = "follower" | "candidate" | "leader";

/**
 * The command of a no-op entry: a leader appends `{ term: currentTerm, command: NO_OP }` when it
 * takes office (chapter 5), so that entries of earlier terms can commit without waiting for a
 * client. A no-op is replicated, committed and applied like any entry (env.apply sees its
 * index with the command ""); a state machine ignores it.
 */
export const NO_OP = "";

/** One log entry. Index 0 of every log holds the base entry `{ term: 0, command: "" }`. */
export interface Entry {
  readonly term: number;
  readonly command: string;
}

/** Leader → follower: replicate `entries`, which follow the entry at `prevLogIndex`. */
export interface AppendEntries {
  readonly type: "AppendEntries";
  readonly term: number;
  readonly leaderId: NodeId;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly Entry[];
  readonly leaderCommit: number;
  /**
   * Which heartbeat round this message belongs to (chapter 6): a leader that must confirm it
   * still leads numbers its rounds, and the reply echoes the number, so that a late or
   * duplicated acknowledgement of an earlier round cannot confirm a later read. Absent before
   * chapter 6; a node that does not use it echoes it anyway.
   */
  readonly round?: number;
}

/**
 * Follower → leader. `prevLogIndex` and `entryCount` echo the request being answered, because
 * with reordering and retries the leader cannot know which request a reply belongs to otherwise.
 * `conflictTerm` / `conflictIndex` are only used by the fast-backup stretch exercise.
 */
export interface AppendEntriesReply {
  readonly type: "AppendEntriesReply";
  readonly term: number;
  readonly success: boolean;
  readonly prevLogIndex: number;
  readonly entryCount: number;
  readonly conflictTerm?: number;
  readonly conflictIndex?: number;
  /** The `round` of the AppendEntries being answered, echoed when it had one. */
  readonly round?: number;
}

/** Candidate → everyone: vote for me in `term`. */
export interface RequestVote {
  readonly type: "RequestVote";
  readonly term: number;
  readonly candidateId: NodeId;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface RequestVoteReply {
  readonly type: "RequestVoteReply";
  readonly term: number;
  readonly voteGranted: boolean;
}

export type Message = AppendEntries | AppendEntriesReply | RequestVote | RequestVoteReply;
export type MessageType = Message["type"];

/** What a client asks of the cluster. Writes carry an opaque command string. */
export type ClientRequest =
  | { readonly kind: "write"; readonly id: string; readonly command: string }
  | { readonly kind: "read"; readonly id: string; readonly key: string };

/** The node's answer to a client request. */
export type ClientReply =
  | { readonly id: string; readonly ok: true; readonly index?: number; readonly value?: string }
  | { readonly id: string; readonly ok: false; readonly reason: "not-leader"; readonly leaderHint?: NodeId };
