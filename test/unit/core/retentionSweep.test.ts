// The retention sweep on its own: expired items in order, stale ones skipped, a failed deletion kept.
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../../electron/main/core/outbox/minHeap';
import {
  sweepExpired,
  type ExpiryItem,
  type ExpiryQueue,
} from '../../../electron/main/core/outbox/retentionSweep';

function queueOf(items: ExpiryItem[]): ExpiryQueue & { left: () => number } {
  const heap = new MinHeap<ExpiryItem>((item) => item.at);
  for (const item of items) heap.push(item);
  return {
    takeExpired: (before) => ((heap.peek()?.at ?? Infinity) < before ? heap.pop() : undefined),
    putBackExpired: (item) => heap.push(item),
    left: () => heap.size,
  };
}

describe('sweepExpired', () => {
  it('removes the items older than the bound, oldest first, and counts only real removals', async () => {
    const queue = queueOf([
      { at: 30, captureId: 'c' },
      { at: 10, captureId: 'a' },
      { at: 20, captureId: 'stale' },
      { at: 40, captureId: 'recent' },
    ]);
    const seen: string[] = [];
    const removed = await sweepExpired(queue, 40, async (item) => {
      seen.push(item.captureId);
      return item.captureId !== 'stale';
    });
    expect(removed).toBe(2);
    expect(seen).toEqual(['a', 'stale', 'c']);
    expect(queue.left()).toBe(1);
  });

  it('a deletion that fails keeps its item for the next sweep and stops this one', async () => {
    const queue = queueOf([
      { at: 10, captureId: 'a' },
      { at: 20, captureId: 'b' },
    ]);
    await expect(
      sweepExpired(queue, 100, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(queue.left()).toBe(2);
    expect(await sweepExpired(queue, 100, async () => true)).toBe(2);
  });
});
