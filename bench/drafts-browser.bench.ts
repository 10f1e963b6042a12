// Drafts in Chromium, on the app's own code: autosave of a full record (sealed with the session's draft key,
// written through Dexie to IndexedDB on disk) against a bare IndexedDB put of the same stored row, and the
// drafts search among 50,000 drafts. The page (bench/chromium/drafts/) imports the renderer's DraftStore,
// CaptureDb and draft crypto, served by a Vite dev server with the app's Svelte plugin so the runes compile.
//   npx tsx bench/drafts-browser.bench.ts [--quick]
// Figures (last line, JSON): autosaveP99Ms (target ≤ 16), dexieVsRawIdb (autosave p99 / raw put p99, ≤ 1.5),
// draftSearchMs (p95 of 40 searches among draftSearchCount drafts, ≤ 50; a quick run fills 20,000), the time
// DraftStore.start() takes to open them (draftOpenMs50k, or …20k), and the parts of an autosave.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';
import type { BrowserContext } from 'playwright-core';
import { rendererViteConfig } from '../renderer/vite.config';
import { launchChromiumWithProfile } from './chromium/browser';
import { percentile, printResult, printTable, quick, round } from './support/kit';

const autosaveIterations = quick ? 100 : 500;
const warmup = 10;
/** Between two autosaves, as between a person's pauses (the app waits 250 ms; shorter keeps the run short). */
const gapMs = 20;
/** 50,000 drafts as the issue asks; a quick run fills 20,000 (filling and opening 50,000 take over a minute). */
const searchCount = quick ? 20_000 : 50_000;
const autosavesAt50k = quick ? 20 : 100;

interface Parts {
  totalMs: number[];
  readMs: number[];
  sealMs: number[];
  putMs: number[];
  afterMs: number[];
}
interface AutosaveResult {
  autosaveMs: number[];
  rawMs: number[];
  parts: Parts;
  sealOnlyMs: number[];
  draftJsonBytes: number;
  sealedBytes: number;
  blankFields: string[];
}
interface SearchResult {
  count: number;
  fillMs: number;
  openMs: number;
  readMs?: number;
  unsealMs?: number;
  indexMs: number;
  searches: { term: string; ms: number; cachedMs: number; visible: number }[];
  autosaveParts: Parts;
}
interface DraftsBenchPage {
  draftsBench: {
    autosave(options: { iterations: number; warmup: number; gapMs: number }): Promise<AutosaveResult>;
    search(options: {
      count: number;
      autosaves: number;
      gapMs: number;
      openParts: boolean;
    }): Promise<SearchResult>;
  };
}

async function startPageServer(cacheDir: string): Promise<{ url: string; server: ViteDevServer }> {
  const server = await createServer({
    ...rendererViteConfig,
    configFile: false,
    root: path.join(import.meta.dirname, 'chromium', 'drafts'),
    base: '/',
    logLevel: 'warn',
    clearScreen: false,
    // Its own dependency cache: the project's node_modules/.vite belongs to whoever runs dev:web now.
    cacheDir,
    optimizeDeps: { entries: ['index.html'] },
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false, watch: null },
  });
  try {
    await server.listen();
  } catch (error) {
    await server.close();
    throw error;
  }
  const { port } = server.httpServer!.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

const stats = (values: readonly number[]) => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  p99: percentile(values, 99),
  max: Math.max(...values),
});

