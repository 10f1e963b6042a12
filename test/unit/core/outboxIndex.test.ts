// The outbox's in-memory index on its own: whatever sequence of changes it is told about, what it answers
// equals a recount over the entries themselves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutboxState } from '../../../shared/ipc';
import { OutboxIndex } from '../../../electron/main/core/outbox/outboxIndex';
import type { EntryMeta } from '../../../electron/main/core/outbox/types';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const hashes = ['h1', 'h2', 'h3'];
const states: OutboxState[] = ['pending', 'sending', 'sent', 'needsAttention'];

/** One change: the entry `id` becomes what `next` describes, or goes. */
const changeArbitrary = fc.record({
  id: fc.constantFrom(...ids),
  next: fc.option(
    fc.record({
      state: fc.constantFrom(...states),
      enqueuedAt: fc.integer({ min: 0, max: 5 }),
      at: fc.integer({ min: 0, max: 100 }),
      possibleDuplicate: fc.boolean(),
      contactHashes: fc.subarray(hashes),
      boosterCustomerId: fc.integer({ min: 1, max: 3 }),
    }),
    { freq: 4 },
  ),
});

function recount(entries: Map<string, EntryMeta>) {
  const counts = { pending: 0, sending: 0, sent: 0, needsAttention: 0, possibleDuplicate: 0 };
  for (const meta of entries.values()) {
    counts[meta.state] += 1;
    if (meta.possibleDuplicate) counts.possibleDuplicate += 1;
  }
  return counts;
}

