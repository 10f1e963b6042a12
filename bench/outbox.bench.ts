// Outbox benchmark: durable enqueue against the disk's floor, its flatness as the backlog grows, and opening a
// large folder (time and the engine process's peak memory).
//   npx tsx bench/outbox.bench.ts [--quick]
// Figures (last line, JSON):
//   enqueueVsFloor   one enqueue at a time (each durable before it answers) over a bare append + fdatasync of
//                    the same bytes, per record, with 100 queued. Target ≤ 1.5.
//   enqueueFlatness  the same per-record time with the large backlog queued over 100 queued. Target ≤ 1.2.
//   openMsAt100k     opening that folder as the app does at start (lock, journal, index, engine). Target ≤ 1,000.
//   peakRssMbAt100k  that process's peak resident memory. Target ≤ 150.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openLocalOutbox, type LocalOutboxServices } from '../electron/main/core/boosterServices';
import { createNodeClock } from '../electron/main/core/platform/clock';
import { createHeadlessKeySource } from '../electron/main/core/platform/dataKeys';
import { createSilentLogger } from '../electron/main/core/platform/logger';
import { benchRecord } from './support/records';
import {
  firstLine,
  machine,
  median,
  percentile,
  printResult,
  printTable,
  quick,
  spawnTs,
} from './support/kit';

const LARGE = quick ? 20_000 : 100_000;
const SAMPLES = quick ? 150 : 400;

process.env.BOOSTER_DATA_KEY ??= randomBytes(32).toString('base64');

function open(dataDir: string): Promise<LocalOutboxServices> {
  return openLocalOutbox({
    dataDir,
    clock: createNodeClock(),
    logger: createSilentLogger(),
    keySource: createHeadlessKeySource({ dataDir }),
  });
}

let index = 0;
const enqueueOne = (services: LocalOutboxServices) =>
  services.handlers.outbox.enqueue({ captureId: randomUUID(), record: benchRecord(index++) });

/** Concurrent enqueues (they share fsyncs: group commit) until `count` are queued. */
async function fill(services: LocalOutboxServices, count: number): Promise<void> {
  let queued = (await services.handlers.sync.status(undefined)).counts.pending;
  while (queued < count) {
    const batch = Math.min(512, count - queued);
    await Promise.all(Array.from({ length: batch }, () => enqueueOne(services)));
    queued += batch;
  }
}

/** One at a time, as staff finalize clients: each waits for its own durable write. */
async function sequentialEnqueueMs(services: LocalOutboxServices): Promise<number[]> {
  const latencies: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample += 1) {
    const started = performance.now();
    await enqueueOne(services);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** The floor: append `bytes` to a file and fdatasync it, one line at a time, in the same folder. */
async function appendFloorMs(dir: string, bytes: number): Promise<number[]> {
  const line = Buffer.alloc(bytes, 'x');
  line[bytes - 1] = 0x0a;
  const file = await fs.open(path.join(dir, 'floor.journal'), 'a', 0o600);
  const latencies: number[] = [];
  try {
    for (let sample = 0; sample < SAMPLES; sample += 1) {
      const started = performance.now();
      await file.write(line);
      await file.datasync();
      latencies.push(performance.now() - started);
    }
  } finally {
    await file.close();
  }
  return latencies;
}

async function journalBytes(dataDir: string): Promise<number> {
  return (await fs.stat(path.join(dataDir, 'outbox.journal'))).size;
}

async function openInChild(dataDir: string) {
  const child = spawnTs('bench/support/openFolder.ts', [dataDir]);
  const line = await firstLine(child);
  return JSON.parse(line) as { openMs: number; firstPageMs: number; peakRssMb: number; pending: number };
}

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'booster-bench-outbox-'));
console.log(`outbox benchmark — ${JSON.stringify(machine())}, large backlog ${LARGE.toLocaleString('en')}`);
try {
  let services = await open(dataDir);
  await fill(services, 100);
  // Each record's share of the journal, measured on what the outbox actually wrote for these 100.
  const before = await journalBytes(dataDir);
  const small = await sequentialEnqueueMs(services);
  const bytesPerRecord = Math.round((await journalBytes(dataDir)) - before) / SAMPLES;
  const floor = await appendFloorMs(dataDir, Math.max(2, Math.round(bytesPerRecord)));
  await fs.rm(path.join(dataDir, 'floor.journal'));

  const fillStarted = performance.now();
  await fill(services, LARGE);
  const fillRate = (LARGE / (performance.now() - fillStarted)) * 1000;
  const large = await sequentialEnqueueMs(services);
  await services.stop();

  const opened = await openInChild(dataDir);
  services = await open(dataDir);
  await services.stop();

  printTable([
    ['measure', 'p50 ms', 'p99 ms'],
    [`bare append + fdatasync of ${Math.round(bytesPerRecord)} B`, median(floor), percentile(floor, 99)],
    ['enqueue, 100 queued', median(small), percentile(small, 99)],
    [`enqueue, ${LARGE.toLocaleString('en')} queued`, median(large), percentile(large, 99)],
  ]);
  console.log(`filled at ${Math.round(fillRate).toLocaleString('en')} records/s (batches of 512)`);
  console.log(
    `open with ${opened.pending.toLocaleString('en')} queued: ${opened.openMs.toFixed(0)} ms, first page ` +
      `${opened.firstPageMs.toFixed(1)} ms, peak RSS ${opened.peakRssMb.toFixed(0)} MB; journal ` +
      `${((await journalBytes(dataDir)) / 1024 / 1024).toFixed(1)} MB`,
  );
  printResult({
    queuedLarge: LARGE,
    enqueueMsP50: median(small),
    floorMsP50: median(floor),
    enqueueVsFloor: median(small) / median(floor),
    enqueueFlatness: median(large) / median(small),
    openMsAt100k: opened.openMs,
    peakRssMbAt100k: opened.peakRssMb,
  });
} finally {
  await fs.rm(dataDir, { recursive: true, force: true });
}
