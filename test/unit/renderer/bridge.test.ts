// The renderer trusts the host's window.booster (the bridge checks answers and pushes against the contract;
// see test/unit/electron/preload.test.ts) and handles only its absence.
import { afterEach, describe, expect, it } from 'vitest';
import { transportErrorCodes } from '../../../shared/ipc';
import en from '../../../renderer/src/i18n/en.json';
import { bridge } from '../../../renderer/src/lib/bridge';
import { createFakeBridge } from '../../support/renderer/fakeBridge';

afterEach(() => {
  delete window.booster;
});

describe('bridge()', () => {
  it("is the host's window.booster itself, with no layer of its own", () => {
    const host = createFakeBridge();
    window.booster = host;
    expect(bridge()).toBe(host);
  });

  it('without a host, answers every call mainUnreachable and never pushes', async () => {
    const unreachable = { ok: false, error: { code: transportErrorCodes.unreachable } };
    expect(await bridge().sync.status()).toMatchObject(unreachable);
    expect(await bridge().outbox.list({ limit: 10 })).toMatchObject(unreachable);
    expect(await bridge().auth.signOut()).toMatchObject(unreachable);
    const pushes: unknown[] = [];
    const unsubscribe = bridge().onSyncChanged((event) => pushes.push(event));
    unsubscribe();
    expect(pushes).toEqual([]);
  });

  it('has a message in the UI language for every transport error code', () => {
    const translated = Object.keys(en.ipcError);
    expect(Object.values(transportErrorCodes).filter((code) => !translated.includes(code))).toEqual([]);
  });
});
