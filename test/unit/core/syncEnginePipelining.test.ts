// The engine keeps its requests in flight: once Booster answered a record, the next record's request may leave
// while that answer is still being written (its place is free), but never more requests than the concurrency,
// and the answer is acknowledged only once it is on disk.
import { afterEach, describe, expect, it } from 'vitest';
import type { EnvironmentStore } from '../../../electron/main/core/booster/environmentStore';
import type { EntryMeta, StoredBody } from '../../../electron/main/core/outbox/types';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import { boosterRoutes, jsonResponse } from '../../support/core/fakeFetch';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { createHarness, waitFor, type Harness } from '../../support/core/servicesHarness';

const baseUrl = 'https://booster.example/api';
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.services.stop();
});

/** Holds every write of a `sent` state until the test opens the gate: an answer being written. */
class GatedSentStore extends MemoryOutboxStore {
  private opened = false;
  private readonly waiting: (() => void)[] = [];
  heldSentWrites = 0;

  override async put(meta: EntryMeta, body: StoredBody): Promise<void> {
    if (meta.state === 'sent' && !this.opened) {
      this.heldSentWrites += 1;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    return super.put(meta, body);
  }

  release(): void {
    this.opened = true;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

function environment(): EnvironmentStore {
  const config = { baseUrl, mode: 'apiKey' as const };
  return { load: async () => config, save: async () => undefined };
}

describe('requests in flight while answers are written', () => {
  it('at concurrency 1, the next request leaves while the previous answer is written, never two at once', async () => {
    const store = new GatedSentStore();
    const harness = await createHarness({
      store,
      environmentStore: environment(),
      secrets: createMemorySecretStore({ apiKey: 'key' }),
      settings: { concurrency: 1 },
    });
    harnesses.push(harness);
    let active = 0;
    let mostAtOnce = 0;
    let created = 0;
    harness.net.respond(
      boosterRoutes(async () => {
        active += 1;
        mostAtOnce = Math.max(mostAtOnce, active);
        // Answered on a later turn, so that an overlapping request would show.
        await new Promise((resolve) => setImmediate(resolve));
        active -= 1;
        created += 1;
        return jsonResponse(200, { boosterCustomerId: 1_000 + created });
      }),
    );
    const ids = [newCaptureId(), newCaptureId(), newCaptureId()];
    for (const [index, captureId] of ids.entries())
      await harness.services.handlers.outbox.enqueue({ captureId, record: sampleRecord(index) });
    await harness.services.handlers.sync.now(undefined);

    // Every answer's write is held, yet each next record was sent: none waited for the previous write.
    await waitFor(() => created === ids.length, 'every record sent while the answers are held');
    expect(store.heldSentWrites).toBe(ids.length);
    expect(mostAtOnce).toBe(1);
    // Not acknowledged before it is on disk: still `sending` while its write is held.
    const held = await harness.services.handlers.sync.status(undefined);
    expect(held.counts).toMatchObject({ sending: ids.length, sent: 0 });

    store.release();
    await waitFor(
      async () => (await harness.services.handlers.sync.status(undefined)).counts.sent === ids.length,
      'every answer written',
    );
  });
});
