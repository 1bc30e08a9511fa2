/** Something that happens at logical time `t`; at equal times, lower phases first, then first come first. */
export interface Timed {
  readonly t: number;
  readonly phase: number;
}

/** A queued entry with its place in the order. Every slot has this one shape, so comparing two is fast. */
interface Slot<T> {
  readonly t: number;
  readonly phase: number;
  readonly seq: number;
  readonly item: T;
}

/** The simulator's event queue: a binary heap ordered by (time, phase, arrival). */
export class EventQueue<T extends Timed> {
  private readonly heap: Slot<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0]?.item;
  }

  /** Any entry for which `pred` holds (the order is the heap's, not the queue's). */
  some(pred: (item: T) => boolean): boolean {
    return this.heap.some((s) => pred(s.item));
  }

  push(item: T): void {
    const q = this.heap;
    const entry: Slot<T> = { t: item.t, phase: item.phase, seq: this.seq++, item };
    // Sifted up by moving parents down into the hole, and the entry written once where it stops.
    let i = q.length;
    q.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, q[parent])) break;
      q[i] = q[parent];
      i = parent;
    }
    q[i] = entry;
  }

  pop(): T | undefined {
    const q = this.heap;
    const top = q[0];
    const last = q.pop();
    if (q.length > 0 && last !== undefined) {
      q[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < q.length && before(q[l], q[m])) m = l;
        if (r < q.length && before(q[r], q[m])) m = r;
        if (m === i) break;
        const swap = q[i];
        q[i] = q[m];
        q[m] = swap;
        i = m;
      }
    }
    return top?.item;
  }
}

function before<T>(a: Slot<T>, b: Slot<T>): boolean {
  return a.t !== b.t ? a.t < b.t : a.phase !== b.phase ? a.phase < b.phase : a.seq < b.seq;
}
