// Outbox benchmark: enqueue latency (each one durable: written and fsync'd) with 0, 10k and 100k records
// already queued, heap used at 100k, and start-up (open + index) time at 100k.
//   npx tsx bench/outbox.bench.ts [--max 100000]
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openLocalOutbox, type LocalOutboxServices } from '../electron/main/core/boosterServices';
import { createNodeClock } from '../electron/main/core/platform/clock';
import { createSilentLogger } from '../electron/main/core/platform/logger';
import { sampleRecord } from '../test/support/core/records';

const maxArg = process.argv.indexOf('--max');
const max = maxArg > 0 ? Number(process.argv[maxArg + 1]) : 100_000;
const checkpoints = [0, 10_000, 100_000].filter((count) => count <= max);
const SAMPLES = 300;

/** A realistic record: the tests' sample client, with an address and a note as staff often add. */
function record(index: number): Record<string, unknown> {
  return sampleRecord(index, {
    addresses: [
      {
        addressType: 'Home',
        countryId: 'it',
        city: 'Milano',
        zipCode: '20121',
        street: 'Via Montenapoleone 8',
        isMainAddress: true,
      },
    ],
    notes: 'Interested in the Panthère collection; prefers appointments in the afternoon.',
  });
}

/** The outbox alone: nothing is sent during the benchmark. */
function open(dataDir: string): Promise<LocalOutboxServices> {
  return openLocalOutbox({ dataDir, clock: createNodeClock(), logger: createSilentLogger() });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

async function main() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'booster-bench-'));
  console.log(`outbox benchmark — node ${process.version}, ${os.cpus().length} cpu, data in ${dataDir}`);
  let services = await open(dataDir);
  let queued = 0;
  let index = 0;
  try {
    for (const checkpoint of checkpoints) {
      // Fill up to the checkpoint with concurrent enqueues (they share fsyncs: group commit).
      const fillStarted = performance.now();
      while (queued < checkpoint) {
        const batch = Math.min(512, checkpoint - queued);
        await Promise.all(
          Array.from({ length: batch }, () =>
            services.handlers.outbox.enqueue({ captureId: randomUUID(), record: record(index++) }),
          ),
        );
        queued += batch;
      }
      const fillMs = performance.now() - fillStarted;
      // One at a time, as staff finalize clients: each waits for its own fsync.
      const latencies: number[] = [];
      for (let sample = 0; sample < SAMPLES; sample += 1) {
        const started = performance.now();
        await services.handlers.outbox.enqueue({ captureId: randomUUID(), record: record(index++) });
        latencies.push(performance.now() - started);
      }
      queued += SAMPLES;
      latencies.sort((a, b) => a - b);
      console.log(
        `enqueue with ${checkpoint.toLocaleString('en')} queued: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}` +
          (checkpoint > 0
            ? ` (filled at ${Math.round((checkpoint / fillMs) * 1000).toLocaleString('en')} records/s in batches of 512)`
            : ''),
      );
    }
    gc?.();
    const heap = process.memoryUsage();
    console.log(
      `memory with ${queued.toLocaleString('en')} queued: heapUsed ${mb(heap.heapUsed)}, rss ${mb(heap.rss)}${gc ? '' : ' (run with --expose-gc for a settled figure)'}`,
    );
    const journal = await fs.stat(path.join(dataDir, 'outbox.journal'));
    console.log(`journal size: ${mb(journal.size)}`);
    await services.stop();

    const openStarted = performance.now();
    services = await open(dataDir);
    const openMs = performance.now() - openStarted;
    const status = await services.handlers.sync.status(undefined);
    console.log(
      `start-up (lock, open journal, build index) with ${status.counts.pending.toLocaleString('en')} queued: ${ms(openMs)}`,
    );
    const listStarted = performance.now();
    const firstPage = await services.handlers.outbox.list({ limit: 100 });
    console.log(`first page of 100 summaries: ${ms(performance.now() - listStarted)}`);
    // Paging through the whole backlog: the last page must cost what the first did (an ordered index,
    // not a walk from the start).
    let cursor = firstPage.nextCursor;
    let pages = 1;
    let lastPageMs = 0;
    const walkStarted = performance.now();
    while (cursor) {
      const pageStarted = performance.now();
      cursor = (await services.handlers.outbox.list({ limit: 100, cursor })).nextCursor;
      lastPageMs = performance.now() - pageStarted;
      pages += 1;
    }
    console.log(
      `last of ${pages.toLocaleString('en')} pages after a cursor: ${ms(lastPageMs)} (all pages: ${ms(performance.now() - walkStarted)})`,
    );
  } finally {
    await services.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

await main();
