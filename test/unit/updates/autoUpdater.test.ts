// The electron-updater adapter and the update controller, driven by a fake updater emitter: electron-updater
// itself is never loaded (it requires Electron).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  createAutoUpdater,
  releaseNotesText,
  updatesEnabled,
  type ElectronUpdaterLike,
} from '../../../electron/main/adapters/auto-updater';
import type { LogFields, Logger } from '../../../electron/main/core/platform/logger';
import { createUpdateController } from '../../../electron/main/core/updates/updateController';
import type { UpdaterState } from '../../../electron/main/core/updates/updatePolicy';
import { FakeClock } from '../../support/core/fakeClock';
import { waitFor } from '../../support/core/servicesHarness';

class FakeElectronUpdater extends EventEmitter implements ElectronUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: ElectronUpdaterLike['logger'] = null;
  feed: { provider: 'generic'; url: string } | undefined;
  checks = 0;
  installs: [boolean | undefined, boolean | undefined][] = [];
  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feed = options;
  }
  async checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function recordingLogger() {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void =>
      void lines.push({ level, message, ...(fields ? { fields } : {}) });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

const feedUrl = 'https://updates.maison.example/booster-capture';

describe('createAutoUpdater', () => {
  it('is off unless the app is packaged and the IT policy names a feed', () => {
    expect(updatesEnabled({ isPackaged: false, feedUrl })).toBe(false);
    expect(updatesEnabled({ isPackaged: true, feedUrl: undefined })).toBe(false);
    expect(updatesEnabled({ isPackaged: true, feedUrl })).toBe(true);
    const updater = new FakeElectronUpdater();
    expect(
      createAutoUpdater({ updater, isPackaged: false, feedUrl, logger: recordingLogger().logger }),
    ).toBeUndefined();
    expect(updater.feed).toBeUndefined();
    expect(updater.listenerCount('update-downloaded')).toBe(0);
  });

  it('downloads in the background, installs on quit, reads the generic feed from the policy', () => {
    const updater = new FakeElectronUpdater();
    createAutoUpdater({ updater, isPackaged: true, feedUrl, logger: recordingLogger().logger });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.feed).toEqual({ provider: 'generic', url: feedUrl });
  });

  it('turns the updater events into states, release notes as plain text', () => {
    const updater = new FakeElectronUpdater();
    const adapter = createAutoUpdater({
      updater,
      isPackaged: true,
      feedUrl,
      logger: recordingLogger().logger,
    })!;
    const states: UpdaterState[] = [];
    adapter.onState((state) => states.push(state));
    updater.emit('checking-for-update');
    updater.emit('update-available', { version: '1.2.0' });
    updater.emit('download-progress', { percent: 50 });
    updater.emit('update-downloaded', {
      version: '1.2.0',
      releaseNotes: '<p>Faster sync &amp; fewer taps.</p>',
    });
    updater.emit('update-not-available', { version: '1.2.0' });
    updater.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'));
    expect(states).toEqual([
      { kind: 'checking' },
      { kind: 'downloading', version: '1.2.0' },
      { kind: 'downloaded', version: '1.2.0', releaseNotes: 'Faster sync & fewer taps.' },
      { kind: 'idle' },
      { kind: 'error' },
    ]);
  });

  it('logs through our logger as text only, and installs silently, restarting the app', () => {
    const updater = new FakeElectronUpdater();
    const { lines, logger } = recordingLogger();
    const adapter = createAutoUpdater({ updater, isPackaged: true, feedUrl, logger })!;
    updater.logger?.info('Checking for update');
    updater.logger?.error(new Error('Cannot download'));
    updater.logger?.warn({ path: '/home/claire/.cache/booster-capture-updater' });
    expect(lines.map((line) => `${line.level} ${line.message}`)).toEqual([
      'info updater: Checking for update',
      'error updater: Cannot download',
      'warn updater: event',
    ]);
    adapter.quitAndInstall();
    expect(updater.installs).toEqual([[true, true]]);
  });

  it('reads release notes given as a list of versions', () => {
    expect(
      releaseNotesText({
        releaseNotes: [
          { version: '1.2.0', note: 'Training mode.' },
          { version: '1.1.0', note: null },
        ],
      }),
    ).toBe('Training mode.');
    expect(releaseNotesText({ releaseNotes: null })).toBeUndefined();
  });
});

describe('createUpdateController with the adapter', () => {
  function setUp(sending: { count: number }) {
    const updater = new FakeElectronUpdater();
    const clock = new FakeClock();
    const adapter = createAutoUpdater({
      updater,
      isPackaged: true,
      feedUrl,
      logger: recordingLogger().logger,
    })!;
    const controller = createUpdateController({
      updater: adapter,
      sendingCount: async () => sending.count,
      clock,
      logger: recordingLogger().logger,
      checkIntervalMs: 60_000,
    });
    return { updater, clock, controller };
  }

  it('checks at start and again after the interval', async () => {
    const { updater, clock, controller } = setUp({ count: 0 });
    await waitFor(() => updater.checks === 1, 'first check');
    clock.advance(60_000);
    await waitFor(() => updater.checks === 2, 'second check');
    controller.stop();
  });

  it('installs only when asked at a quiet moment: never while sending or with a draft open', async () => {
    const sending = { count: 1 };
    const { updater, controller } = setUp(sending);
    const { handlers } = controller;
    await expect(handlers.installUpdate(undefined)).rejects.toMatchObject({ code: 'noUpdate' });

    updater.emit('update-downloaded', { version: '1.2.0', releaseNotes: 'Faster sync.' });
    await waitFor(async () => (await handlers.update(undefined)).state === 'ready', 'ready');
    expect(await handlers.update(undefined)).toEqual({
      state: 'ready',
      version: '1.2.0',
      releaseNotes: 'Faster sync.',
      canInstallNow: false,
      waitingFor: ['sending'],
    });
    await expect(handlers.installUpdate(undefined)).rejects.toMatchObject({ code: 'updateNotSafe' });

    sending.count = 0;
    expect(await handlers.reportDraftOpen({ open: true })).toMatchObject({
      canInstallNow: false,
      waitingFor: ['draftOpen'],
    });
    await expect(handlers.installUpdate(undefined)).rejects.toMatchObject({ code: 'updateNotSafe' });
    expect(updater.installs).toEqual([]);

    expect(await handlers.reportDraftOpen({ open: false })).toMatchObject({
      canInstallNow: true,
      waitingFor: [],
    });
    await handlers.installUpdate(undefined);
    expect(updater.installs).toEqual([[true, true]]);
    controller.stop();
  });

  it('without an updater answers "no update" and never installs', async () => {
    const controller = createUpdateController({
      sendingCount: async () => 0,
      clock: new FakeClock(),
      logger: recordingLogger().logger,
    });
    expect(await controller.handlers.update(undefined)).toEqual({
      state: 'none',
      canInstallNow: false,
      waitingFor: [],
    });
    await expect(controller.handlers.installUpdate(undefined)).rejects.toMatchObject({ code: 'noUpdate' });
    controller.stop();
  });
});
