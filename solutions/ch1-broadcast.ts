import { NodeBase, type AppendEntries, type NodeId } from "@raft/contract";

/**
 * Chapter 1 — vanilla broadcast. The leader appends each client command to its own log and
 * sends it to every follower; a follower appends whatever it receives, in arrival order.
 *
 * Useful: this.log (append, slice, lastIndex, term), this.currentTerm, this.id, this.peers,
 * this.env.send(to, message). Grade this chapter with: npm run grade -- --chapter 1
 */
export class BroadcastNode extends NodeBase {
  /**
   * TODO 1.1 — append the command to your log in the current term, then send
   * this.appendEntriesFor(peer) to every peer. Return the index the command was appended at.
   */
  protected propose(command: string): number {
    const index = this.log.append({ term: this.currentTerm, command });
    for (const peer of this.peers) this.env.send(peer, this.appendEntriesFor(peer));
    return index;
  }

  /**
   * TODO 1.2 — the AppendEntries that carries your newest entry to `peer`: your term, your id,
   * and that one entry. Chapter 1 leaves prevLogIndex, prevLogTerm and leaderCommit at 0.
   */
  protected appendEntriesFor(_peer: NodeId): AppendEntries {
    const last = this.log.lastIndex();
    return {
      type: "AppendEntries",
      term: this.currentTerm,
      leaderId: this.id,
      prevLogIndex: 0,
      prevLogTerm: 0,
      entries: this.log.slice(last, last + 1),
      leaderCommit: 0,
    };
  }

  /** TODO 1.3 — a follower appends the entries it receives to the end of its log. */
  protected override onAppendEntries(_from: NodeId, msg: AppendEntries): void {
    this.log.append(...msg.entries);
  }
}
