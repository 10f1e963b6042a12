// Renderer size benchmark: builds the renderer for production and prints each asset's raw and gzip size,
// and the total a first load costs (the locale files other than English load on demand).
//   npx tsx bench/renderer-size.bench.ts
// Figure (last line, JSON): bundleGzipKb, the JavaScript a first load fetches, gzip. Target ≤ 200.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { rendererViteConfig } from '../renderer/vite.config';
import { printResult } from './support/kit';

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

const outDir = await mkdtemp(path.join(os.tmpdir(), 'booster-renderer-bench-'));
try {
  await build({
    ...rendererViteConfig,
    configFile: false,
    logLevel: 'warn',
    build: { ...rendererViteConfig.build, outDir },
  });
  const rows: { file: string; rawKb: number; gzipKb: number; onDemand: boolean }[] = [];
  for (const file of await filesBelow(outDir)) {
    const content = await readFile(file);
    const relative = path.relative(outDir, file);
    rows.push({
      file: relative,
      rawKb: (await stat(file)).size / 1024,
      gzipKb: gzipSync(content, { level: 9 }).length / 1024,
      // Every locale chunk but English's is fetched only when chosen.
      onDemand: /(^|\/)(fr|it|de|zh|ja|ko)-[\w-]+\.js$/.test(relative),
    });
  }
  rows.sort((a, b) => b.gzipKb - a.gzipKb);
  for (const row of rows) {
    console.log(
      `${row.file.padEnd(40)} ${row.rawKb.toFixed(1).padStart(8)} KB ${row.gzipKb.toFixed(1).padStart(7)} KB gzip${row.onDemand ? ' (on demand)' : ''}`,
    );
  }
  const firstLoad = rows.filter((row) => !row.onDemand).reduce((sum, row) => sum + row.gzipKb, 0);
  const firstLoadJs = rows
    .filter((row) => !row.onDemand && row.file.endsWith('.js'))
    .reduce((sum, row) => sum + row.gzipKb, 0);
  console.log(
    `first load: ${firstLoad.toFixed(1)} KB gzip, of which JavaScript ${firstLoadJs.toFixed(1)} KB`,
  );
  printResult({ bundleGzipKb: firstLoadJs, firstLoadGzipKb: firstLoad });
} finally {
  await rm(outDir, { recursive: true, force: true });
}
