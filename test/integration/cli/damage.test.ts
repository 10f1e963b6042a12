// Journal damage through the operator CLI: status and sync never report success over a damaged line, name
// the affected capture ids and where their bytes are kept, and stop complaining once a person acknowledged.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/core/tempDir';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { runCliInProcess } from './cliRunner';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Flips one byte inside the body of the journal line of `captureId` (its id stays readable). */
async function garbleLineOf(journal: string, captureId: string): Promise<void> {
  const bytes = await fs.readFile(journal);
  const lineStart = bytes.indexOf(Buffer.from(`"captureId":"${captureId}"`));
  expect(lineStart).toBeGreaterThan(0);
  const lineEnd = bytes.indexOf(0x0a, lineStart);
  const target = lineEnd - 5;
  bytes[target] = bytes[target] === 0x41 ? 0x42 : 0x41;
  await fs.writeFile(journal, bytes);
}

describe('damaged journal lines through the CLI', () => {
  it('status exits 6 naming the damaged client until acknowledge-damage; the bytes are kept', async () => {
    const dir = await makeTempDir();
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    const dataDir = path.join(dir, 'data');
    const ids = [newCaptureId(), newCaptureId(), newCaptureId()];
    const file = path.join(dir, 'records.json');
    await fs.writeFile(
      file,
      JSON.stringify(ids.map((captureId, index) => ({ ...sampleRecord(index), captureId }))),
    );
    const enqueued = await runCliInProcess(['enqueue', '--data-dir', dataDir, file]);
    expect(enqueued.code, enqueued.stderr).toBe(0);
    await garbleLineOf(path.join(dataDir, 'outbox.journal'), ids[1]!);

    const seen = await runCliInProcess(['status', '--data-dir', dataDir]);
    expect(seen.code).toBe(6);
    expect(JSON.parse(seen.stdout)).toMatchObject({ pending: 2, damaged: 1, damagedCaptureIds: [ids[1]] });
    expect(seen.stderr).toContain(ids[1]);
    expect(seen.stderr).toMatch(/acknowledge-damage/);

    const acknowledged = await runCliInProcess(['acknowledge-damage', '--data-dir', dataDir]);
    expect(acknowledged.code, acknowledged.stderr).toBe(0);
    expect(JSON.parse(acknowledged.stdout)).toEqual({ acknowledgedReports: 1, lines: 1, remaining: 0 });

    const after = await runCliInProcess(['status', '--data-dir', dataDir]);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ pending: 2, damaged: 0 });
    // The damaged client's bytes are still there for a person, beside the journal.
    const copies = (await fs.readdir(dataDir)).filter((name) =>
      /^outbox\.journal\.damaged-[^.]+$/.test(name),
    );
    expect(copies).toHaveLength(1);
    expect((await fs.readFile(path.join(dataDir, copies[0]!))).toString('utf8')).toContain(ids[1]);
  });

  it('acknowledge-damage needs no data key: IT can clear it where only the OS keychain holds the key', async () => {
    const dir = await makeTempDir();
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    const dataDir = path.join(dir, 'data');
    const ids = [newCaptureId(), newCaptureId()];
    const file = path.join(dir, 'records.json');
    await fs.writeFile(
      file,
      JSON.stringify(ids.map((captureId, index) => ({ ...sampleRecord(index), captureId }))),
    );
    // The folder's key comes from the environment here; the acknowledging run below has no key at all.
    const withKey = { BOOSTER_DATA_KEY: Buffer.alloc(32, 9).toString('base64') };
    const enqueued = await runCliInProcess(['enqueue', '--data-dir', dataDir, file], { env: withKey });
    expect(enqueued.code, enqueued.stderr).toBe(0);
    await garbleLineOf(path.join(dataDir, 'outbox.journal'), ids[0]!);

    const noKeyHome = path.join(dir, 'another-config-home');
    const withoutKey = {
      XDG_CONFIG_HOME: noKeyHome,
      BOOSTER_DATA_KEY_FILE: path.join(noKeyHome, 'none.key'),
    };
    const unreadable = await runCliInProcess(['status', '--data-dir', dataDir], { env: withoutKey });
    expect(unreadable.code).not.toBe(0);
    expect(unreadable.stderr).toMatch(/data key/i);

    const acknowledged = await runCliInProcess(['acknowledge-damage', '--data-dir', dataDir], {
      env: withoutKey,
    });
    expect(acknowledged.code, acknowledged.stderr).toBe(0);
    expect(JSON.parse(acknowledged.stdout)).toEqual({ acknowledgedReports: 1, lines: 1, remaining: 0 });
    // No key file was made for the folder by acknowledging it.
    await expect(fs.access(path.join(noKeyHome, 'none.key'))).rejects.toThrow();

    const after = await runCliInProcess(['status', '--data-dir', dataDir], { env: withKey });
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ pending: 1, damaged: 0 });
  });
});
