import type { LearnerBundle } from "../../grader/sandbox/bundle";
import { hostAnswers, type HostRequest } from "../../grader/sandbox/host-main";
import { decodeResult, encodeItem, encodeLanes } from "../../grader/sandbox/wire";
import { HostStopped, type HostItem, type ItemResult, type NodeHost } from "../../grader/sim/host-protocol";
import type { LaneHost, LaneWork } from "../../grader/sim/lanes";
import type { NodeId } from "../../grader/contract";

/**
 * The learner's process of `npm run grade`, as the lab's worker holds it: the same host answers
 * each request (a Compartment over the reader's modules, with the same traps), and every request
 * and answer is copied through JSON as a pipe would copy it, so the simulator sees the same data.
 * The page holds the time budget: it ends the whole worker when a test overruns.
 */
export class WorkerHost implements NodeHost, LaneHost {
  private readonly answer = hostAnswers();
  private dead: HostStopped | null = null;
  private sent: readonly LaneWork[] | null = null;

  constructor(
    bundle: LearnerBundle,
    init: { entry: string; className: string; clientClassName?: string; guard: string },
  ) {
    const answer = this.request({ op: "init", modules: bundle.modules, ...init });
    if (answer.error !== undefined) {
      this.dead = new HostStopped("refused", String(answer.error));
      throw this.dead;
    }
  }

  get stopped(): boolean {
    return this.dead !== null;
  }

  startRun(seed: number, nodes: readonly NodeId[], clients: readonly string[] = []): void {
    this.expectOk(this.request({ op: "start", seed, nodes, clients }));
  }

  exec(t: number, items: readonly HostItem[]): ItemResult[] {
    const { results } = this.expectOk(this.request({ op: "exec", t, items: items.map(encodeItem) }));
    return (results as unknown[]).map(decodeResult);
  }

  /** The page's worker answers at once: the round trip is made when its answer is asked for. */
  sendLanes(work: readonly LaneWork[]): void {
    this.sent = work;
  }

  receiveLanes(): ItemResult[][] {
    const work = this.sent ?? [];
    this.sent = null;
    const { results } = this.expectOk(this.request({ op: "lanes", work: encodeLanes(work) }));
    return (results as unknown[][]).map((answer) => answer.map(decodeResult));
  }

  close(): void {
    this.dead ??= new HostStopped("died", "closed");
  }

  private request(req: HostRequest): Record<string, unknown> {
    if (this.dead) throw this.dead;
    return JSON.parse(JSON.stringify(this.answer(JSON.parse(JSON.stringify(req)) as HostRequest))) as Record<
      string,
      unknown
    >;
  }

  /** An answer that reports the host's own failure ends this host, as it ends a learner process. */
  private expectOk(answer: Record<string, unknown>): Record<string, unknown> {
    if (answer.error === undefined) return answer;
    this.dead = new HostStopped("died", `the learner's process failed: ${String(answer.error)}`);
    throw this.dead;
  }
}