describe('OutboxIndex', () => {
  it('after any sequence of changes, every answer equals a recount over the entries', () => {
    fc.assert(
      fc.property(fc.array(changeArbitrary, { maxLength: 60 }), (changes) => {
        const entries = new Map<string, EntryMeta>();
        const index = new OutboxIndex((captureId) => entries.get(captureId));
        let version = 0;
        for (const { id, next } of changes) {
          const before = entries.get(id);
          version += 1; // versions only grow, as in the store
          const after: EntryMeta | undefined = next
            ? {
                captureId: id,
                version,
                state: next.state,
                enqueuedAt: before?.enqueuedAt ?? next.enqueuedAt,
                updatedAt: next.at,
                nextAttemptAt: next.state === 'pending' ? next.at : undefined,
                sentAt: next.state === 'sent' ? next.at : undefined,
                possibleDuplicate: next.possibleDuplicate,
                attemptCount: 0,
                contactHashes: next.contactHashes,
                boosterCustomerId: next.state === 'sent' ? next.boosterCustomerId : undefined,
              }
            : undefined;
          // An entry left in `sent` is only ever removed (retention), as in the outbox.
          if (before?.state === 'sent' && after) continue;
          if (after) entries.set(id, after);
          else entries.delete(id);
          index.update(before, after);

          expect(index.stateCounts()).toEqual(recount(entries));
          for (const hash of hashes) {
            const holders = [...entries.values()].filter((meta) => meta.contactHashes.includes(hash));
            expect(new Set(index.holdersOf(hash))).toEqual(new Set(holders.map((meta) => meta.captureId)));
          }
          const pendingTimes = [...entries.values()].flatMap((meta) =>
            meta.state === 'pending' ? [meta.nextAttemptAt ?? 0] : [],
          );
          expect(index.nextDueAt()).toBe(pendingTimes.length > 0 ? Math.min(...pendingTimes) : undefined);
        }
        const inOrder = [...entries.values()]
          .sort((x, y) => x.enqueuedAt - y.enqueuedAt || (x.captureId < y.captureId ? -1 : 1))
          .map((meta) => meta.captureId);
        expect([...index.idsAfter(undefined)]).toEqual(inOrder);
        // A Booster id is held by one of the sent entries that got it, never by an entry gone since.
        for (const boosterId of [1, 2, 3]) {
          const holders = [...entries.values()].filter((meta) => meta.boosterCustomerId === boosterId);
          const answers = [...holders.map((meta) => meta.captureId), 'probe'].map((captureId) =>
            index.claimBoosterId(boosterId, captureId, undefined),
          );
          expect(answers.filter((answer) => answer !== 'taken')).toHaveLength(1);
        }
        // Every pending entry is due exactly once, earliest first.
        const due = index.takeDue(Number.MAX_SAFE_INTEGER, ids.length + 1);
        const pending = [...entries.values()].filter((meta) => meta.state === 'pending');
        expect([...due].sort()).toEqual(pending.map((meta) => meta.captureId).sort());
        const times = due.map((id) => entries.get(id)?.nextAttemptAt ?? 0);
        expect(times).toEqual([...times].sort((x, y) => x - y));
        // Every sent entry expires, oldest first (an item of an entry since removed and sent again is stale).
        const expired = new Map<string, number>();
        for (let item = index.takeExpired(Infinity); item; item = index.takeExpired(Infinity)) {
          if (entries.get(item.captureId)?.sentAt === item.at) expired.set(item.captureId, item.at);
        }
        const sentTimes = [...entries.values()].flatMap((meta) =>
          meta.state === 'sent' ? [meta.sentAt] : [],
        );
        expect([...expired.values()]).toEqual(sentTimes.sort((x, y) => (x ?? 0) - (y ?? 0)));
      }),
      { numRuns: 200 },
    );
  });

  const meta = (captureId: string, overrides: Partial<EntryMeta>): EntryMeta => ({
    captureId,
    version: 1,
    state: 'pending',
    enqueuedAt: 0,
    updatedAt: 0,
    nextAttemptAt: 10,
    possibleDuplicate: false,
    attemptCount: 0,
    contactHashes: [],
    ...overrides,
  });

  it('a taken entry is due again only once released or rewritten; a stale heap item is skipped', () => {
    const entries = new Map<string, EntryMeta>();
    const index = new OutboxIndex((captureId) => entries.get(captureId));
    const first = meta('a', {});
    entries.set('a', first);
    index.update(undefined, first);
    expect(index.takeDue(9, 5)).toEqual([]);
    expect(index.takeDue(10, 5)).toEqual(['a']);
    expect(index.takeDue(10, 5)).toEqual([]);
    index.makeDue(first, 50);
    expect(index.nextDueAt()).toBe(50);
    const sending = meta('a', { version: 2, state: 'sending', nextAttemptAt: undefined });
    entries.set('a', sending);
    index.update(first, sending);
    expect(index.nextDueAt()).toBeUndefined();
  });

  it('a Booster id belongs to the first entry that claimed it; a failed write gives it back', () => {
    const index = new OutboxIndex(() => undefined);
    expect(index.claimBoosterId(7, 'a', undefined)).toBe('claimed');
    expect(index.claimBoosterId(7, 'a', undefined)).toBe('ours');
    expect(index.claimBoosterId(7, 'b', undefined)).toBe('taken');
    index.dropClaim(7, 'b', undefined);
    expect(index.claimBoosterId(7, 'a', undefined)).toBe('ours');
    index.dropClaim(7, 'a', undefined);
    expect(index.claimBoosterId(7, 'b', undefined)).toBe('claimed');
  });

  it('a Booster id is held per environment: two Boosters may both give id 7', () => {
    const index = new OutboxIndex(() => undefined);
    expect(index.claimBoosterId(7, 'a', 'url:https://test.booster.example')).toBe('claimed');
    expect(index.claimBoosterId(7, 'b', 'url:https://booster.example')).toBe('claimed');
    expect(index.claimBoosterId(7, 'c', 'url:https://booster.example')).toBe('taken');
    index.dropClaim(7, 'a', 'url:https://booster.example');
    expect(index.claimBoosterId(7, 'a', 'url:https://test.booster.example')).toBe('ours');
  });

  it('the expiry queue answers only entries sent before the bound, and takes back an item', () => {
    const entries = new Map<string, EntryMeta>();
    const index = new OutboxIndex((captureId) => entries.get(captureId));
    const sending = meta('a', { state: 'sending' });
    const sent = meta('a', { version: 2, state: 'sent', sentAt: 100 });
    index.update(undefined, sending);
    index.update(sending, sent);
    expect(index.takeExpired(100)).toBeUndefined();
    const item = index.takeExpired(101);
    expect(item).toEqual({ at: 100, captureId: 'a' });
    expect(index.takeExpired(101)).toBeUndefined();
    index.putBackExpired(item!);
    expect(index.takeExpired(101)).toEqual(item);
  });
});
