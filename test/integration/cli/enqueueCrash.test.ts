// `enqueue` interrupted mid-file (issue 7 item 4): by SIGKILL after observed progress, and by a full disk.
// Every record acknowledged on stdout is in the outbox, and running the same file again queues the rest
// and nothing twice.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/core/tempDir';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { enqueueLines, runCliInProcess, startCli, type EnqueueResultLine } from './cliRunner';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fileOfRecords(count: number): Promise<{ dir: string; file: string }> {
  const dir = await makeTempDir();
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  // Half with their own captureId, half left to the CLI's derived one.
  const records = Array.from({ length: count }, (_, index) =>
    index % 2 === 0 ? { ...sampleRecord(index), captureId: newCaptureId() } : sampleRecord(index),
  );
  const file = path.join(dir, 'records.json');
  await fs.writeFile(file, JSON.stringify(records));
  return { dir, file };
}

/** The complete result lines printed so far (a killed process may leave half a line). */
function acknowledged(stdout: string): EnqueueResultLine[] {
  return stdout
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as EnqueueResultLine & { summary?: unknown })
    .filter((line) => !line.summary && line.state !== undefined);
}

async function queuedIds(dataDir: string): Promise<string[]> {
  const listed = await runCliInProcess(['list', '--data-dir', dataDir, '--limit', '100000']);
  expect(listed.code, listed.stderr).toBe(0);
  return (JSON.parse(listed.stdout) as { items: { captureId: string }[] }).items.map(
    (item) => item.captureId,
  );
}

async function expectRerunCompletes(file: string, dataDir: string, records: number, before: number) {
  const rerun = await runCliInProcess(['enqueue', '--data-dir', dataDir, file]);
  expect(rerun.code, rerun.stderr).toBe(0);
  const { summary } = enqueueLines(rerun.stdout);
  expect(summary.alreadyQueued).toBe(before);
  expect(summary.queued).toBe(records - before);
  const ids = await queuedIds(dataDir);
  expect(ids).toHaveLength(records);
  expect(new Set(ids).size).toBe(records);
}

describe('enqueue interrupted mid-file', () => {
  it(
    'SIGKILL after observed progress: every acknowledged record is kept; a rerun queues nothing twice',
    { timeout: 120_000 },
    async () => {
      const records = 3_000;
      const { dir, file } = await fileOfRecords(records);
      const dataDir = path.join(dir, 'data');
      const run = startCli(['enqueue', '--data-dir', dataDir, file]);
      cleanups.push(() => run.kill());
      await run.waitForStdout((stdout) => stdout.split('\n').length > 500);
      run.child.kill('SIGKILL');
      const killed = await run.done;
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stdout).not.toContain('"summary"');

      const acked = acknowledged(killed.stdout);
      expect(acked.length).toBeGreaterThanOrEqual(500);
      const present = new Set(await queuedIds(dataDir));
      for (const line of acked) expect(present.has(line.captureId!), `record ${line.index}`).toBe(true);
      console.log(`enqueue SIGKILL: ${acked.length} acknowledged, ${present.size} on disk, of ${records}`);

      await expectRerunCompletes(file, dataDir, records, present.size);
    },
  );

  it.skipIf(process.platform === 'win32')(
    'a full disk: every record is reported, the summary is true, exit 5, and a rerun queues the rest',
    { timeout: 120_000 },
    async () => {
      const records = 2_000;
      const { dir, file } = await fileOfRecords(records);
      const dataDir = path.join(dir, 'data');
      // About 300 records fit below the limit.
      const run = startCli(['enqueue', '--data-dir', dataDir, file], {}, { fileSizeLimitKb: 300 });
      cleanups.push(() => run.kill());
      const result = await run.done;
      expect(result.code, result.stderr).toBe(5);
      const { records: lines, summary } = enqueueLines(result.stdout);
      expect(summary.queued).toBeGreaterThan(0);
      expect(summary.failed).toBeGreaterThan(0);
      expect(summary.queued + summary.failed + summary.notAttempted).toBe(records);
      expect(lines).toHaveLength(summary.queued + summary.failed);
      expect(lines.filter((line) => line.error?.code === 'storageFailed')).toHaveLength(summary.failed);
      expect(result.stderr).toMatch(/Stopped at record \d+/);
      expect(result.stderr).toMatch(/run the same command again/);

      const present = await queuedIds(dataDir);
      expect(present.sort()).toEqual(
        lines
          .filter((line) => line.state === 'pending')
          .map((line) => line.captureId)
          .sort(),
      );
      await expectRerunCompletes(file, dataDir, records, summary.queued);
    },
  );
});
