// Trusted time from the real form: CaptureForm finalizes over the real bridge and IPC dispatcher into the real
// main services, on a laptop whose clock is 3 hours behind Booster's. Main alone stamps the capture time, so
// Booster receives the true time, not the laptop's.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { createServices } from '../../../renderer/src/lib/services.svelte';
import { createBoosterBridge } from '../../../shared/ipc/create-bridge';
import { boosterRoutes, jsonResponse } from '../../support/core/fakeFetch';
import { sendAndReadRegistrationDate } from '../../support/core/registrationDateSent';
import { createHarness, type Harness } from '../../support/core/servicesHarness';
import { validPrivateDraft } from '../../support/renderer/drafts';
import { ManualClock } from '../../support/renderer/manualClock';
import { englishMessages, uniqueDb } from '../../support/renderer/setup';

const HOUR = 3_600_000;
const trueTime = Date.UTC(2026, 10, 28, 12, 0, 0);
const started: Harness[] = [];

beforeAll(englishMessages);
afterEach(async () => {
  for (const harness of started.splice(0)) await harness.services.stop();
});

describe('trusted time for a client finalized in the form', () => {
  it("sends Booster the true capture time when the laptop's clock is 3 hours behind", async () => {
    const laptopTime = trueTime - 3 * HOUR;
    const harness = await createHarness();
    started.push(harness);
    harness.clock.setWallClock(laptopTime);
    harness.net.respond(
      boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 1 }), {
        date: () => new Date(harness.clock.now() + 3 * HOUR),
      }),
    );
    const dispatch = createIpcDispatcher(harness.services.handlers);
    const bridge = createBoosterBridge({
      invoke: (channel, request) => dispatch(channel, request),
      subscribe: () => () => undefined,
    });
    const { form } = createServices({
      bridge: () => bridge,
      db: uniqueDb(),
      clock: new ManualClock(new Date(laptopTime).toISOString()),
    });

    form.data = validPrivateDraft();
    form.changed();
    expect((await form.finalize({ duplicatesConfirmed: true })).kind).toBe('queued');

    const sent = Date.parse(await sendAndReadRegistrationDate(harness));
    expect(Math.abs(sent - trueTime)).toBeLessThan(2 * 60_000);
  });
});
