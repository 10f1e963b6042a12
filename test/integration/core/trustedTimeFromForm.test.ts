// Trusted time from the form to Booster: the record is built the way the form builds it, goes through the real
// IPC dispatcher into the real services, and the laptop's clock is 3 hours behind Booster's. Main alone stamps
// the capture time, so the registrationDate Booster receives is the true time, not the laptop's.
import { afterEach, describe, expect, it } from 'vitest';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { buildRecord, type DraftData } from '../../../renderer/src/lib/draftData';
import { boosterRoutes, jsonResponse } from '../../support/core/fakeFetch';
import { newCaptureId } from '../../support/core/records';
import { sendAndReadRegistrationDate } from '../../support/core/registrationDateSent';
import { createHarness, type Harness } from '../../support/core/servicesHarness';
import { validPrivateDraft } from '../../support/renderer/drafts';

const HOUR = 3_600_000;
const trueTime = Date.UTC(2026, 10, 28, 12, 0, 0);
const started: Harness[] = [];

afterEach(async () => {
  for (const harness of started.splice(0)) await harness.services.stop();
});

/** Services on a laptop 3 h behind; Booster (faked) answers with the true time in its Date header. */
async function laptopThreeHoursBehind() {
  const harness = await createHarness();
  started.push(harness);
  harness.clock.setWallClock(trueTime - 3 * HOUR);
  harness.net.respond(
    boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 1 }), {
      date: () => new Date(harness.clock.now() + 3 * HOUR),
    }),
  );
  const dispatch = createIpcDispatcher(harness.services.handlers);
  return { harness, dispatch };
}

/** Finalizes a draft as the form does: its pure record builder, then `outbox:enqueue` over IPC. */
async function finalizeThroughIpc(
  dispatch: ReturnType<typeof createIpcDispatcher>,
  draft: DraftData,
): Promise<void> {
  const { record } = buildRecord(draft);
  const answer = await dispatch('outbox:enqueue', { captureId: newCaptureId(), record });
  expect(answer.ok).toBe(true);
}

describe('trusted time for a client captured in the form', () => {
  it("sends Booster the true capture time when the laptop's clock is 3 hours behind", async () => {
    const { harness, dispatch } = await laptopThreeHoursBehind();
    const draft = validPrivateDraft();
    // The form leaves the capture time to main: the record it builds has none.
    expect(buildRecord(draft).record).not.toHaveProperty('registrationDate');

    await finalizeThroughIpc(dispatch, draft);
    const sent = Date.parse(await sendAndReadRegistrationDate(harness));

    expect(Math.abs(sent - trueTime)).toBeLessThan(2 * 60_000);
  });

  it('keeps a registrationDate the record already carries, as it is', async () => {
    const { harness, dispatch } = await laptopThreeHoursBehind();
    const carried = '2026-11-01T09:30:00.000Z';

    await finalizeThroughIpc(dispatch, validPrivateDraft({ registrationDate: carried }));

    expect(await sendAndReadRegistrationDate(harness)).toBe(carried);
  });
});
