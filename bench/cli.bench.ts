// CLI start-up benchmark: `cli status` on a folder of 10,000 queued clients, as an operator runs it (a fresh
// process each time), against starting Node and doing nothing.
//   npx tsx bench/cli.bench.ts [--quick]
// Figure (last line, JSON): cliStatusMs (median); target ≤ 2 × nodeEmptyMs + 300.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openLocalOutbox } from '../electron/main/core/boosterServices';
import { createNodeClock } from '../electron/main/core/platform/clock';
import { createHeadlessKeySource } from '../electron/main/core/platform/dataKeys';
import { createSilentLogger } from '../electron/main/core/platform/logger';
import { benchRecord } from './support/records';
import { machine, median, printResult, printTable, projectRoot, quick } from './support/kit';

const CLIENTS = 10_000;
const RUNS = quick ? 3 : 7;

process.env.BOOSTER_DATA_KEY ??= randomBytes(32).toString('base64');

function timedRun(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: projectRoot, env: process.env, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${String(result.status)}: ${result.stderr.slice(0, 500)}`);
  return ms;
}

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'booster-bench-cli-'));
console.log(`cli benchmark — ${JSON.stringify(machine())}, ${CLIENTS.toLocaleString('en')} queued`);
try {
  const services = await openLocalOutbox({
    dataDir,
    clock: createNodeClock(),
    logger: createSilentLogger(),
    keySource: createHeadlessKeySource({ dataDir }),
  });
  for (let start = 0; start < CLIENTS; start += 512) {
    const batch = Math.min(512, CLIENTS - start);
    await Promise.all(
      Array.from({ length: batch }, (_, offset) =>
        services.handlers.outbox.enqueue({ captureId: randomUUID(), record: benchRecord(start + offset) }),
      ),
    );
  }
  await services.stop();

  const cliArgs = [
    '--import',
    'tsx',
    path.join(projectRoot, 'tools/cli/main.ts'),
    'status',
    '--data-dir',
    dataDir,
  ];
  // One unmeasured run of each fills tsx's transform cache, as any operator's second call would find it.
  timedRun(['-e', '0']);
  timedRun(cliArgs);
  const empty = Array.from({ length: RUNS }, () => timedRun(['-e', '0']));
  const status = Array.from({ length: RUNS }, () => timedRun(cliArgs));
  const target = 2 * median(empty) + 300;
  printTable([
    ['command', 'median ms', 'runs'],
    ['node -e 0', median(empty), RUNS],
    ['cli status (npm run cli, via tsx)', median(status), RUNS],
  ]);
  console.log(`target: ≤ ${target.toFixed(0)} ms (2 × node -e 0 + 300)`);
  printResult({ nodeEmptyMs: median(empty), cliStatusMs: median(status), cliStatusTargetMs: target });
} finally {
  await fs.rm(dataDir, { recursive: true, force: true });
}
