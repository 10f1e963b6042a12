import { beforeEach, describe, expect, it } from 'vitest';
import { createNetFetch } from '../../../electron/main/adapters/net-fetch';
import { net, resetElectronStub } from '../../support/electron-stub';

beforeEach(() => resetElectronStub());

describe('createNetFetch', () => {
  it("sends through Electron's net.fetch, with URL objects turned into strings", async () => {
    net.fetchImpl = async () => new Response('{"boosterCustomerId":1}', { status: 200 });
    const fetchThroughNet = createNetFetch(net as unknown as Parameters<typeof createNetFetch>[0]);
    const init = { method: 'POST', body: '{}' };
    const response = await fetchThroughNet(new URL('https://booster.example/customer'), init);
    expect(await response.json()).toEqual({ boosterCustomerId: 1 });
    await fetchThroughNet('https://booster.example/auth');
    expect(net.fetchCalls).toEqual([
      { input: 'https://booster.example/customer', init: { ...init, redirect: 'manual' } },
      { input: 'https://booster.example/auth', init: { redirect: 'manual' } },
    ]);
  });

  it('never lets a redirect be followed, whatever the caller asked', async () => {
    net.fetchImpl = async () =>
      new Response(null, { status: 307, headers: { Location: 'https://x.example/' } });
    const fetchThroughNet = createNetFetch(net as unknown as Parameters<typeof createNetFetch>[0]);
    const request = new Request('https://booster.example/customer', { method: 'POST', redirect: 'follow' });
    const response = await fetchThroughNet(request, { redirect: 'follow' });
    expect(response.status).toBe(307);
    expect(net.fetchCalls[0]?.init).toMatchObject({ redirect: 'manual' });
  });
});
