// The Outbox orchestrating transitions, store, index and events, on an in-memory store with a fake clock.
// The pieces have their own tests: transitions, outboxIndex, keyedLock, retentionSweep.
import { describe, expect, it } from 'vitest';
import { Outbox, type AttemptResult } from '../../../electron/main/core/outbox/outbox';
import { plainJsonCodec } from '../../../electron/main/core/outbox/payloadCodec';
import { createContactHasher } from '../../../electron/main/core/outbox/contacts';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { validateCreateCustomer } from '../../../electron/main/core/createCustomerValidator';
import { FakeClock } from '../../support/core/fakeClock';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { newCaptureId, sampleRecord } from '../../support/core/records';

async function makeOutbox(store = new MemoryOutboxStore(), clock = new FakeClock()) {
  const outbox = new Outbox({
    store,
    codec: plainJsonCodec,
    clock,
    logger: createSilentLogger(),
    hashContact: createContactHasher(Buffer.alloc(32, 7)),
    validate: validateCreateCustomer,
    monotonicEpoch: 'run-1',
  });
  await outbox.open();
  return { outbox, store, clock };
}

/** An entry as the UI sees it, through the public list. */
async function entryOf(outbox: Outbox, captureId: string) {
  const { items } = await outbox.list({ limit: 1_000 });
  return items.find((item) => item.captureId === captureId);
}

const sendAsIs = (job: { record: Record<string, unknown>; capture: never }) => ({
  kind: 'send' as const,
  record: job.record,
  capture: job.capture,
});
const attempt = { startedAt: 0, finishedAt: 1, outcome: 'x' };

describe('Outbox state machine', () => {
  it('hands out due records by nextAttemptAt, each at most once at a time', async () => {
    const { outbox, clock } = await makeOutbox();
    const a = newCaptureId();
    const b = newCaptureId();
    await outbox.enqueue(a, sampleRecord(1));
    clock.advance(10);
    await outbox.enqueue(b, sampleRecord(2));
    expect(outbox.takeDue(clock.now(), 10)).toEqual([a, b]);
    expect(outbox.takeDue(clock.now(), 10)).toEqual([]);
    const job = await outbox.beginAttempt(a, sendAsIs as never);
    expect(job).toMatchObject({ captureId: a, attemptCount: 1 });
    expect(await outbox.beginAttempt(a, sendAsIs as never)).toBeUndefined();
    expect(outbox.stateCounts()).toMatchObject({ pending: 1, sending: 1 });
    outbox.release(b);
    expect(outbox.takeDue(clock.now(), 10)).toEqual([b]);
  });

  it('a retry goes back to pending at its time; ambiguous failures flag possibleDuplicate for good', async () => {
    const { outbox, clock } = await makeOutbox();
    const id = newCaptureId();
    await outbox.enqueue(id, sampleRecord());
    outbox.takeDue(clock.now(), 1);
    await outbox.beginAttempt(id, sendAsIs as never);
    const retry: AttemptResult = {
      kind: 'retry',
      nextAttemptAt: clock.now() + 5_000,
      ambiguous: true,
      ambiguousLimit: 2,
      attempt,
      lastError: { code: 'timeout', message: 'slow' },
    };
    await outbox.finishAttempt(id, retry);
    expect(outbox.takeDue(clock.now(), 1)).toEqual([]);
    expect(outbox.nextDueAt()).toBe(clock.now() + 5_000);
    clock.advance(5_000);
    expect(outbox.takeDue(clock.now(), 1)).toEqual([id]);
    await outbox.beginAttempt(id, sendAsIs as never);
    await outbox.finishAttempt(id, { kind: 'sent', boosterCustomerId: 4, attempt });
    expect(await entryOf(outbox, id)).toMatchObject({
      state: 'sent',
      possibleDuplicate: true,
      attempts: 2,
      boosterCustomerId: 4,
    });
    expect(outbox.stateCounts()).toEqual({
      pending: 0,
      sending: 0,
      sent: 1,
      needsAttention: 0,
      possibleDuplicate: 1,
    });
  });

  it('a record leaves sending only through finishAttempt; at start-up it is recovered as a possible duplicate', async () => {
    const { outbox, store, clock } = await makeOutbox();
    const id = newCaptureId();
    await outbox.enqueue(id, sampleRecord());
    outbox.takeDue(clock.now(), 1);
    await outbox.beginAttempt(id, sendAsIs as never);
    // The process dies here. A new run opens the same store.
    const { outbox: next } = await makeOutbox(store, clock);
    expect(next.stateCounts().sending).toBe(1);
    expect(await next.recoverInterrupted()).toBe(1);
    expect(await entryOf(next, id)).toMatchObject({ state: 'pending', possibleDuplicate: true });
    expect(next.takeDue(clock.now(), 5)).toEqual([id]);
    const body = await store.readBody(id);
    expect(body?.attempts.at(-1)).toMatchObject({ outcome: 'interrupted', ambiguous: true });
  });

  it('a plan may stop a record before sending (trusted time): needsAttention with the reason', async () => {
    const { outbox, clock } = await makeOutbox();
    const id = newCaptureId();
    await outbox.enqueue(id, sampleRecord());
    outbox.takeDue(clock.now(), 1);
    const job = await outbox.beginAttempt(id, () => ({
      kind: 'attention',
      reason: 'clockUntrusted',
      message: 'clock',
      fieldErrors: [{ path: 'registrationDate', code: 'clockUntrusted', message: 'clock' }],
    }));
    expect(job).toBeUndefined();
    const reopened = await outbox.reopen(id);
    expect(reopened.entry).toMatchObject({
      state: 'needsAttention',
      attentionReason: 'clockUntrusted',
      attempts: 0,
    });
    // Re-enqueued: the registration date now counts as confirmed by a person.
    await outbox.enqueue(id, reopened.record);
    outbox.takeDue(clock.now(), 1);
    const again = await outbox.beginAttempt(id, (candidate) => ({
      kind: 'send',
      record: candidate.record,
      capture: candidate.capture,
    }));
    expect(again?.capture.registrationDateConfirmed).toBe(true);
    expect(again?.record.registrationDate).toBe(reopened.record.registrationDate);
  });

  it('records the capture clock: device time, time zone, monotonic reading and its epoch', async () => {
    const { outbox, store, clock } = await makeOutbox();
    const id = newCaptureId();
    await outbox.enqueue(id, sampleRecord());
    const body = await store.readBody(id);
    expect(body?.capture).toEqual({
      deviceTimeMs: clock.now(),
      timeZone: 'Europe/Paris',
      monotonicMs: clock.monotonic(),
      monotonicEpoch: 'run-1',
      registrationDateFromDevice: true,
    });
    expect(JSON.parse(body!.personal).record.registrationDate).toBe(new Date(clock.now()).toISOString());
  });

  it('keeps a registrationDate the record already has, and never sets it as from the device', async () => {
    const { outbox, store } = await makeOutbox();
    const id = newCaptureId();
    await outbox.enqueue(id, sampleRecord(0, { registrationDate: '2026-11-01T09:30:00Z' }));
    const body = await store.readBody(id);
    expect(body?.capture.registrationDateFromDevice).toBe(false);
  });

  it('prunes only sent entries past retention', async () => {
    const { outbox, clock } = await makeOutbox();
    const sent = newCaptureId();
    const pending = newCaptureId();
    await outbox.enqueue(sent, sampleRecord(1));
    await outbox.enqueue(pending, sampleRecord(2));
    outbox.takeDue(clock.now(), 1);
    await outbox.beginAttempt(sent, sendAsIs as never);
    await outbox.finishAttempt(sent, { kind: 'sent', boosterCustomerId: 1, attempt });
    clock.advance(31 * 86_400_000);
    expect(await outbox.pruneSent(clock.now() - 30 * 86_400_000)).toBe(1);
    expect(await entryOf(outbox, sent)).toBeUndefined();
    expect(await entryOf(outbox, pending)).toBeDefined();
  });
});

