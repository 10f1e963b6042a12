// The web host builds the real renderer from renderer/vite.config.ts, and skips the build when it is current.
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuild } from '../../../tools/web-host/renderer-build';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'booster-web-renderer-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('ensureRendererBuild', () => {
  it('builds the renderer with absolute asset URLs, then rebuilds only when a source changed', async () => {
    const outDir = path.join(folder, 'web-renderer');
    // The staleness check watches this file here, so teammates editing renderer/ meanwhile do not matter.
    const source = path.join(folder, 'source.ts');
    await writeFile(source, 'v1');
    await utimes(source, new Date(1_000_000), new Date(1_000_000));

    await expect(ensureRendererBuild(outDir, 'ifStale', [source])).resolves.toBe('built');
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"/);

    await expect(ensureRendererBuild(outDir, 'ifStale', [source])).resolves.toBe('upToDate');
    await expect(ensureRendererBuild(outDir, 'never', [source])).resolves.toBe('upToDate');
    await utimes(source, new Date(2_000_000), new Date(2_000_000));
    await expect(ensureRendererBuild(outDir, 'ifStale', [source])).resolves.toBe('built');
  }, 120_000);

  it("refuses 'never' when there is no build to serve", async () => {
    await expect(ensureRendererBuild(path.join(folder, 'missing'), 'never')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
