// `cli erase`: a data-subject request from the command line. An unsent client needs --confirm-unsent; once
// the command ends, nothing of the client is left in any file of the data folder (the erasure compaction
// runs before it closes), and the other clients are untouched.
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

/** Every file of the folder, raw, as one buffer. */
async function rawFolder(dir: string): Promise<Buffer> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
  return Buffer.concat(await Promise.all(files.map((file) => fs.readFile(file))));
}

const holds = async (dir: string, text: string) => (await rawFolder(dir)).includes(Buffer.from(text));

describe('cli erase', () => {
  it('erases an unsent client only with --confirm-unsent, and leaves nothing of it in the folder', async () => {
    const dataDir = await makeTempDir();
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const erased = { captureId: newCaptureId(), email: 'erase.me.qzx@example.com' };
    const kept = { captureId: newCaptureId(), email: 'keep.me.qzx@example.com' };
    const records = [erased, kept].map(({ captureId, email }, index) => ({
      ...sampleRecord(index, { emails: [{ email, isMainEmail: true }] }),
      captureId,
    }));
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}-records.json`);
    await fs.writeFile(file, JSON.stringify(records));
    cleanups.push(() => fs.rm(file, { force: true }));
    expect((await runCliInProcess(['enqueue', '--data-dir', dataDir, file])).code).toBe(0);
    // The capture id stays in clear metadata whatever the codec: a proof that holds with encryption too.
    expect(await holds(dataDir, erased.captureId)).toBe(true);

    const refused = await runCliInProcess(['erase', '--data-dir', dataDir, '--capture-id', erased.captureId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/never reach Booster.*--confirm-unsent/s);
    expect(await holds(dataDir, erased.captureId)).toBe(true);

    const done = await runCliInProcess([
      'erase',
      '--data-dir',
      dataDir,
      '--capture-id',
      erased.captureId,
      '--confirm-unsent',
    ]);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toEqual({ captureId: erased.captureId, erased: true });
    expect(await holds(dataDir, erased.captureId)).toBe(false);
    expect(await holds(dataDir, erased.email)).toBe(false);
    expect(await holds(dataDir, kept.captureId)).toBe(true);

    const listed = await runCliInProcess(['list', '--data-dir', dataDir]);
    const items = (JSON.parse(listed.stdout) as { items: { captureId: string }[] }).items;
    expect(items.map((item) => item.captureId)).toEqual([kept.captureId]);

    const again = await runCliInProcess(['erase', '--data-dir', dataDir, '--capture-id', erased.captureId]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ captureId: erased.captureId, erased: false });
    expect(again.stderr).toMatch(/already erased/);
  });

  it('refuses a capture id that is not one, and a folder that is not a data folder', async () => {
    const dataDir = await makeTempDir();
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const badId = await runCliInProcess(['erase', '--data-dir', dataDir, '--capture-id', 'Rossi']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/not a capture id/);
    const noFolder = await runCliInProcess(['erase', '--data-dir', dataDir, '--capture-id', newCaptureId()]);
    expect(noFolder.code).toBe(2);
  });
});
