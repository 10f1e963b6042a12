// `cli receipt`, `cli export-rescue` and `cli import`: the event receipt from a data folder, and the unsent
// clients carried to another folder under a passphrase that is never an argument.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localDay } from '../../../electron/main/core/operations/receipt';
import { startTestBoosterSimulator } from '../../support/booster-sim';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { makeTempDir } from '../../support/core/tempDir';
import { projectRoot, runCliInProcess, testConfigHome } from './cliRunner';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const passphrase = 'rescue passphrase for the CLI';
const env = { BOOSTER_RESCUE_PASSPHRASE: passphrase };
const today = () => localDay(Date.now(), Intl.DateTimeFormat().resolvedOptions().timeZone);

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function enqueue(dataDir: string, records: Record<string, unknown>[]): Promise<void> {
  const file = `${dataDir}-records-${newCaptureId()}.json`;
  await fs.writeFile(file, JSON.stringify(records));
  cleanups.push(() => fs.rm(file, { force: true }));
  const result = await runCliInProcess(['enqueue', '--data-dir', dataDir, file]);
  expect(result.code, result.stderr).toBe(0);
}

/** A folder with two clients sent to the simulator and two unsent. */
async function folderWithSentAndUnsent() {
  const sim = await startTestBoosterSimulator();
  cleanups.push(() => sim.close());
  const dataDir = await tempDir();
  const sent = [newCaptureId(), newCaptureId()];
  const unsent = [newCaptureId(), newCaptureId()];
  await enqueue(
    dataDir,
    sent.map((captureId, index) => ({ ...sampleRecord(index), captureId })),
  );
  const synced = await runCliInProcess([
    'sync',
    '--data-dir',
    dataDir,
    '--booster-url',
    sim.url,
    '--api-key',
    sim.apiKey,
  ]);
  expect(synced.code, synced.stderr).toBe(0);
  await enqueue(
    dataDir,
    unsent.map((captureId, index) => ({ ...sampleRecord(10 + index), captureId })),
  );
  return { sim, dataDir, sent, unsent };
}

describe('cli receipt', () => {
  it('prints the rows of the event and writes the CSV', async () => {
    const { dataDir, sent, unsent } = await folderWithSentAndUnsent();
    const out = path.join(await tempDir(), 'receipt.csv');
    const result = await runCliInProcess([
      'receipt',
      '--data-dir',
      dataDir,
      '--pos',
      'ES100:102048',
      '--from',
      today(),
      '--to',
      today(),
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { rows } = JSON.parse(result.stdout) as {
      rows: { captureId: string; state: string; boosterCustomerId?: number }[];
    };
    expect(rows.map((row) => row.captureId).sort()).toEqual([...sent, ...unsent].sort());
    expect(rows.filter((row) => row.state === 'sent').every((row) => (row.boosterCustomerId ?? 0) > 0)).toBe(
      true,
    );
    const csv = await fs.readFile(out, 'utf8');
    expect(csv.startsWith('\uFEFFCaptured at (UTC),Client')).toBe(true);
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(5);
    // The consent columns come last: no evidence was recorded for clients queued by the CLI.
    for (const row of rows)
      expect(lines.some((line) => line.endsWith(`,${row.captureId},none,none,none,none,none,none`))).toBe(
        true,
      );

    const other = await runCliInProcess([
      'receipt',
      '--data-dir',
      dataDir,
      '--pos',
      'ES100:999999',
      '--from',
      today(),
      '--to',
      today(),
    ]);
    expect(JSON.parse(other.stdout)).toEqual({ rows: [] });
  });

  it('refuses a bad range naming the option, and a folder that is not one', async () => {
    const { dataDir } = await folderWithSentAndUnsent();
    const backwards = await runCliInProcess([
      'receipt',
      '--data-dir',
      dataDir,
      '--pos',
      'ES100:102048',
      '--from',
      '2026-12-02',
      '--to',
      '2026-12-01',
    ]);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/--to: the last day/);
    const badDate = await runCliInProcess([
      'receipt',
      '--data-dir',
      dataDir,
      '--pos',
      'X',
      '--from',
      '2026-02-30',
      '--to',
      '2026-03-01',
    ]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--from: give a calendar date/);
    const missing = await runCliInProcess([
      'receipt',
      '--data-dir',
      path.join(dataDir, 'nope'),
      '--pos',
      'X',
      '--from',
      today(),
      '--to',
      today(),
    ]);
    expect(missing.code).toBe(2);
  });
});

describe('cli export-rescue and import', () => {
  it('carries the unsent clients to another folder once, and refuses what it cannot read', async () => {
    const { dataDir, unsent } = await folderWithSentAndUnsent();
    const outDir = await tempDir();
    const file = path.join(outDir, 'rescue.boosterrescue');

    const noPassphrase = await runCliInProcess(['export-rescue', '--data-dir', dataDir, '--out', file]);
    expect(noPassphrase.code).toBe(2);
    expect(noPassphrase.stderr).toMatch(/passphrase: set BOOSTER_RESCUE_PASSPHRASE/);
    const short = await runCliInProcess(['export-rescue', '--data-dir', dataDir, '--out', file], {
      env: { BOOSTER_RESCUE_PASSPHRASE: 'short' },
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/passphrase: use at least 12 characters/);

    const exported = await runCliInProcess(['export-rescue', '--data-dir', dataDir, '--out', file], { env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ file, count: 2, unreadable: 0 });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const again = await runCliInProcess(['export-rescue', '--data-dir', dataDir, '--out', file], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);

    const target = path.join(await tempDir(), 'laptop-b');
    const wrong = await runCliInProcess(['import', '--data-dir', target, file], {
      env: { BOOSTER_RESCUE_PASSPHRASE: 'the wrong passphrase' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/passphrase: this is not the passphrase/);
    const garbage = path.join(outDir, 'garbage.bin');
    await fs.writeFile(garbage, 'not a rescue file at all');
    const notRescue = await runCliInProcess(['import', '--data-dir', target, garbage], { env });
    expect(notRescue.code).toBe(2);
    expect(notRescue.stderr).toMatch(/not a Booster Capture rescue file/);

    const imported = await runCliInProcess(['import', '--data-dir', target, file], { env });
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      inFile: 2,
      imported: 2,
      alreadyPresent: 0,
      refused: [],
    });
    const twice = await runCliInProcess(['import', '--data-dir', target, file], { env });
    expect(JSON.parse(twice.stdout)).toMatchObject({ imported: 0, alreadyPresent: 2 });
    const listed = await runCliInProcess(['list', '--data-dir', target]);
    const { items } = JSON.parse(listed.stdout) as { items: { captureId: string; state: string }[] };
    expect(items.map((item) => item.captureId).sort()).toEqual([...unsent].sort());
    expect(items.every((item) => item.state === 'pending')).toBe(true);
  });

  it('reads the passphrase from the first line of stdin, never from an argument', async () => {
    const { dataDir } = await folderWithSentAndUnsent();
    const file = path.join(await tempDir(), 'from-stdin.boosterrescue');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tools/cli/main.ts', 'export-rescue', '--data-dir', dataDir, '--out', file],
      {
        cwd: projectRoot,
        env: { ...process.env, XDG_CONFIG_HOME: testConfigHome, BOOSTER_RESCUE_PASSPHRASE: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await code;
    });
    child.stdin.end(`${passphrase}\n`);
    expect(await code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ count: 2 });
    const imported = await runCliInProcess(['import', '--data-dir', path.join(await tempDir(), 'b'), file], {
      env,
    });
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 2 });
  });
});