describe('Outbox costs do not grow with the backlog', () => {
  it('list pages after a cursor without walking the entries before it', async () => {
    const { outbox, store, clock } = await makeOutbox();
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      ids.push(newCaptureId());
      await outbox.enqueue(ids[i], sampleRecord(i));
      clock.advance(1);
    }
    const first = await outbox.list({ limit: 25 });
    expect(first.items.map((item) => item.captureId)).toEqual(ids.slice(0, 25));
    store.metas = () => {
      throw new Error('a page must not walk the backlog');
    };
    let lookups = 0;
    const getMeta = store.getMeta.bind(store);
    store.getMeta = (captureId) => {
      lookups += 1;
      return getMeta(captureId);
    };
    const second = await outbox.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((item) => item.captureId)).toEqual(ids.slice(25, 27));
    expect(lookups).toBeLessThanOrEqual(2 * 3);
    const rest = await outbox.list({ limit: 10, cursor: second.nextCursor });
    expect(rest.items.map((item) => item.captureId)).toEqual(ids.slice(27));
    expect(rest.nextCursor).toBeUndefined();
  });

  it('the retention sweep reads only the expired entries, oldest first', async () => {
    const { outbox, store, clock } = await makeOutbox();
    const sendNow = async (id: string, index: number) => {
      await outbox.enqueue(id, sampleRecord(index));
      outbox.takeDue(clock.now(), 10);
      await outbox.beginAttempt(id, sendAsIs as never);
      await outbox.finishAttempt(id, { kind: 'sent', boosterCustomerId: index + 1, attempt });
    };
    const old = [newCaptureId(), newCaptureId()];
    await sendNow(old[0]!, 0);
    await sendNow(old[1]!, 1);
    clock.advance(10 * 86_400_000);
    const recent = newCaptureId();
    await sendNow(recent, 2);
    const waiting = newCaptureId();
    await outbox.enqueue(waiting, sampleRecord(3));
    clock.advance(25 * 86_400_000);
    store.metas = () => {
      throw new Error('the sweep must not walk the backlog');
    };
    expect(await outbox.pruneSent(clock.now() - 30 * 86_400_000)).toBe(2);
    expect(await entryOf(outbox, old[0]!)).toBeUndefined();
    expect(await entryOf(outbox, old[1]!)).toBeUndefined();
    expect(await entryOf(outbox, recent)).toMatchObject({ state: 'sent' });
    expect(await entryOf(outbox, waiting)).toMatchObject({ state: 'pending' });
    expect(await outbox.pruneSent(clock.now() - 30 * 86_400_000)).toBe(0);
    expect(outbox.stateCounts()).toMatchObject({ sent: 1, pending: 1 });
  });
});

