// The CLI's data key: a 0600 key file outside the data folder created on first use (one warning), or
// BOOSTER_DATA_KEY; an encrypted folder without its key is refused with a clear message; rotate-key.
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

async function folderWithRecord(lastName: string) {
  const root = await makeTempDir();
  cleanups.push(() => fs.rm(root, { recursive: true, force: true }));
  const dataDir = path.join(root, 'data');
  const records = path.join(root, 'records.json');
  await fs.writeFile(
    records,
    JSON.stringify([{ ...sampleRecord(0, { lastName }), captureId: newCaptureId() }]),
  );
  return { root, dataDir, records, keyFile: path.join(root, 'keys', 'data.key') };
}

describe('cli data keys', () => {
  it('creates the key file once (0600, one warning), refuses the folder without it, and rotates', async () => {
    const { dataDir, records, keyFile } = await folderWithRecord('Keyfilovich');
    const env = { BOOSTER_DATA_KEY_FILE: keyFile };
    const enqueued = await runCliInProcess(['enqueue', '--data-dir', dataDir, records], { env });
    expect(enqueued.code).toBe(0);
    expect(enqueued.stderr.match(/weaker than the OS keychain/g)).toHaveLength(1);
    if (process.platform !== 'win32') expect((await fs.stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await fs.readFile(path.join(dataDir, 'outbox.journal'))).includes('Keyfilovich')).toBe(false);

    const listed = await runCliInProcess(['list', '--data-dir', dataDir], { env });
    expect(listed.stdout).toContain('Keyfilovich');
    expect(listed.stderr).not.toMatch(/keychain/);

    const journal = await fs.readFile(path.join(dataDir, 'outbox.journal'));
    const withoutKey = await runCliInProcess(['list', '--data-dir', dataDir], {
      env: { BOOSTER_DATA_KEY_FILE: `${keyFile}.gone` },
    });
    expect(withoutKey.code).toBe(1);
    expect(withoutKey.stderr).toMatch(
      /^The data key for this folder is missing: the key file .*data\.key\.gone/,
    );
    await expect(fs.stat(`${keyFile}.gone`)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fs.readFile(path.join(dataDir, 'outbox.journal'))).toEqual(journal);

    const rotated = await runCliInProcess(['rotate-key', '--data-dir', dataDir], { env });
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout)).toEqual({ rotated: { keyId: expect.any(String), entries: 1 } });
    expect((await runCliInProcess(['list', '--data-dir', dataDir], { env })).stdout).toContain('Keyfilovich');
  });

  it('uses BOOSTER_DATA_KEY without writing a key anywhere, and cannot rotate it', async () => {
    const { root, dataDir, records } = await folderWithRecord('Envkeyson');
    const env = {
      BOOSTER_DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
      XDG_CONFIG_HOME: path.join(root, 'cfg'),
    };
    expect((await runCliInProcess(['enqueue', '--data-dir', dataDir, records], { env })).stderr).not.toMatch(
      /keychain/,
    );
    expect((await runCliInProcess(['list', '--data-dir', dataDir], { env })).stdout).toContain('Envkeyson');
    await expect(fs.stat(path.join(root, 'cfg'))).rejects.toMatchObject({ code: 'ENOENT' });
    const rotated = await runCliInProcess(['rotate-key', '--data-dir', dataDir], { env });
    expect(rotated.code).toBe(1);
    expect(rotated.stderr).toMatch(/BOOSTER_DATA_KEY, which cannot be changed from here/);
  });
});
