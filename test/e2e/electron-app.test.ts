// The packaged shape of the app in real Electron: only where Electron's binary exists. On machines where it
// cannot be downloaded (CI here), this file skips with a message; the same UI and services are covered in
// Chromium through the web host (capture.test.ts).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM helper without types, shared with `npm start` so both find the binary alike.
import { locateElectronBinary } from '../../tools/start.mjs';
import { tempDir } from './support';

const electronBinary = (locateElectronBinary as () => string | undefined)();
if (!electronBinary) {
  console.warn(
    "electron-app.test.ts skipped: Electron's binary is not installed here (it cannot be downloaded). " +
      'The renderer and services are tested in Chromium through the web host instead.',
  );
}

describe.skipIf(!electronBinary)('Booster Capture in Electron', () => {
  it('opens the capture window with the preload bridge and no Node in the page', async () => {
    await promisify(execFile)(process.execPath, [
      path.resolve('node_modules/electron-vite/bin/electron-vite.js'),
      'build',
    ]);
    const userData = await tempDir('booster-electron-');
    const app = await electron.launch({
      executablePath: electronBinary,
      args: ['.', `--user-data-dir=${userData.dir}`],
    });
    try {
      const page = await app.firstWindow();
      const bridge = await page.evaluate(() => ({
        domains: Object.keys((window as unknown as { booster: object }).booster).sort(),
        hasRequire: typeof (window as unknown as { require?: unknown }).require,
      }));
      expect(bridge.domains).toEqual(['auth', 'onSyncChanged', 'outbox', 'sync']);
      expect(bridge.hasRequire).toBe('undefined');
      await expect(page.getByLabel('Last name').count()).resolves.toBeGreaterThan(0);
    } finally {
      await app.close();
      await userData.remove();
    }
  });
});
