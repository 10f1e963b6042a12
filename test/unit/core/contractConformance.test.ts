// Every handler answer must pass the IPC contract's response schema (the dispatcher refuses anything else).
import { afterEach, describe, expect, it } from 'vitest';
import { ipcContract, syncChangedSchema, type SyncChanged } from '../../../shared/ipc';
import { boosterRoutes, jsonResponse } from '../../support/core/fakeFetch';
import { createHarness, waitFor, type Harness } from '../../support/core/servicesHarness';
import { newCaptureId, sampleRecord } from '../../support/core/records';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.services.stop();
});

describe('handlers conform to shared/ipc', () => {
  it('answers and pushes parse with the contract schemas', async () => {
    harness = await createHarness();
    const { handlers } = harness.services;
    const events: SyncChanged[] = [];
    harness.services.onSyncChanged((event) => events.push(event));
    let reject = true;
    harness.net.respond(
      boosterRoutes(() =>
        reject
          ? jsonResponse(400, {
              responseStatus: {
                errorCode: 'NotEmpty',
                message: 'x',
                errors: [
                  { errorCode: 'NotEmpty', fieldName: 'Title', message: "'Title' must not be empty." },
                ],
              },
            })
          : jsonResponse(200, { boosterCustomerId: 3 }),
      ),
    );
    const check = (schema: { parse(value: unknown): unknown }, value: unknown) =>
      expect(() => schema.parse(value)).not.toThrow();

    check(ipcContract.auth.environment.response, await handlers.auth.environment(undefined));
    check(
      ipcContract.auth.configure.response,
      await handlers.auth.configure({ mode: 'apiKey', baseUrl: 'https://booster.example', apiKey: 'k' }),
    );
    const captureId = newCaptureId();
    check(
      ipcContract.outbox.enqueue.response,
      await handlers.outbox.enqueue({ captureId, record: sampleRecord() }),
    );
    await waitFor(async () => (await handlers.sync.status(undefined)).counts.needsAttention === 1);
    check(ipcContract.outbox.list.response, await handlers.outbox.list({ limit: 10 }));
    const reopened = await handlers.outbox.reopen({ captureId });
    check(ipcContract.outbox.reopen.response, reopened);
    reject = false;
    await handlers.outbox.enqueue({ captureId, record: reopened.record });
    await waitFor(async () => (await handlers.sync.status(undefined)).counts.sent === 1);
    check(ipcContract.outbox.list.response, await handlers.outbox.list({ limit: 10 }));
    check(
      ipcContract.outbox.findMatches.response,
      await handlers.outbox.findMatches({ emails: ['giulia.bianchi0@example.com'], phones: [] }),
    );
    check(ipcContract.sync.status.response, await handlers.sync.status(undefined));
    check(ipcContract.sync.now.response, await handlers.sync.now(undefined));
    check(ipcContract.auth.signOut.response, await handlers.auth.signOut(undefined));
    await waitFor(() => events.length > 0);
    for (const event of events) check(syncChangedSchema, event);
  });
});
