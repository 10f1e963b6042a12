import { beforeEach, describe, expect, it } from 'vitest';
import { allInvokeChannels } from '../../../shared/ipc';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import {
  createSyncChangedPublisher,
  createTrustedSenderCheck,
  registerIpcHandlers,
} from '../../../electron/main/ipc';
import { BrowserWindow, fakeFrame, ipcMain, resetElectronStub } from '../../support/electron-stub';
import { createFakeHandlers, idleStatus, pendingEntry, recordingLogger } from './fake-handlers';

const ourOrigin = 'http://localhost:5173';

function setUp() {
  const window = new BrowserWindow();
  window.webContents.mainFrame.url = `${ourOrigin}/`;
  const logger = recordingLogger();
  const isTrustedSender = createTrustedSenderCheck({
    windows: () => BrowserWindow.getAllWindows(),
    allowedOrigins: () => [ourOrigin],
  });
  const unregister = registerIpcHandlers(ipcMain, createIpcDispatcher(createFakeHandlers()), {
    isTrustedSender,
    logger,
  });
  return { window, logger, isTrustedSender, unregister };
}

beforeEach(() => resetElectronStub());

describe('registerIpcHandlers', () => {
  it('registers exactly the contract channels, and removes them again', () => {
    const { unregister } = setUp();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      allInvokeChannels.map((channel) => channel.channel).sort(),
    );
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it("answers our window's main frame through the dispatcher", async () => {
    const { window } = setUp();
    const answer = await ipcMain.invokeHandler('sync:status', window.webContents.mainFrame, undefined);
    expect(answer).toEqual({ ok: true, value: idleStatus });
  });

  it('passes invalid requests on to the dispatcher, which refuses them', async () => {
    const { window } = setUp();
    const answer = await ipcMain.invokeHandler('outbox:discard', window.webContents.mainFrame, {
      captureId: 42,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalidRequest' } });
  });

  it('refuses frames that are not our main frame on our origin', async () => {
    const { window, logger } = setUp();
    const ourFrame = window.webContents.mainFrame;
    const strangers = [
      null,
      fakeFrame(`${ourOrigin}/`, { parent: ourFrame }), // an iframe of ours
      fakeFrame(`${ourOrigin}/`), // a frame of a webContents that is not one of our windows
      { ...ourFrame, url: 'https://evil.example/' }, // our frame after navigating away
      { ...ourFrame, url: 'http://localhost:5173.evil.example/' },
    ];
    for (const frame of strangers) {
      const answer = await ipcMain.invokeHandler('sync:status', frame, undefined);
      expect(answer, JSON.stringify(frame?.url)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(strangers.length);
  });

  it('stops trusting a window once it is destroyed', async () => {
    const { window } = setUp();
    window.destroyed = true;
    const answer = await ipcMain.invokeHandler('sync:status', window.webContents.mainFrame, undefined);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('createSyncChangedPublisher', () => {
  it('sends a valid push to every live window', () => {
    const first = new BrowserWindow();
    const second = new BrowserWindow();
    const gone = new BrowserWindow();
    gone.destroyed = true;
    const publish = createSyncChangedPublisher({ windows: () => BrowserWindow.instances });
    const payload = { status: idleStatus, changed: [pendingEntry] };
    publish(payload);
    expect(first.webContents.sent).toEqual([{ channel: 'sync:changed', args: [payload] }]);
    expect(second.webContents.sent).toEqual([{ channel: 'sync:changed', args: [payload] }]);
    expect(gone.webContents.sent).toEqual([]);
  });

  it('drops and logs a push outside the contract', () => {
    const window = new BrowserWindow();
    const logger = recordingLogger();
    const publish = createSyncChangedPublisher({ windows: () => [window], logger });
    publish({ status: { ...idleStatus, activity: 'dancing' }, changed: [] });
    publish({ status: idleStatus, changed: [{ ...pendingEntry, email: undefined, captureId: 'x' }] });
    expect(window.webContents.sent).toEqual([]);
    expect(logger.lines).toHaveLength(2);
  });
});
