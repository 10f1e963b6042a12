// Builds the renderer for the web host from the one renderer config (renderer/vite.config.ts), only with the
// output folder and an absolute base changed, and skips the build when an up-to-date one exists.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { build, mergeConfig } from 'vite';
import { rendererViteConfig } from '../../renderer/vite.config';

export type RendererBuildMode = 'always' | 'ifStale' | 'never';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const defaultWebRendererDir = path.join(projectRoot, 'out', 'web-renderer');
const stampName = '.web-host-build.json';

/** What the renderer build depends on: a change in any of these makes the last build stale. */
export const rendererSources = ['renderer', 'shared', 'package.json'].map((entry) =>
  path.join(projectRoot, entry),
);

export async function ensureRendererBuild(
  outDir: string,
  mode: RendererBuildMode,
  sourceRoots: readonly string[] = rendererSources,
): Promise<'built' | 'upToDate'> {
  if (mode === 'never') {
    await fs.access(path.join(outDir, 'index.html'));
    return 'upToDate';
  }
  const sourceMtimeMs = await newestMtime(sourceRoots);
  if (mode === 'ifStale' && (await readStamp(outDir)) >= sourceMtimeMs) return 'upToDate';

  // Built beside the target and swapped in, so a concurrent reader never sees a half-written folder.
  const staging = `${outDir}.staging-${randomUUID()}`;
  await build(
    mergeConfig(rendererViteConfig, {
      configFile: false,
      root: path.join(projectRoot, 'renderer'),
      base: '/',
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true, reportCompressedSize: false },
    }),
  );
  await fs.writeFile(path.join(staging, stampName), JSON.stringify({ sourceMtimeMs }));
  const retired = `${outDir}.retired-${randomUUID()}`;
  await fs.rename(outDir, retired).catch(() => undefined);
  await fs.rename(staging, outDir);
  await fs.rm(retired, { recursive: true, force: true });
  return 'built';
}

async function readStamp(outDir: string): Promise<number> {
  try {
    const stamp = JSON.parse(await fs.readFile(path.join(outDir, stampName), 'utf8')) as {
      sourceMtimeMs?: unknown;
    };
    return typeof stamp.sourceMtimeMs === 'number' ? stamp.sourceMtimeMs : -1;
  } catch {
    return -1;
  }
}

async function newestMtime(entries: readonly string[]): Promise<number> {
  let newest = 0;
  for (const entry of entries) {
    const stat = await fs.stat(entry).catch(() => undefined);
    if (!stat) continue;
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) continue;
    const children = await fs.readdir(entry);
    newest = Math.max(
      newest,
      await newestMtime(
        children.filter((name) => name !== 'node_modules').map((name) => path.join(entry, name)),
      ),
    );
  }
  return newest;
}
