// drafts:key hands the renderer the installation's draft key, as the contract says, the same on every call.
import { afterEach, describe, expect, it } from 'vitest';
import { ipcContract } from '../../../shared/ipc';
import { createHarness, type Harness } from '../../support/core/servicesHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.services.stop();
});

describe('drafts:key', () => {
  it('answers a 32-byte key in base64, stable for the installation', async () => {
    harness = await createHarness();
    const { handlers } = harness.services;
    const first = await handlers.drafts.key(undefined);
    expect(() => ipcContract.drafts.key.response.parse(first)).not.toThrow();
    expect(Buffer.from(first.key, 'base64')).toHaveLength(32);
    expect((await handlers.drafts.key(undefined)).key).toBe(first.key);
  });
});
