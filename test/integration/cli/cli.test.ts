// The operator CLI end to end: machine-readable stdout, clear errors, and a drain against the simulator.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBoosterSimulator } from '../../support/booster-sim';
import { makeTempDir } from '../../support/core/tempDir';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { runCli } from './cliRunner';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('operator CLI', () => {
  it('enqueue, status, sync and list', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    const fixed = newCaptureId();
    const file = path.join(dir, 'records.json');
    await fs.writeFile(
      file,
      JSON.stringify([
        { ...sampleRecord(1), captureId: fixed },
        sampleRecord(2),
        { ...sampleRecord(3), lastName: '' },
        'nope',
      ]),
    );

    const enqueued = await runCli(['enqueue', '--data-dir', dataDir, file]);
    expect(JSON.parse(enqueued.stdout)).toMatchObject({
      accepted: 2,
      rejected: [{ index: 2, issues: [{ path: 'lastName' }] }, { index: 3 }],
    });
    expect(enqueued.code).toBe(1);

    const status = await runCli(['status', '--data-dir', dataDir]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      pending: 2,
      sending: 0,
      sent: 0,
      needsAttention: 0,
      possibleDuplicate: 0,
    });

    const sim = await startTestBoosterSimulator();
    cleanups.push(() => sim.close());
    const synced = await runCli([
      'sync',
      '--data-dir',
      dataDir,
      '--booster-url',
      sim.url,
      '--api-key',
      sim.apiKey,
    ]);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ counts: { pending: 0, sent: 2 } });
    expect(sim.customers().map((customer) => customer.idempotencyKey)).toContain(fixed);

    const listed = await runCli(['list', '--data-dir', dataDir, '--state', 'sent']);
    expect(JSON.parse(listed.stdout).items).toHaveLength(2);
    // The key given on the command line was used for that run only.
    expect(await fs.readFile(path.join(dataDir, 'secrets.json'), 'utf8').catch(() => '')).not.toContain(
      sim.apiKey,
    );
  });

  it('sync exits 4 when Booster refuses the key, 3 when unreachable', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'records.json');
    await fs.writeFile(file, JSON.stringify([sampleRecord(1)]));
    await runCli(['enqueue', '--data-dir', dir, file]);
    const sim = await startTestBoosterSimulator();
    cleanups.push(() => sim.close());
    const refused = await runCli(['sync', '--data-dir', dir, '--booster-url', sim.url, '--api-key', 'wrong']);
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      pausedReason: 'signInNeeded',
      counts: { pending: 1 },
    });
    const unreachable = await runCli([
      'sync',
      '--data-dir',
      dir,
      '--booster-url',
      'http://127.0.0.1:9',
      '--api-key',
      'k',
      '--max-wait-ms',
      '1500',
    ]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/could not be reached/);
  });

  it('refuses bad input with a clear message and a non-zero exit', async () => {
    const dir = await tempDir();
    const notArray = path.join(dir, 'object.json');
    const invalid = path.join(dir, 'invalid.json');
    await fs.writeFile(notArray, '{"a":1}');
    await fs.writeFile(invalid, '[{');
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /Unknown command 'frobnicate'/],
      [['status', '--data-dir', dir, '--colour'], /Unknown option '--colour'/],
      [['status'], /'--data-dir' is required/],
      [['status', '--data-dir', dir, 'extra.json'], /takes no FILE or other word: 'extra.json'/],
      [['enqueue', '--data-dir', dir, path.join(dir, 'missing.json')], /Cannot read/],
      [['enqueue', '--data-dir', dir, invalid], /not valid JSON/],
      [['enqueue', '--data-dir', dir, notArray], /JSON array/],
      [['list', '--data-dir', dir, '--state', 'lost'], /Unknown state 'lost'/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((result, index) => {
      expect(result.code, cases[index]![0].join(' ')).toBe(2);
      expect(result.stderr).toMatch(cases[index]![1]);
      expect(result.stdout).toBe('');
    });
  });
});
