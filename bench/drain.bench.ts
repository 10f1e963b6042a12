// Drain benchmark: clients/s sending a backlog to the Booster simulator at concurrency 4, against a bare HTTP
// loop posting the very bodies the simulator received, to the same simulator, at the same concurrency.
//   npx tsx bench/drain.bench.ts [--quick]
// Figure (last line, JSON): drainVsRawHttp, the outbox's rate over the bare loop's. Target ≥ 0.8.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openLocalOutbox } from '../electron/main/core/boosterServices';
import { createNodeClock } from '../electron/main/core/platform/clock';
import { createHeadlessKeySource } from '../electron/main/core/platform/dataKeys';
import { createSilentLogger } from '../electron/main/core/platform/logger';
import { run } from '../tools/cli/run';
import { benchRecord } from './support/records';
import { machine, printResult, printTable, quick, startSimulatorProcess } from './support/kit';

const CLIENTS = quick ? 2_000 : 10_000;
const CONCURRENCY = 4;

process.env.BOOSTER_DATA_KEY ??= randomBytes(32).toString('base64');

async function fill(dataDir: string): Promise<void> {
  const services = await openLocalOutbox({
    dataDir,
    clock: createNodeClock(),
    logger: createSilentLogger(),
    keySource: createHeadlessKeySource({ dataDir }),
  });
  try {
    for (let start = 0; start < CLIENTS; start += 512) {
      const batch = Math.min(512, CLIENTS - start);
      await Promise.all(
        Array.from({ length: batch }, (_, offset) =>
          services.handlers.outbox.enqueue({ captureId: randomUUID(), record: benchRecord(start + offset) }),
        ),
      );
    }
  } finally {
    await services.stop();
  }
}

/** `cli sync` in this process, as an operator runs it: opens the folder, sends everything, stops. */
async function drainWithCli(
  dataDir: string,
  url: string,
  apiKey: string,
): Promise<{ ms: number; out: string }> {
  let out = '';
  const started = performance.now();
  const code = await run(
    [
      'sync',
      '--data-dir',
      dataDir,
      '--booster-url',
      url,
      '--api-key',
      apiKey,
      '--concurrency',
      String(CONCURRENCY),
    ],
    {
      stdout: (text) => void (out += text),
      stderr: (text) => void process.stderr.write(text),
      env: process.env,
      cwd: process.cwd(),
      fetch: globalThis.fetch,
      onStopSignal: () => () => undefined,
    },
  );
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`cli sync exited ${code}: ${out}`);
  return { ms, out };
}

/** The bare loop: the same bodies, the same server, the same concurrency, nothing else. */
async function drainRaw(url: string, apiKey: string, bodies: readonly string[]): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await fetch(`${url}/customer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body,
      });
      if (response.status !== 200 && response.status !== 201)
        throw new Error(`the bare loop got HTTP ${response.status}`);
      await response.arrayBuffer();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - started;
}

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'booster-bench-drain-'));
const simulator = await startSimulatorProcess();
console.log(`drain benchmark — ${JSON.stringify(machine())}, ${CLIENTS.toLocaleString('en')} clients`);
try {
  await fill(dataDir);
  const drained = await drainWithCli(dataDir, simulator.url, simulator.apiKey);
  const customers = (await (await fetch(`${simulator.url}/_sim/customers`)).json()) as { body: unknown }[];
  if (customers.length !== CLIENTS)
    throw new Error(`the simulator holds ${customers.length} customers, expected ${CLIENTS}`);
  const bodies = customers.map((customer) => JSON.stringify(customer.body));
  await fetch(`${simulator.url}/_sim/reset`, { method: 'POST' });
  const rawMs = await drainRaw(simulator.url, simulator.apiKey, bodies);

  const outboxRate = (CLIENTS / drained.ms) * 1000;
  const rawRate = (CLIENTS / rawMs) * 1000;
  printTable([
    ['path', 'ms', 'clients/s'],
    [`cli sync (open, send ${CLIENTS}, stop)`, drained.ms, outboxRate],
    ['bare fetch loop, same bodies', rawMs, rawRate],
  ]);
  printResult({
    drainClients: CLIENTS,
    drainRate: outboxRate,
    rawHttpRate: rawRate,
    drainVsRawHttp: outboxRate / rawRate,
  });
} finally {
  await simulator.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
}
