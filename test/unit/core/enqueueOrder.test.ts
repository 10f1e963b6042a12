// The enqueue-order index behind outbox.list: ordered by (enqueuedAt, captureId), removals lazy, cursors
// that survive the deletion of the entry they name.
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, EnqueueOrder } from '../../../electron/main/core/outbox/enqueueOrder';

describe('EnqueueOrder', () => {
  it('orders by time then captureId, whatever the insertion order (a clock that went back)', () => {
    const order = new EnqueueOrder();
    order.add('c', 30);
    order.add('a', 10);
    order.add('b2', 20);
    order.add('b1', 20);
    expect([...order.after(undefined)]).toEqual(['a', 'b1', 'b2', 'c']);
    expect([...order.after({ at: 20, captureId: 'b1' })]).toEqual(['b2', 'c']);
  });

  it('walks backwards (newest first) from the end or strictly before a key, skipping removed entries', () => {
    const order = new EnqueueOrder();
    order.add('c', 30);
    order.add('a', 10);
    order.add('b2', 20);
    order.add('b1', 20);
    order.add('d', 40);
    order.remove('d');
    expect([...order.before(undefined)]).toEqual(['c', 'b2', 'b1', 'a']);
    expect([...order.before({ at: 20, captureId: 'b2' })]).toEqual(['b1', 'a']);
    // A cursor between keys, or of an entry since removed, is still a position.
    expect([...order.before({ at: 25, captureId: 'x' })]).toEqual(['b2', 'b1', 'a']);
    expect([...order.before({ at: 40, captureId: 'd' })]).toEqual(['c', 'b2', 'b1', 'a']);
    expect([...order.before({ at: 10, captureId: 'a' })]).toEqual([]);
  });

  it('skips removed entries, and a re-added id appears once at its new place', () => {
    const order = new EnqueueOrder();
    for (let i = 0; i < 10; i += 1) order.add(`id-${i}`, i);
    order.remove('id-3');
    order.remove('id-5');
    order.add('id-5', 100);
    expect([...order.after(undefined)]).toEqual([
      'id-0',
      'id-1',
      'id-2',
      'id-4',
      'id-6',
      'id-7',
      'id-8',
      'id-9',
      'id-5',
    ]);
    expect(order.size).toBe(9);
  });

  it('sweeps dead slots once they dominate, keeping the order', () => {
    const order = new EnqueueOrder();
    for (let i = 0; i < 1_000; i += 1) order.add(`id-${String(i).padStart(4, '0')}`, i);
    for (let i = 0; i < 990; i += 1) order.remove(`id-${String(i).padStart(4, '0')}`);
    expect((order as unknown as { items: unknown[] }).items.length).toBeLessThan(1_000);
    expect([...order.after(undefined)]).toEqual(
      Array.from({ length: 10 }, (_, i) => `id-${String(990 + i).padStart(4, '0')}`),
    );
  });

  it('a cursor names a position, so it still works after its entry was deleted', () => {
    const order = new EnqueueOrder();
    order.add('a', 1);
    order.add('b', 2);
    order.add('c', 3);
    const cursor = encodeCursor(order.keyOf('b')!);
    order.remove('b');
    expect([...order.after(decodeCursor(cursor))]).toEqual(['c']);
  });

  it('refuses anything encodeCursor never produced (a bad cursor is not "the end of the list")', () => {
    for (const bad of [
      '',
      'a',
      'gone',
      'abc:def',
      ':x',
      '12:',
      '-1:a',
      '1.5:a',
      '12: a',
      '1e3:a',
      `${'9'.repeat(17)}:a`,
    ])
      expect(decodeCursor(bad), JSON.stringify(bad)).toBeUndefined();
    expect(decodeCursor('1764324000000:2f1c0b9e-0000-4000-8000-000000000001')).toEqual({
      at: 1764324000000,
      captureId: '2f1c0b9e-0000-4000-8000-000000000001',
    });
  });
});

describe('EnqueueOrder at scale', () => {
  it('takes entries arriving in update order (a compacted journal) by appending, and sorts before reading', () => {
    const order = new EnqueueOrder();
    const count = 10_000;
    // Reversed: every insert is out of order; each is an append, the order is restored once on read.
    for (let i = count - 1; i >= 0; i -= 1) order.add(`id-${i}`, i);
    expect((order as unknown as { items: { captureId: string }[] }).items[0]?.captureId).toBe(
      `id-${count - 1}`,
    );
    const first = order.after(undefined).next().value;
    expect(first).toBe('id-0');
    expect([...order.after({ at: count - 3, captureId: `id-${count - 3}` })]).toEqual([
      `id-${count - 2}`,
      `id-${count - 1}`,
    ]);
  });
});
