import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const startScript = fileURLToPath(new URL('../../../tools/start.mjs', import.meta.url));

describe('npm start (tools/start.mjs)', () => {
  it("explains plainly that Electron's binary is missing, points to dev:web, and exits 1", async () => {
    // An empty override folder stands for a machine where the binary could not be downloaded.
    const emptyDist = await mkdtemp(path.join(os.tmpdir(), 'no-electron-'));
    try {
      const result = spawnSync(process.execPath, [startScript], {
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDist },
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("Electron's binary is not available on this machine");
      expect(result.stderr).toContain('npm run dev:web');
    } finally {
      await rm(emptyDist, { recursive: true, force: true });
    }
  });
});
