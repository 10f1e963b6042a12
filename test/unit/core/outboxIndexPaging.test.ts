// The orders behind `outbox.list` pages: whatever sequence of changes the index is told about, a page from any
// cursor, in either direction, filtered by any states, equals a sort and filter over the entries themselves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboxState } from '../../../shared/ipc';
import { compareOrderKeys, type OrderKey } from '../../../electron/main/core/outbox/enqueueOrder';
import { OutboxIndex } from '../../../electron/main/core/outbox/outboxIndex';
import type { EntryMeta } from '../../../electron/main/core/outbox/types';

const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const states: OutboxState[] = ['pending', 'sending', 'sent', 'needsAttention'];

const changeArbitrary = fc.record({
  id: fc.constantFrom(...ids),
  next: fc.option(
    fc.record({ state: fc.constantFrom(...states), enqueuedAt: fc.integer({ min: 0, max: 5 }) }),
    { freq: 4 },
  ),
});

const keyOf = (meta: EntryMeta): OrderKey => ({ at: meta.enqueuedAt, captureId: meta.captureId });

describe('OutboxIndex paging orders', () => {
  it('pages any states from any cursor, oldest or newest first, exactly as a sort over the entries', () => {
    fc.assert(
      fc.property(
        fc.array(changeArbitrary, { maxLength: 80 }),
        fc.subarray(states, { minLength: 1 }),
        fc.option(fc.record({ at: fc.integer({ min: -1, max: 6 }), captureId: fc.constantFrom(...ids) })),
        (changes, wanted, from) => {
          const entries = new Map<string, EntryMeta>();
          const index = new OutboxIndex((captureId) => entries.get(captureId));
          let version = 0;
          for (const { id, next } of changes) {
            const before = entries.get(id);
            version += 1;
            const after: EntryMeta | undefined = next
              ? {
                  captureId: id,
                  version,
                  state: next.state,
                  enqueuedAt: before?.enqueuedAt ?? next.enqueuedAt,
                  updatedAt: version,
                  possibleDuplicate: false,
                  attemptCount: 0,
                  contactHashes: [],
                }
              : undefined;
            if (after) entries.set(id, after);
            else entries.delete(id);
            index.update(before, after);
          }
          const cursor = from ?? undefined;
          const oldestFirst = [...entries.values()]
            .filter((meta) => !cursor || compareOrderKeys(keyOf(meta), cursor) > 0)
            .sort((x, y) => compareOrderKeys(keyOf(x), keyOf(y)))
            .map((meta) => meta.captureId);
          const newestFirst = [...entries.values()]
            .filter((meta) => !cursor || compareOrderKeys(keyOf(meta), cursor) < 0)
            .sort((x, y) => compareOrderKeys(keyOf(y), keyOf(x)))
            .map((meta) => meta.captureId);
          const inStates = (list: string[]) => list.filter((id) => wanted.includes(entries.get(id)!.state));

          expect([...index.idsAfter(cursor)]).toEqual(oldestFirst);
          expect([...index.idsBefore(cursor)]).toEqual(newestFirst);
          expect([...index.idsInStates(wanted, cursor, false)]).toEqual(inStates(oldestFirst));
          expect([...index.idsInStates(wanted, cursor, true)]).toEqual(inStates(newestFirst));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a filtered walk reads only the order of the states asked for, newest first', () => {
    const entries = new Map<string, EntryMeta>();
    const index = new OutboxIndex((captureId) => entries.get(captureId));
    for (let at = 0; at < 10_000; at += 1) {
      const meta: EntryMeta = {
        captureId: `id-${String(at).padStart(5, '0')}`,
        version: 1,
        state: at % 1_000 === 0 ? 'needsAttention' : 'sent',
        enqueuedAt: at,
        updatedAt: at,
        possibleDuplicate: false,
        attemptCount: 0,
        contactHashes: [],
      };
      entries.set(meta.captureId, meta);
      index.update(undefined, meta);
    }
    const held = (n: number) => `id-${String(9_000 - n * 1_000).padStart(5, '0')}`;
    expect([...index.idsInStates(['needsAttention'], undefined, true)]).toEqual(
      Array.from({ length: 10 }, (_, n) => held(n)),
    );
    // A sent entry moved to needsAttention joins that order; a held one sent leaves it.
    const moved = { ...entries.get('id-09999')!, version: 2, state: 'needsAttention' as const };
    index.update(entries.get('id-09999'), moved);
    const sent = { ...entries.get(held(0))!, version: 2, state: 'sent' as const };
    index.update(entries.get(held(0)), sent);
    expect([...index.idsInStates(['needsAttention'], { at: 9_999, captureId: 'id-09999' }, true)]).toEqual(
      Array.from({ length: 9 }, (_, n) => held(n + 1)),
    );
    expect([...index.idsInStates(['needsAttention'], undefined, true)][0]).toBe('id-09999');
  });
});
