// Time to interactive: a fresh load of the production renderer until the capture form's first field accepts
// typing, over the same for an empty Svelte 5 page built and served the same way. Both are built with the
// renderer's Vite config (renderer/vite.config.ts) into temp folders and served by the web host
// (tools/web-host, `rendererDir`), which injects the bridge and runs the real main-process core behind it.
//   npx tsx bench/tti.bench.ts [--quick]
// Figures (last line, JSON): ttiVsEmpty (median app / median empty, target ≤ 1.5), ttiAppMs, ttiEmptyMs.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import { rendererViteConfig } from '../renderer/vite.config';
import { startWebHost, type WebHost } from '../tools/web-host/index';
import { launchChromium } from './chromium/browser';
import { median, percentile, printResult, printTable, quick, round } from './support/kit';

const loads = quick ? 5 : 15;
const probeFile = path.join(import.meta.dirname, 'chromium', 'tti-probe.js');
/** After the probe typed, the page must keep the character this long (the app may still be starting). */
const settleMs = 300;

interface Target {
  name: string;
  /** The first field a person types in. */
  selector: string;
  root: string;
}

const targets: Target[] = [
  // The capture form's first text box (clientType and title come first, but are a choice and a picker).
  { name: 'app', selector: '#main form input[type="text"]', root: rendererViteConfig.root },
  { name: 'empty', selector: '#name', root: path.join(import.meta.dirname, 'chromium', 'empty-page') },
];

async function buildInto(root: string, outDir: string): Promise<void> {
  await build({
    ...rendererViteConfig,
    configFile: false,
    root,
    // 'error': a slow build on a busy machine would print rolldown's plugin timings.
    logLevel: 'error',
    build: { ...rendererViteConfig.build, outDir, reportCompressedSize: false },
  });
}

interface ProbeState {
  at?: number;
  done: boolean;
  lost: number;
  id?: string;
  /** ms from navigation start, up to the moment found (`at`). */
  timeline?: Record<string, number>;
}

/** One fresh load in a new context (empty cache, storage and IndexedDB): ms from navigation start. */
async function loadOnce(browser: Browser, url: string, target: Target): Promise<ProbeState> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: `globalThis.__ttiSelector = ${JSON.stringify(target.selector)};` });
    await page.addInitScript({ path: probeFile });
    await page.goto(url);
    const typed = () => {
      const state = (globalThis as unknown as { __tti: ProbeState }).__tti;
      return state.at !== undefined && state;
    };
    await page.waitForFunction(typed, undefined, { timeout: 60_000 });
    await page.waitForTimeout(settleMs);
    await page.waitForFunction(typed, undefined, { timeout: 60_000 });
    // The probe stops here; what it found is final, with the page's own timeline of where the time went.
    const state = await page.evaluate(() =>
      (globalThis as unknown as { __ttiFinish(): ProbeState }).__ttiFinish(),
    );
    // A real key press through the browser's input pipeline lands in the same box.
    const box = page.locator(target.selector).first();
    await box.press('End');
    await box.pressSequentially('y');
    const value = await box.inputValue();
    if (value !== 'xy') throw new Error(`${target.name}: typing left ${JSON.stringify(value)} in the field`);
    return state;
  } finally {
    await context.close();
  }
}

const tempDir = await mkdtemp(path.join(os.tmpdir(), 'booster-tti-bench-'));
// The web host's headless key source reads the data key from here (a fresh one: nothing is kept).
process.env.BOOSTER_DATA_KEY = randomBytes(32).toString('base64');
const hosts: WebHost[] = [];
let browser: Browser | undefined;
try {
  const urls = new Map<string, string>();
  for (const target of targets) {
    const outDir = path.join(tempDir, `${target.name}-build`);
    await buildInto(target.root, outDir);
    const host = await startWebHost({
      dataDir: path.join(tempDir, `${target.name}-data`),
      rendererDir: outDir,
    });
    hosts.push(host);
    urls.set(target.name, host.url);
  }
  browser = await launchChromium();
  const times = new Map<string, number[]>(targets.map((target) => [target.name, []]));
  const fields = new Map<string, string | undefined>();
  const timelines = new Map<string, Record<string, number>[]>(targets.map((target) => [target.name, []]));
  let lost = 0;
  // One load of each first (Vite transforms the bridge on its first request), then alternate, so both pages
  // see the same moments of a busy machine.
  for (let round_ = -1; round_ < loads; round_ += 1) {
    const order = round_ % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const state = await loadOnce(browser, urls.get(target.name)!, target);
      fields.set(target.name, state.id);
      lost += state.lost;
      if (round_ < 0) continue;
      times.get(target.name)!.push(state.at!);
      timelines.get(target.name)!.push(state.timeline ?? {});
    }
  }

  const app = times.get('app')!;
  const empty = times.get('empty')!;
  console.log(
    `Fresh loads (new context each) until the first field accepts typing, ${loads} each, production builds ` +
      `served by the web host; ms from navigation start:`,
  );
  printTable([
    ['page', 'field', 'median', 'min', 'p90', 'max'],
    ...targets.map((target) => {
      const values = times.get(target.name)!;
      return [
        target.name,
        `#${fields.get(target.name) ?? '?'}`,
        median(values),
        Math.min(...values),
        percentile(values, 90),
        Math.max(...values),
      ];
    }),
  ]);
  const steps = Object.keys(timelines.get('app')![0] ?? {});
  console.log('\nWhere the time goes (medians over the loads; ms from navigation start, or counts):');
  printTable([
    ['step', ...targets.map((target) => target.name)],
    ...steps.map((step) => [
      step,
      ...targets.map((target) =>
        median(timelines.get(target.name)!.map((timeline) => timeline[step] ?? NaN)),
      ),
    ]),
    ['first field accepts typing', ...targets.map((target) => median(times.get(target.name)!))],
  ]);
  if (lost > 0) console.log(`a typed character was lost ${lost} times (the input was replaced or reset)`);
  printResult({
    ttiVsEmpty: round(median(app) / median(empty)),
    ttiAppMs: Math.round(median(app)),
    ttiEmptyMs: Math.round(median(empty)),
    ttiMode: 'production build via web host rendererDir',
  });
} finally {
  await browser?.close();
  for (const host of hosts) await host.close();
  await rm(tempDir, { recursive: true, force: true });
}
