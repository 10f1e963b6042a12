// Child of bench/outbox.bench.ts: opens a data folder as the app does at start (lock, journal, index, and the
// sync engine, with no Booster configured so nothing is sent), reads the status once, and prints one JSON line:
// how long opening took and the process's peak resident memory. A process of its own, so the figure is the
// engine's, not the filling bench's.
//   node --import tsx bench/support/openFolder.ts <dataDir>   (BOOSTER_DATA_KEY set)
import { performance } from 'node:perf_hooks';
import { openBoosterServices } from '../../electron/main/core/boosterServices';
import { createNodeClock } from '../../electron/main/core/platform/clock';
import { createHeadlessKeySource } from '../../electron/main/core/platform/dataKeys';
import { createSilentLogger } from '../../electron/main/core/platform/logger';
import { createMemorySecretStore } from '../../electron/main/core/platform/secretStore';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: openFolder.ts <dataDir>');

const started = performance.now();
const services = await openBoosterServices({
  dataDir,
  clock: createNodeClock(),
  logger: createSilentLogger(),
  keySource: createHeadlessKeySource({ dataDir }),
  secretStore: createMemorySecretStore({}),
  fetch: () => Promise.reject(new Error('the benchmark sends nothing')),
});
const status = await services.handlers.sync.status(undefined);
const openMs = performance.now() - started;
const firstPageStarted = performance.now();
await services.handlers.outbox.list({ limit: 100 });
const firstPageMs = performance.now() - firstPageStarted;
await services.stop();
// maxRSS is in kilobytes.
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ openMs, firstPageMs, peakRssMb, pending: status.counts.pending }));
