// Entries in enqueue order, keyed by (enqueuedAt, captureId), so that a page of `outbox.list` after a cursor
// costs O(log n + page) instead of a walk from the start, in either direction (oldest or newest first). Enqueues almost always arrive in time order (an
// append); the rare one out of order (a journal loaded in update order, a clock that went back) is appended
// too and the array is sorted once before the next read (TimSort: near-linear on nearly sorted input).
// A removal only marks the slot dead; dead slots are swept out once they are half the array.
export interface OrderKey {
  at: number;
  captureId: string;
}

export const compareOrderKeys = (a: OrderKey, b: OrderKey): number =>
  a.at !== b.at ? a.at - b.at : a.captureId < b.captureId ? -1 : a.captureId > b.captureId ? 1 : 0;

export class EnqueueOrder {
  private items: OrderKey[] = [];
  /** The live slot of each entry: a slot not found here is dead. */
  private readonly live = new Map<string, OrderKey>();
  private dead = 0;
  private sorted = true;

  get size(): number {
    return this.live.size;
  }

  add(captureId: string, at: number): void {
    const current = this.live.get(captureId);
    if (current?.at === at) return;
    if (current) this.remove(captureId);
    const key: OrderKey = { at, captureId };
    const last = this.items.at(-1);
    if (last && compareOrderKeys(last, key) > 0) this.sorted = false;
    this.items.push(key);
    this.live.set(captureId, key);
  }

  remove(captureId: string): void {
    if (!this.live.delete(captureId)) return;
    this.dead += 1;
    if (this.dead > 64 && this.dead * 2 > this.items.length) {
      this.items = this.items.filter((key) => this.live.get(key.captureId) === key);
      this.dead = 0;
    }
  }

  keyOf(captureId: string): OrderKey | undefined {
    return this.live.get(captureId);
  }

  /** Live captureIds strictly after `after` (from the start when undefined), in order. */
  *after(after: OrderKey | undefined): Generator<string> {
    this.sort();
    for (let index = after ? this.firstSlot(after, 'after') : 0; index < this.items.length; index += 1) {
      const key = this.items[index]!;
      if (this.live.get(key.captureId) === key) yield key.captureId;
    }
  }

  /** Live captureIds strictly before `before` (from the end when undefined), in reverse order: newest first. */
  *before(before: OrderKey | undefined): Generator<string> {
    this.sort();
    for (
      let index = (before ? this.firstSlot(before, 'atOrAfter') : this.items.length) - 1;
      index >= 0;
      index -= 1
    ) {
      const key = this.items[index]!;
      if (this.live.get(key.captureId) === key) yield key.captureId;
    }
  }

  private sort(): void {
    if (this.sorted) return;
    this.items.sort(compareOrderKeys);
    this.sorted = true;
  }

  /** Index of the first slot whose key is greater than `key` ('after') or not less ('atOrAfter'), by binary
   *  search (dead slots keep their place in the order). */
  private firstSlot(key: OrderKey, bound: 'after' | 'atOrAfter'): number {
    const strict = bound === 'after';
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const order = compareOrderKeys(this.items[middle]!, key);
      if (order < 0 || (strict && order === 0)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** An opaque page cursor: the order key of the last entry of the page (valid even if it was deleted since). */
export function encodeCursor(key: OrderKey): string {
  return `${key.at}:${key.captureId}`;
}

const CURSOR = /^(\d{1,16}):(\S{1,200})$/;

/** undefined for anything encodeCursor never produced: a bad cursor is refused, never read as "the end". */
export function decodeCursor(cursor: string): OrderKey | undefined {
  const match = CURSOR.exec(cursor);
  if (!match) return undefined;
  const at = Number(match[1]);
  return Number.isSafeInteger(at) ? { at, captureId: match[2]! } : undefined;
}
