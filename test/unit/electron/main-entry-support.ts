// Starts electron/main/index.ts once per test file against the Electron stub, with a fresh userData folder,
// and waits for what start-up ends with: the window, or an error box.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { app, BrowserWindow, dialog, resetElectronStub } from '../../support/electron-stub';

export async function startMainEntry(
  options: { switches?: string[]; isPackaged?: boolean; devServerUrl?: string } = {},
): Promise<{ userData: string }> {
  resetElectronStub();
  app.isPackaged = options.isPackaged ?? false;
  const userData = await mkdtemp(path.join(os.tmpdir(), 'booster-user-data-'));
  app.paths.set('userData', userData);
  for (const name of options.switches ?? []) app.switches.add(name);
  if (options.devServerUrl === undefined) delete process.env['ELECTRON_RENDERER_URL'];
  else process.env['ELECTRON_RENDERER_URL'] = options.devServerUrl;
  await import('../../../electron/main/index');
  app.markReady();
  // Start-up is asynchronous (services open the outbox): wait for the window it opens at the end.
  await vi.waitFor(
    () => {
      if (BrowserWindow.instances.length === 0 && dialog.errorBoxes.length === 0)
        throw new Error('still starting');
    },
    { timeout: 30_000 },
  );
  return { userData };
}
