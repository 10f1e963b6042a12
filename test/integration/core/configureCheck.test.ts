// Saving the Booster connection checks it with Booster at once (issue 10, item 9), through the real handlers
// over real HTTP: the simulator's GET /auth for an API key, its sign-in for a user name and password.
// Accepted, refused (saved but marked: sending pauses for sign-in), or not checked (Booster out of reach).
import { afterEach, describe, expect, it } from 'vitest';
import { configureResultSchema } from '../../../shared/ipc';
import type { BoosterServices } from '../../../electron/main/core/boosterServices';
import { simUsers, startTestBoosterSimulator, type BoosterSimulator } from '../../support/booster-sim';
import { drained, startCore, startLocalServer, waitForStatus } from '../../support/core/coreAgainstServer';
import { newCaptureId, sampleRecord } from '../../support/core/records';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(): Promise<BoosterSimulator> {
  const sim = await startTestBoosterSimulator({ seed: 11 });
  cleanups.push(() => sim.close());
  return sim;
}

async function core(): Promise<BoosterServices> {
  const { services } = await startCore();
  cleanups.push(() => services.stop());
  return services;
}

/** A loopback address where nothing listens: Booster is down. */
async function deadAddress(): Promise<string> {
  const server = await startLocalServer(() => undefined);
  await server.close();
  return server.url;
}

const sessionChecks = (sim: BoosterSimulator) =>
  sim.requests().filter((request) => request.method === 'GET' && request.path === '/auth');

describe('saving an API key', () => {
  it('a key Booster takes: accepted, signed in, and sending goes ahead', async () => {
    const sim = await simulator();
    const services = await core();
    const answer = await services.handlers.auth.configure({
      mode: 'apiKey',
      baseUrl: sim.url,
      apiKey: sim.apiKey,
    });
    expect(configureResultSchema.parse(answer)).toEqual({
      environment: { baseUrl: sim.url, environmentId: `url:${sim.url}`, authMode: 'apiKey', signedIn: true },
      check: 'accepted',
    });
    // Asked with the read-only GET /auth: nothing created.
    expect(sessionChecks(sim)).toHaveLength(1);
    expect(sim.customers()).toHaveLength(0);

    await services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(1) });
    await waitForStatus(services, drained);
    expect(sim.customers()).toHaveLength(1);
  });

  it('a key Booster refuses: "refused", saved but marked, sending paused for sign-in, nothing sent', async () => {
    const sim = await simulator();
    const services = await core();
    await services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(2) });
    const answer = await services.handlers.auth.configure({
      mode: 'apiKey',
      baseUrl: sim.url,
      apiKey: 'not-the-key',
    });
    expect(answer).toMatchObject({
      environment: { baseUrl: sim.url, authMode: 'apiKey', signedIn: false },
      check: 'refused',
      detail: expect.stringMatching(/refused/),
    });
    const status = await waitForStatus(services, (current) => current.pausedReason === 'signInNeeded');
    expect(status.counts).toMatchObject({ pending: 1, sent: 0, needsAttention: 0 });
    // The refusal came from the session check alone: no client was offered to Booster with that key.
    expect(sim.requests().filter((request) => request.path === '/customer')).toHaveLength(0);
    expect(await services.handlers.auth.environment(undefined)).toMatchObject({ signedIn: false });

    // The right key, saved again, is accepted and the queue goes.
    const again = await services.handlers.auth.configure({
      mode: 'apiKey',
      baseUrl: sim.url,
      apiKey: sim.apiKey,
    });
    expect(again.check).toBe('accepted');
    await waitForStatus(services, drained);
    expect(sim.customers()).toHaveLength(1);
  });

  it('Booster down: "notChecked", saved and still counted as signed in, checked once Booster answers', async () => {
    const url = await deadAddress();
    const services = await core();
    const answer = await services.handlers.auth.configure({ mode: 'apiKey', baseUrl: url, apiKey: 'key' });
    expect(answer).toMatchObject({
      environment: { baseUrl: url, authMode: 'apiKey', signedIn: true },
      check: 'notChecked',
      detail: expect.stringMatching(/ECONNREFUSED|network error/),
    });
    expect(await services.handlers.auth.environment(undefined)).toMatchObject({ baseUrl: url });
  });
});

describe('saving a user name and password', () => {
  it('accepted by the sign-in; refused: saved but marked; Booster down: not checked', async () => {
    const sim = await simulator();
    const services = await core();
    const user = simUsers[0]!;

    const accepted = await services.handlers.auth.configure({
      mode: 'credentials',
      baseUrl: sim.url,
      userName: user.userName,
      password: user.password,
    });
    expect(accepted).toEqual({
      environment: {
        baseUrl: sim.url,
        environmentId: `url:${sim.url}`,
        authMode: 'credentials',
        userName: user.userName,
        signedIn: true,
      },
      check: 'accepted',
    });

    const refused = await services.handlers.auth.configure({
      mode: 'credentials',
      baseUrl: sim.url,
      userName: user.userName,
      password: 'wrong password',
    });
    expect(refused).toMatchObject({
      environment: { authMode: 'credentials', userName: user.userName, signedIn: false },
      check: 'refused',
    });
    await services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: sampleRecord(3) });
    await waitForStatus(services, (current) => current.pausedReason === 'signInNeeded');

    const url = await deadAddress();
    // Another Booster while a client waits: a person decides where it goes (here: to the new one).
    const unreachable = await services.handlers.auth.configure({
      mode: 'credentials',
      baseUrl: url,
      userName: user.userName,
      password: user.password,
      queuedClients: 'sendToNew',
    });
    expect(unreachable).toMatchObject({
      environment: { baseUrl: url, authMode: 'credentials', signedIn: true },
      check: 'notChecked',
      detail: expect.stringMatching(/could not be reached/),
    });
  });
});
