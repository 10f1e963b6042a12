// Reading entries while the sync engine changes them: on the journal, with bodies encrypted and bound to their
// version, a list (or any read) must show each entry as one consistent snapshot, never fail its integrity
// check because a transition wrote a new version between reading the metadata and the body.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { validateCreateCustomer } from '../../../electron/main/core/createCustomerValidator';
import { createContactHasher } from '../../../electron/main/core/outbox/contacts';
import { FileOutboxStore } from '../../../electron/main/core/outbox/fileOutboxStore';
import { Outbox, type AttemptResult } from '../../../electron/main/core/outbox/outbox';
import { createEncryptingCodec } from '../../../electron/main/core/outbox/payloadCodec';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { FakeClock } from '../../support/core/fakeClock';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { makeTempDir } from '../../support/core/tempDir';

const folders: string[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  for (const outbox of outboxes.splice(0)) await outbox.close();
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function openEncryptedOutbox() {
  const dir = await makeTempDir();
  folders.push(dir);
  const key = randomBytes(32);
  const clock = new FakeClock();
  const outbox = new Outbox({
    store: new FileOutboxStore(dir, { logger: createSilentLogger() }),
    codec: createEncryptingCodec({
      current: () => ({ id: 'k1', key }),
      byId: (id) => (id === 'k1' ? key : undefined),
    }),
    clock,
    logger: createSilentLogger(),
    hashContact: createContactHasher(Buffer.alloc(32, 7)),
    validate: validateCreateCustomer,
    monotonicEpoch: 'run-1',
  });
  await outbox.open();
  outboxes.push(outbox);
  return { outbox, clock };
}

const sendAsIs = (job: { record: Record<string, unknown>; capture: never }) => ({
  kind: 'send' as const,
  record: job.record,
  capture: job.capture,
});

describe('Outbox reads during transitions', () => {
  it('lists entries while each is marked sending and answered, again and again, without a read failing', async () => {
    const { outbox, clock } = await openEncryptedOutbox();
    const ids = Array.from({ length: 16 }, () => newCaptureId());
    for (const [index, id] of ids.entries()) {
      await outbox.enqueue(id, sampleRecord(index));
      clock.advance(1);
    }

    const retryNow = (): AttemptResult => ({
      kind: 'retry',
      nextAttemptAt: clock.now(),
      ambiguous: false,
      ambiguousLimit: 2,
      attempt: { startedAt: clock.now(), finishedAt: clock.now(), outcome: 'retryable' },
      lastError: { code: 'network', message: 'offline' },
    });
    let transitions = 0;
    const rounds = 25;
    const engine = (async () => {
      for (let round = 0; round < rounds; round += 1) {
        const due = outbox.takeDue(Number.POSITIVE_INFINITY, ids.length);
        await Promise.all(
          due.map(async (id) => {
            if (await outbox.beginAttempt(id, sendAsIs as never)) transitions += 1;
            if (await outbox.finishAttempt(id, retryNow())) transitions += 1;
          }),
        );
      }
    })();
    let done = false;
    void engine.finally(() => (done = true));

    let lists = 0;
    const failures: unknown[] = [];
    while (!done) {
      try {
        const { items } = await outbox.list({ limit: 100 });
        expect(items.map((item) => item.captureId)).toEqual(ids);
        for (const item of items)
          expect(item.displayName).toBe(`Bianchi${ids.indexOf(item.captureId)}, Giulia`);
      } catch (error) {
        failures.push(error);
      }
      lists += 1;
      // A list of entries held in memory settles in microtasks: let the writes' I/O callbacks run between lists.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await engine;
    expect(failures).toEqual([]);
    expect(transitions).toBe(rounds * ids.length * 2);
    expect(lists).toBeGreaterThan(1);
  });
});
