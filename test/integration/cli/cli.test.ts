// The operator CLI end to end: one NDJSON line per record, clear refusals, a drain against the simulator.
// Most cases run in-process through `run`; the drain runs as a real process, as an operator would.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBoosterSimulator } from '../../support/booster-sim';
import { makeTempDir } from '../../support/core/tempDir';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { enqueueLines, runCli, runCliInProcess } from './cliRunner';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function writeRecords(dir: string, records: unknown[], name = 'records.json'): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, JSON.stringify(records));
  return file;
}

async function statusOf(dataDir: string): Promise<Record<string, number>> {
  const result = await runCliInProcess(['status', '--data-dir', dataDir]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, number>;
}

describe('operator CLI', () => {
  it('enqueue, status, sync (a real process) and list', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    const fixed = newCaptureId();
    const file = await writeRecords(dir, [
      { ...sampleRecord(1), captureId: fixed },
      sampleRecord(2),
      { ...sampleRecord(3), lastName: '' },
      'nope',
    ]);

    const enqueued = await runCliInProcess(['enqueue', '--data-dir', dataDir, file]);
    expect(enqueued.code).toBe(1);
    const { records, summary } = enqueueLines(enqueued.stdout);
    expect(summary).toEqual({
      records: 4,
      queued: 2,
      alreadyQueued: 0,
      duplicateInFile: 0,
      rejected: 2,
      failed: 0,
      notAttempted: 0,
    });
    const byIndex = new Map(records.map((line) => [line.index, line]));
    expect(byIndex.get(0)).toEqual({ index: 0, captureId: fixed, state: 'pending' });
    expect(byIndex.get(1)).toMatchObject({ index: 1, state: 'pending' });
    expect(byIndex.get(2)?.error?.fields?.map((field) => field.path)).toContain('lastName');
    expect(byIndex.get(3)).toMatchObject({ error: { code: 'invalidRecord' } });
    expect(enqueued.stderr).toMatch(/Record 2 was not queued: lastName: /);

    expect(await statusOf(dataDir)).toMatchObject({
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

    const listed = await runCliInProcess(['list', '--data-dir', dataDir, '--state', 'sent']);
    expect(JSON.parse(listed.stdout).items).toHaveLength(2);
    // The key given on the command line was used for that run only.
    expect(await fs.readFile(path.join(dataDir, 'secrets.json'), 'utf8').catch(() => '')).not.toContain(
      sim.apiKey,
    );
  });

  it('sync exits 4 when Booster refuses the key, 3 when unreachable', async () => {
    const dir = await tempDir();
    const file = await writeRecords(dir, [sampleRecord(1)]);
    await runCliInProcess(['enqueue', '--data-dir', dir, file]);
    const sim = await startTestBoosterSimulator();
    cleanups.push(() => sim.close());
    const refused = await runCliInProcess([
      'sync',
      '--data-dir',
      dir,
      '--booster-url',
      sim.url,
      '--api-key',
      'wrong',
    ]);
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      pausedReason: 'signInNeeded',
      counts: { pending: 1 },
    });
    const elsewhere = ['sync', '--data-dir', dir, '--booster-url', 'http://127.0.0.1:9', '--api-key', 'k'];
    // Another Booster while a client waits for the first: the operator says what becomes of it.
    const undecided = await runCliInProcess(elsewhere);
    expect(undecided.code).toBe(2);
    expect(undecided.stderr).toMatch(/--queued-clients send-to-new .*--queued-clients keep-for-old/s);
    const unreachable = await runCliInProcess([
      ...elsewhere,
      '--queued-clients',
      'send-to-new',
      '--max-wait-ms',
      '1500',
    ]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/could not be reached/);
  });

  it('refuses bad usage and bad input with a clear message and exit 2', async () => {
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
    for (const [args, message] of cases) {
      const result = await runCliInProcess(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });
});

describe('enqueue: results per record, safe to run again (issue 7 items 4, 10, 11, 12)', () => {
  it('gives records without a captureId a stable one, so the same file run twice queues nothing twice', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    const file = await writeRecords(dir, [sampleRecord(1), sampleRecord(2), sampleRecord(3)]);
    const first = enqueueLines((await runCliInProcess(['enqueue', '--data-dir', dataDir, file])).stdout);
    expect(first.summary).toMatchObject({ queued: 3, alreadyQueued: 0 });

    // Same records, keys in another order: the same ids.
    const reordered = [sampleRecord(1), sampleRecord(2), sampleRecord(3)].map((record) =>
      Object.fromEntries(Object.entries(record).reverse()),
    );
    const again = await runCliInProcess([
      'enqueue',
      '--data-dir',
      dataDir,
      await writeRecords(dir, reordered, 'again.json'),
    ]);
    expect(again.code, again.stderr).toBe(0);
    const second = enqueueLines(again.stdout);
    expect(second.summary).toMatchObject({ queued: 0, alreadyQueued: 3 });
    expect(second.records.map((line) => line.captureId).sort()).toEqual(
      first.records.map((line) => line.captureId).sort(),
    );
    expect(second.records.every((line) => line.alreadyQueued === true && line.state === 'pending')).toBe(
      true,
    );
    expect(await statusOf(dataDir)).toMatchObject({ pending: 3, total: 3 });
  });

  it('refuses a captureId used twice with different content, naming both records', async () => {
    const dir = await tempDir();
    const id = newCaptureId();
    const file = await writeRecords(dir, [
      { ...sampleRecord(1), captureId: id },
      { ...sampleRecord(2), captureId: id },
      { ...sampleRecord(1), captureId: id },
    ]);
    const result = await runCliInProcess(['enqueue', '--data-dir', dir, file]);
    expect(result.code).toBe(1);
    const { records, summary } = enqueueLines(result.stdout);
    expect(summary).toMatchObject({ queued: 1, duplicateInFile: 1, rejected: 1 });
    const second = records.find((line) => line.index === 1)!;
    expect(second.error?.code).toBe('duplicateCaptureId');
    expect(second.error?.message).toMatch(/Records 0 and 1 have the same captureId/);
    expect(records.find((line) => line.index === 2)).toMatchObject({ duplicateOf: 0, state: 'pending' });
    expect(result.stderr).toMatch(/Record 1 was not queued: .*Records 0 and 1/);
    expect(await statusOf(dir)).toMatchObject({ total: 1 });
  });

  it('warns about unknown or misspelt fields, also inside list items, and still queues', async () => {
    const dir = await tempDir();
    const record = {
      ...sampleRecord(1),
      lastname: 'Rossi',
      note: 'VIP',
      emails: [{ email: 'a@example.com', isMainEmail: true, mail: 'b@example.com' }],
    };
    const result = await runCliInProcess(['enqueue', '--data-dir', dir, await writeRecords(dir, [record])]);
    expect(result.code, result.stderr).toBe(0);
    const [line] = enqueueLines(result.stdout).records;
    expect(line).toMatchObject({ state: 'pending' });
    // In the order of the record's properties (emails comes from sampleRecord, before the extra keys).
    expect(line!.warnings).toEqual([
      {
        path: 'emails[0].mail',
        message: "Unknown field 'mail' (did you mean 'email'?): it would never reach Booster.",
      },
      {
        path: 'lastname',
        message: "Unknown field 'lastname' (did you mean 'lastName'?): it would never reach Booster.",
      },
      {
        path: 'note',
        message: "Unknown field 'note' (did you mean 'notes'?): it would never reach Booster.",
      },
    ]);
    expect(result.stderr).toMatch(/Record 0, emails\[0\]\.mail: Unknown field 'mail'/);
  });

  it('refuses a file with invalid UTF-8 naming the byte offset, and accepts a BOM', async () => {
    const dir = await tempDir();
    const json = Buffer.from(JSON.stringify([sampleRecord(1)]), 'utf8');
    const at = json.indexOf('Giulia');
    const broken = Buffer.concat([json.subarray(0, at), Buffer.from([0xc3, 0x28]), json.subarray(at)]);
    await fs.writeFile(path.join(dir, 'broken.json'), broken);
    const refused = await runCliInProcess(['enqueue', '--data-dir', dir, path.join(dir, 'broken.json')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`not valid UTF-8: byte 0xc3 at offset ${at}`);
    expect(refused.stdout).toBe('');

    await fs.writeFile(path.join(dir, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]));
    const accepted = await runCliInProcess(['enqueue', '--data-dir', dir, path.join(dir, 'bom.json')]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(enqueueLines(accepted.stdout).summary).toMatchObject({ queued: 1 });
  });
});

describe('data folder and flags (issue 7 items 9, 13)', () => {
  it('status, list and sync refuse a folder that does not exist or is not a data folder; sync creates none', async () => {
    const dir = await tempDir();
    const missing = path.join(dir, 'typo');
    const notData = path.join(dir, 'documents');
    await fs.mkdir(notData);
    for (const folder of [missing, notData]) {
      for (const args of [
        ['status', '--data-dir', folder],
        ['list', '--data-dir', folder],
        ['sync', '--data-dir', folder, '--booster-url', 'http://127.0.0.1:9', '--api-key', 'k'],
      ]) {
        const result = await runCliInProcess(args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(
          folder === missing ? /does not exist/ : /not a Booster Capture data folder/,
        );
      }
    }
    await expect(fs.stat(missing)).rejects.toThrow();
    expect(await fs.readdir(notData)).toEqual([]);
  });

  it('resolves relative paths from where `npm run cli` was typed (INIT_CWD)', async () => {
    const dir = await tempDir();
    await writeRecords(dir, [sampleRecord(1)]);
    const env = { INIT_CWD: dir, npm_lifecycle_event: 'cli' };
    const enqueued = await runCliInProcess(['enqueue', '--data-dir', 'data', 'records.json'], { env });
    expect(enqueued.code, enqueued.stderr).toBe(0);
    expect(await statusOf(path.join(dir, 'data'))).toMatchObject({ pending: 1 });
    // Without npm, the working folder.
    const direct = await runCliInProcess(['status', '--data-dir', 'data'], { cwd: dir });
    expect(JSON.parse(direct.stdout)).toMatchObject({ pending: 1 });
  });

  it('refuses out-of-range numbers and unsafe Booster addresses before opening anything', async () => {
    const dir = await tempDir();
    await runCliInProcess(['enqueue', '--data-dir', dir, await writeRecords(dir, [sampleRecord(1)])]);
    const sync = (...args: string[]) => ['sync', '--data-dir', dir, '--api-key', 'k', ...args];
    const local = ['--booster-url', 'http://127.0.0.1:9'];
    const cases: [string[], RegExp][] = [
      [
        sync('--booster-url', 'ftp://booster.example'),
        /--booster-url: Booster address: must start with https/,
      ],
      [sync('--booster-url', 'file:///etc/passwd'), /--booster-url: .*https/],
      [sync('--booster-url', 'garbage'), /--booster-url: Booster address: enter/],
      [sync('--booster-url', 'http://booster.example'), /only for this computer/],
      [sync('--booster-url', 'https://me:secret@booster.example'), /user name or password/],
      [sync('--booster-url', 'https://booster.example/?key=1'), /'\?' or '#'/],
      [
        sync(...local, '--request-timeout-ms', '3000000000'),
        /--request-timeout-ms' must be a whole number from 1000 to 600000/,
      ],
      [sync(...local, '--request-timeout-ms', '10'), /--request-timeout-ms/],
      [sync(...local, '--concurrency', '17'), /--concurrency' must be a whole number from 1 to 16/],
      [sync(...local, '--concurrency', '0'), /--concurrency/],
      [sync(...local, '--max-wait-ms', '99999999999'), /--max-wait-ms/],
      [sync(...local, '--retry-cap-ms', '-5'), /--retry-cap-ms/],
      [['list', '--data-dir', dir, '--limit', '0'], /--limit/],
    ];
    for (const [args, message] of cases) {
      const result = await runCliInProcess(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    // Nothing was stored from a refused address.
    await expect(fs.stat(path.join(dir, 'environment.json'))).rejects.toThrow();
  });

  it('reports a stored environment.json that is not valid, naming the field, instead of using it', async () => {
    const dir = await tempDir();
    await runCliInProcess(['enqueue', '--data-dir', dir, await writeRecords(dir, [sampleRecord(1)])]);
    await fs.writeFile(
      path.join(dir, 'environment.json'),
      JSON.stringify({ baseUrl: 'ftp://booster.example', mode: 'apiKey' }),
    );
    const result = await runCliInProcess(['sync', '--data-dir', dir], { env: { BOOSTER_API_KEY: 'k' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /environment\.json' is not valid \(baseUrl: Booster address: must start with https/,
    );
  });

  it('writes environment.json 0600 with the address only', async () => {
    const dir = await tempDir();
    await runCliInProcess(['enqueue', '--data-dir', dir, await writeRecords(dir, [sampleRecord(1)])]);
    const sim = await startTestBoosterSimulator();
    cleanups.push(() => sim.close());
    const synced = await runCliInProcess([
      'sync',
      '--data-dir',
      dir,
      '--booster-url',
      sim.url,
      '--api-key',
      sim.apiKey,
    ]);
    expect(synced.code, synced.stderr).toBe(0);
    const file = path.join(dir, 'environment.json');
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toMatchObject({ baseUrl: sim.url, mode: 'apiKey' });
    if (process.platform !== 'win32') expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });
});
