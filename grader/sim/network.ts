import type { Message, NodeId } from "../contract";
import { RELIABLE, type MessageRule, type NetworkFaults, type Scenario } from "../scenarios/types";
import { Prng } from "./prng";

/** The simulated network: random faults, a scenario's scripted rules, and partitions. */
export class Network {
  private faults: NetworkFaults;
  private groups: Map<NodeId, number> | null = null;
  private readonly ruleHits = new Map<MessageRule, number>();
  private readonly random: Prng;

  constructor(
    private readonly scenario: Scenario,
    seed: number,
  ) {
    this.random = Prng.fork(seed, "network");
    this.faults = RELIABLE;
    this.setFaults(scenario.network ?? RELIABLE);
  }

  /** A message takes at least one tick: what the simulator hands the host as one moment relies on it. */
  setFaults(faults: NetworkFaults): void {
    if (faults.delay[0] < 1) throw new Error(`scenario ${this.scenario.id}: messages take at least one tick`);
    this.faults = faults;
  }

  partition(groups: readonly (readonly NodeId[])[]): void {
    this.groups = new Map();
    groups.forEach((group, g) => group.forEach((id) => this.groups?.set(id, g)));
  }

  heal(): void {
    this.groups = null;
  }

  connected(a: NodeId, b: NodeId): boolean {
    if (!this.groups) return true;
    const ga = this.groups.get(a);
    return ga !== undefined && ga === this.groups.get(b);
  }

  /**
   * When each copy of a message sent at `now` arrives, after scripted rules and random faults;
   * none when it is dropped. Every copy takes at least one tick, so what a node sends at one
   * time can never reach another node at that same time.
   */
  arrivals(now: number, from: NodeId, to: NodeId, msg: Message): number[] {
    if (!this.connected(from, to)) return [];
    let extra = 0;
    for (const rule of this.scenario.rules ?? []) {
      if ((rule.from && rule.from !== from) || (rule.to && rule.to !== to) || (rule.type && rule.type !== msg.type))
        continue;
      const hit = (this.ruleHits.get(rule) ?? 0) + 1;
      this.ruleHits.set(rule, hit);
      if (rule.nth !== undefined && rule.nth !== hit) continue;
      if (rule.action === "drop") return [];
      extra += rule.action.delayBy;
    }
    const f = this.faults;
    if (this.random.chance(f.drop)) return [];
    const copies = this.random.chance(f.duplicate) ? 2 : 1;
    const times: number[] = [];
    for (let i = 0; i < copies; i++) times.push(now + extra + this.random.int(f.delay[0], f.delay[1]));
    return times;
  }
}

export function describeFaults(f: NetworkFaults): string {
  return `the network now delays ${f.delay[0]}–${f.delay[1]} ticks, drops ${Math.round(f.drop * 100)}% and duplicates ${Math.round(f.duplicate * 100)}%`;
}