const tempDir = await mkdtemp(path.join(os.tmpdir(), 'booster-drafts-bench-'));
let server: ViteDevServer | undefined;
let context: BrowserContext | undefined;
try {
  const started = await startPageServer(path.join(tempDir, 'vite-cache'));
  server = started.server;
  context = await launchChromiumWithProfile(path.join(tempDir, 'profile'));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(started.url);
  await page.waitForFunction(() => 'draftsBench' in globalThis, undefined, { timeout: 60_000 });

  const saved = await page.evaluate(
    (options) => (globalThis as unknown as DraftsBenchPage).draftsBench.autosave(options),
    { iterations: autosaveIterations, warmup, gapMs },
  );
  if (saved.blankFields.length > 0)
    console.log(`fields left blank in the full record: ${saved.blankFields.join(', ')}`);
  const found = await page.evaluate(
    (options) => (globalThis as unknown as DraftsBenchPage).draftsBench.search(options),
    { count: searchCount, autosaves: autosavesAt50k, gapMs, openParts: !quick },
  );

  const autosave = stats(saved.autosaveMs);
  const raw = stats(saved.rawMs);
  const at50k = stats(found.autosaveParts.totalMs);
  const partRows = (parts: Parts) =>
    (Object.entries(parts) as [keyof Parts, number[]][]).map(([name, values]) => {
      const s = stats(values);
      return [`  ${name.replace(/Ms$/, '')}`, s.p50, s.p95, s.p99, s.max];
    });
  console.log(
    `Autosave of one full record (${saved.draftJsonBytes} bytes of JSON, ${saved.sealedBytes} sealed), ` +
      `${autosaveIterations} times after ${warmup} warm-up, IndexedDB on disk; ms:`,
  );
  printTable([
    ['', 'p50', 'p95', 'p99', 'max'],
    ['autosave: flush() to commit', autosave.p50, autosave.p95, autosave.p99, autosave.max],
    ['raw IndexedDB put, same row', raw.p50, raw.p95, raw.p99, raw.max],
    ['autosave, timed by parts:', '', '', '', ''],
    ...partRows(saved.parts),
    ['seal alone (JSON + AES-GCM)', ...Object.values(stats(saved.sealOnlyMs))],
    [`autosave with ${found.count} drafts open, by parts:`, '', '', '', ''],
    ...partRows(found.autosaveParts),
  ]);

  const searchMs = found.searches.map((search) => search.ms);
  console.log(
    `\nDraft search among ${found.count} drafts (filled in ${round(found.fillMs / 1000, 1)} s); ` +
      `store.start() took ${Math.round(found.openMs)} ms (alone: ` +
      (found.readMs === undefined
        ? ''
        : `read ${Math.round(found.readMs)}, unseal ${Math.round(found.unsealMs ?? 0)}, `) +
      `search text ${Math.round(found.indexMs)} ms)`,
  );
  printTable([
    ['term', 'ms', 'cached re-read ms', 'shown'],
    ...found.searches.map((search) => [search.term, search.ms, round(search.cachedMs, 3), search.visible]),
  ]);
  const search = stats(searchMs);
  console.log(`search p50 ${round(search.p50)} ms, p95 ${round(search.p95)} ms, max ${round(search.max)} ms`);

  printResult({
    autosaveP99Ms: round(autosave.p99),
    dexieVsRawIdb: round(autosave.p99 / raw.p99),
    // The p99 of 100 samples is their second-worst: on a shared machine the median ratio is the steadier one.
    dexieVsRawIdbP50: round(autosave.p50 / raw.p50),
    autosaveP50Ms: round(autosave.p50),
    rawIdbPutP50Ms: round(raw.p50),
    rawIdbPutP99Ms: round(raw.p99),
    autosaveSealP99Ms: round(percentile(saved.parts.sealMs, 99)),
    autosaveDexiePutP99Ms: round(percentile(saved.parts.putMs, 99)),
    autosaveReadP99Ms: round(percentile(saved.parts.readMs, 99)),
    autosaveAfterPutP99Ms: round(percentile(saved.parts.afterMs, 99)),
    [`autosaveP99MsAt${found.count / 1000}k`]: round(at50k.p99),
    [`autosaveAfterPutP99MsAt${found.count / 1000}k`]: round(percentile(found.autosaveParts.afterMs, 99)),
    draftSearchMs: round(search.p95),
    draftSearchCount: found.count,
    [`draftOpenMs${found.count / 1000}k`]: Math.round(found.openMs),
  });
} finally {
  await context?.close();
  await server?.close();
  await rm(tempDir, { recursive: true, force: true });
}