describe('Outbox: Booster ids and cursors', () => {
  async function sendWithId(outbox: Outbox, clock: FakeClock, id: string, boosterCustomerId: number) {
    await outbox.enqueue(id, sampleRecord());
    outbox.takeDue(clock.now(), 1);
    await outbox.beginAttempt(id, sendAsIs as never);
    return outbox.finishAttempt(id, { kind: 'sent', boosterCustomerId, attempt });
  }

  it('an id Booster already gave another client is held for a person, flagged, naming the id', async () => {
    const { outbox, clock } = await makeOutbox();
    const first = newCaptureId();
    const second = newCaptureId();
    expect(await sendWithId(outbox, clock, first, 77)).toBe('sent');
    expect(await sendWithId(outbox, clock, second, 77)).toBe('needsAttention');
    expect(await entryOf(outbox, first)).toMatchObject({ state: 'sent', boosterCustomerId: 77 });
    const held = await entryOf(outbox, second);
    expect(held).toMatchObject({
      state: 'needsAttention',
      attentionReason: 'suspiciousId',
      possibleDuplicate: true,
      lastError: { code: 'suspiciousId' },
    });
    expect(held?.lastError?.message).toMatch(/client id 77.*another client/);
    // A person can open it, check Booster, and send it again.
    await expect(outbox.reopen(second)).resolves.toMatchObject({ record: { lastName: 'Bianchi0' } });
  });

  it('the index of Booster ids is rebuilt at open, so a restart does not forget whose id it is', async () => {
    const store = new MemoryOutboxStore();
    const { outbox, clock } = await makeOutbox(store);
    await sendWithId(outbox, clock, newCaptureId(), 5);
    const reopened = await makeOutbox(store, clock);
    expect(await sendWithId(reopened.outbox, clock, newCaptureId(), 5)).toBe('needsAttention');
    expect(await sendWithId(reopened.outbox, clock, newCaptureId(), 6)).toBe('sent');
  });

  it('an attention answer that may have created the client flags it as a possible duplicate', async () => {
    const { outbox, clock } = await makeOutbox();
    const id = newCaptureId();
    await outbox.enqueue(id, sampleRecord());
    outbox.takeDue(clock.now(), 1);
    await outbox.beginAttempt(id, sendAsIs as never);
    await outbox.finishAttempt(id, {
      kind: 'attention',
      reason: 'failed',
      message: 'Booster answered HTTP 200 with a client id that is not valid (0)',
      attempt,
      possibleDuplicate: true,
    });
    expect(await entryOf(outbox, id)).toMatchObject({
      state: 'needsAttention',
      attentionReason: 'failed',
      possibleDuplicate: true,
    });
    expect(outbox.stateCounts().possibleDuplicate).toBe(1);
  });

  it('refuses a list cursor that no page handed out, naming the cursor field', async () => {
    const { outbox, clock } = await makeOutbox();
    for (let index = 0; index < 3; index += 1) {
      await outbox.enqueue(newCaptureId(), sampleRecord(index));
      clock.advance(1);
    }
    const page = await outbox.list({ limit: 2 });
    expect((await outbox.list({ limit: 2, cursor: page.nextCursor })).items).toHaveLength(1);
    for (const cursor of ['abc:def', 'garbage', '', page.items[0]!.captureId]) {
      await expect(outbox.list({ limit: 2, cursor }), cursor).rejects.toMatchObject({
        code: 'invalidRequest',
        message: expect.stringMatching(/cursor/),
        fields: [expect.objectContaining({ path: 'cursor' })],
      });
    }
  });

  it('a write the disk refuses is a StorageFailedError naming the cause; memory is unchanged', async () => {
    const { outbox, store, clock } = await makeOutbox();
    store.failNextWrites = 1;
    await expect(outbox.enqueue(newCaptureId(), sampleRecord())).rejects.toMatchObject({
      name: 'StorageFailedError',
      code: 'storageFailed',
      storageCode: 'ENOSPC',
      message: expect.stringMatching(/disk is full \(ENOSPC\).*free space.*nothing was queued/),
    });
    const id = newCaptureId();
    await outbox.enqueue(id, sampleRecord());
    outbox.takeDue(clock.now(), 1);
    store.failNextWrites = 1;
    await expect(outbox.beginAttempt(id, sendAsIs as never)).rejects.toMatchObject({
      code: 'storageFailed',
    });
    expect(outbox.stateCounts()).toMatchObject({ pending: 1, sending: 0 });
  });
});
