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

  const build = spawnSync('npm', ['run', '-s', 'build:cli'], { cwd: projectRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:cli failed: ${build.stderr.slice(0, 500)}`);
  const builtArgs = [path.join(projectRoot, 'tools/cli/launch.mjs'), 'status', '--data-dir', dataDir];
  const tsxArgs = [
    '--import',
    'tsx',
    path.join(projectRoot, 'tools/cli/main.ts'),
    'status',
    '--data-dir',
    dataDir,
  ];
  // One unmeasured run of each warms the disk cache (and tsx's transform cache), as an operator's second call.
  timedRun(['-e', '0']);
  timedRun(builtArgs);
  timedRun(tsxArgs);
  const empty: number[] = [];
  const built: number[] = [];
  const fromSource: number[] = [];
  // Interleaved, so a busy moment of the machine weighs on each alike.
  for (let run = 0; run < RUNS; run += 1) {
    empty.push(timedRun(['-e', '0']));
    built.push(timedRun(builtArgs));
    fromSource.push(timedRun(tsxArgs));
  }
  const target = 2 * median(empty) + 300;
  printTable([
    ['command', 'median ms', 'runs'],
    ['node -e 0', median(empty), RUNS],
    ['cli status (npm run cli: the built CLI)', median(built), RUNS],
    ['cli status from source (tsx)', median(fromSource), RUNS],
  ]);
  console.log(`target: ≤ ${target.toFixed(0)} ms (2 × node -e 0 + 300)`);
  printResult({
    nodeEmptyMs: median(empty),
    cliStatusMs: median(built),
    cliStatusTsxMs: median(fromSource),
    cliStatusTargetMs: target,
  });
} finally {
  await fs.rm(dataDir, { recursive: true, force: true });
}
