// `--rotate-data-key` on the Electron entry: the outbox is re-encrypted under a new data key before the window
// opens, and the log says so (with the key's id, never the key).
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, dialog } from '../../support/electron-stub';
import { startMainEntry } from './main-entry-support';

let userData: string;

beforeAll(async () => {
  ({ userData } = await startMainEntry({ switches: ['rotate-data-key'] }));
});

afterAll(async () => {
  app.emit('before-quit', { preventDefault: () => undefined });
  await vi.waitFor(() => expect(app.quitCalls).toBe(1), { timeout: 20_000 });
  await rm(userData, { recursive: true, force: true });
});

describe('electron/main/index.ts --rotate-data-key', () => {
  it('rotates the data key before opening the window, and logs the new key id', async () => {
    expect(dialog.errorBoxes).toEqual([]);
    const log = await readFile(path.join(app.getPath('logs'), 'main.log'), 'utf8');
    const rotated = log
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { message: string; keyId?: string; entries?: number })
      .find((line) => line.message === 'data key rotated');
    expect(rotated).toMatchObject({ entries: 0, keyId: expect.any(String) });
    expect(BrowserWindow.instances).toHaveLength(1);
  });
});
