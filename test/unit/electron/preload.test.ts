import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { allInvokeChannels, ipcContract, type BoosterBridge, type SyncChanged } from '../../../shared/ipc';
import { isOwnChannel } from '../../../shared/ipc/create-bridge';
import { contextBridge, ipcRenderer, resetElectronStub } from '../../support/electron-stub';
import { captureId, idleStatus, pendingEntry } from './fake-handlers';

let booster: BoosterBridge;

beforeAll(async () => {
  resetElectronStub();
  await import('../../../electron/preload/index');
  expect([...contextBridge.exposed.keys()]).toEqual(['booster']);
  booster = contextBridge.exposed.get('booster') as BoosterBridge;
});

// The preload reports contract violations on the console (the renderer's devtools).
const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

beforeEach(() => {
  ipcRenderer.invocations.length = 0;
  ipcRenderer.removeAllListeners();
  consoleWarn.mockClear();
});

afterEach(() => {
  ipcRenderer.responder = async (channel) => {
    throw new Error(`No responder set for ${channel}`);
  };
});

describe('preload', () => {
  it('exposes one object: the contract domains and onSyncChanged, nothing that takes a channel', () => {
    // Every domain of the contract, and nothing else but the push subscription.
    expect(Object.keys(booster).sort()).toEqual([...Object.keys(ipcContract), 'onSyncChanged'].sort());
    const methods = Object.entries(booster).flatMap(([domain, client]) =>
      typeof client === 'function' ? [domain] : Object.keys(client).map((verb) => `${domain}:${verb}`),
    );
    expect(methods.sort()).toEqual(
      [...allInvokeChannels.map((channel) => channel.channel), 'onSyncChanged'].sort(),
    );
  });

  it('invokes the matching channel with the request, and hands back the validated result', async () => {
    ipcRenderer.responder = async (channel) =>
      channel === 'outbox:list'
        ? { ok: true, value: { items: [pendingEntry] } }
        : { ok: true, value: { discarded: true } };
    await expect(booster.outbox.list({ states: ['pending'] })).resolves.toEqual({
      ok: true,
      value: { items: [pendingEntry] },
    });
    await expect(booster.outbox.discard({ captureId })).resolves.toEqual({
      ok: true,
      value: { discarded: true },
    });
    expect(ipcRenderer.invocations).toEqual([
      { channel: 'outbox:list', args: [{ states: ['pending'] }] },
      { channel: 'outbox:discard', args: [{ captureId }] },
    ]);
  });

  it('lets requests without parameters omit the argument', async () => {
    ipcRenderer.responder = async () => ({ ok: true, value: idleStatus });
    await expect(booster.sync.now()).resolves.toEqual({ ok: true, value: idleStatus });
    expect(ipcRenderer.invocations).toEqual([{ channel: 'sync:now', args: [undefined] }]);
  });

  it('passes main errors through as results', async () => {
    const error = { code: 'notFound', message: 'This client was not found.' };
    ipcRenderer.responder = async () => ({ ok: false, error });
    await expect(booster.outbox.reopen({ captureId })).resolves.toEqual({ ok: false, error });
  });

  it('turns an answer outside the contract into an error result', async () => {
    ipcRenderer.responder = async () => ({ ok: true, value: { ...idleStatus, activity: 'dancing' } });
    const result = await booster.sync.status();
    expect(result).toMatchObject({ ok: false, error: { code: 'invalidResponse' } });
    expect(consoleWarn).toHaveBeenCalledWith(expect.stringContaining('sync:status'), expect.any(Array));
  });

  it('turns a failed invoke into an error result instead of a rejection', async () => {
    ipcRenderer.responder = async () => {
      throw new Error("Error invoking remote method 'sync:status': No handler registered");
    };
    await expect(booster.sync.status()).resolves.toMatchObject({
      ok: false,
      error: { code: 'mainUnreachable' },
    });
  });

  it('delivers valid sync:changed payloads only, never the IPC event, until unsubscribed', () => {
    const received: unknown[][] = [];
    const unsubscribe = booster.onSyncChanged((...args: unknown[]) => received.push(args));
    const valid: SyncChanged = { status: idleStatus, changed: [pendingEntry] };
    ipcRenderer.emitFromMain('sync:changed', valid);
    ipcRenderer.emitFromMain('sync:changed', { status: { counts: {} }, changed: [] });
    ipcRenderer.emitFromMain('sync:changed', 'not an object');
    expect(received).toEqual([[valid]]);
    expect(consoleWarn).toHaveBeenCalledTimes(2);

    unsubscribe();
    unsubscribe(); // twice is harmless
    ipcRenderer.emitFromMain('sync:changed', valid);
    expect(received).toHaveLength(1);
    expect(ipcRenderer.listenerCount('sync:changed')).toBe(0);
  });

  it('keeps separate subscriptions independent', () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    const stopFirst = booster.onSyncChanged((event) => first.push(event));
    booster.onSyncChanged((event) => second.push(event));
    stopFirst();
    ipcRenderer.emitFromMain('sync:changed', { status: idleStatus, changed: [] });
    expect([first.length, second.length]).toEqual([0, 1]);
  });
});

describe('isOwnChannel', () => {
  it('accepts only channels under our prefixes', () => {
    expect(isOwnChannel('outbox:list')).toBe(true);
    expect(isOwnChannel('sync:changed')).toBe(true);
    for (const channel of [
      'outbox:',
      'ELECTRON_BROWSER_REQUIRE',
      'vscode:x',
      'sync',
      ' auth:configure',
      'authx:y',
      '',
    ]) {
      expect(isOwnChannel(channel), channel).toBe(false);
    }
  });
});
