// The erasure wiring of the services: the `erasureDelayMs` setting reaches the outbox (clamped to 5 minutes),
// an open asks for an erasure (a previous run may have stopped before its own), and `outbox:erase` answers
// through the handler table of every mode that writes.
import { afterEach, describe, expect, it } from 'vitest';
import { openLocalOutbox } from '../../../electron/main/core/boosterServices';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { FakeClock } from '../../support/core/fakeClock';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { createHarness, type Harness } from '../../support/core/servicesHarness';
import { makeTempDir } from '../../support/core/tempDir';
import { waitUntil } from '../../support/waitUntil';

const started: Harness[] = [];
afterEach(async () => {
  for (const harness of started.splice(0)) await harness.services.stop();
});

async function startWith(erasureDelayMs: number) {
  const store = new MemoryOutboxStore();
  const harness = await createHarness({ store, settings: { erasureDelayMs } });
  started.push(harness);
  return { ...harness, store };
}

describe('erasure in the services', () => {
  it('compacts within the configured delay after an open and after an erasure', async () => {
    const { services, clock, store } = await startWith(2_000);
    clock.advance(2_000);
    await waitUntil(() => store.compactions === 1, 'the compaction asked for at open');

    const captureId = newCaptureId();
    await services.handlers.outbox.enqueue({ captureId, record: sampleRecord(1) });
    await expect(services.handlers.outbox.erase({ captureId, confirmUnsent: false })).rejects.toMatchObject({
      code: 'invalidRequest',
    });
    expect(await services.handlers.outbox.erase({ captureId, confirmUnsent: true })).toEqual({
      erased: true,
    });
    expect((await services.handlers.sync.status(undefined)).counts.pending).toBe(0);
    clock.advance(1_999);
    expect(store.compactions).toBe(1);
    clock.advance(1);
    await waitUntil(() => store.compactions === 2, 'the compaction after the erasure');
  });

  it('a delay set over 5 minutes still erases within 5 minutes', async () => {
    const { clock, store } = await startWith(24 * 3_600_000);
    clock.advance(5 * 60_000);
    await waitUntil(() => store.compactions === 1, 'the compaction within 5 minutes');
  });

  it('the outbox opened without sending erases too, and its stop runs the pending erasure', async () => {
    const store = new MemoryOutboxStore();
    const services = await openLocalOutbox({
      dataDir: await makeTempDir(),
      clock: new FakeClock(),
      logger: createSilentLogger(),
      store,
    });
    const captureId = newCaptureId();
    await services.handlers.outbox.enqueue({ captureId, record: sampleRecord(2) });
    expect(await services.handlers.outbox.erase({ captureId, confirmUnsent: true })).toEqual({
      erased: true,
    });
    expect(store.compactions).toBe(0);
    await services.stop();
    expect(store.compactions).toBe(1);
  });
});
