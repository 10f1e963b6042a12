// `cli enqueue` meets the country rules as the app does (the outbox's own validator): a client of China without
// the cross-border consent is refused with a line naming the country, the consent and the field, and the other
// records of the file are queued; a folder's consent-reference.json rules apply to the CLI too.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { makeTempDir } from '../../support/core/tempDir';
import { enqueueLines, runCliInProcess } from './cliRunner';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function enqueueFile(dataDir: string, records: Record<string, unknown>[]) {
  const file = `${dataDir}-records.json`;
  await fs.writeFile(file, JSON.stringify(records));
  cleanups.push(() => fs.rm(file, { force: true }));
  return runCliInProcess(['enqueue', '--data-dir', dataDir, file]);
}

async function dataFolder(): Promise<string> {
  const dataDir = await makeTempDir();
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  return dataDir;
}

describe('cli enqueue and the country rules', () => {
  it('refuses a client of China without the cross-border consent and queues the others', async () => {
    const dataDir = await dataFolder();
    const [refused, consenting, italian] = [newCaptureId(), newCaptureId(), newCaptureId()];
    const result = await enqueueFile(dataDir, [
      { ...sampleRecord(1, { countryId: 'cn' }), captureId: refused },
      { ...sampleRecord(2, { countryId: 'cn', allowStoreDataAbroad: true }), captureId: consenting },
      { ...sampleRecord(3), captureId: italian },
    ]);
    expect(result.code, result.stderr).toBe(1);
    const { records, summary } = enqueueLines(result.stdout);
    // Lines come as each record is settled: in index order here.
    const lines = [...records].sort((a, b) => a.index - b.index);
    expect(summary).toMatchObject({ records: 3, queued: 2, rejected: 1 });
    expect(lines[0]).toMatchObject({
      index: 0,
      captureId: refused,
      error: {
        code: 'invalidRecord',
        fields: [
          {
            path: 'allowStoreDataAbroad',
            code: 'consentRequiredForCountry',
            message: expect.stringMatching(/China.*\(allowStoreDataAbroad\)/),
          },
        ],
      },
    });
    expect(lines.slice(1, 3).map((line) => [line.captureId, line.state])).toEqual([
      [consenting, 'pending'],
      [italian, 'pending'],
    ]);
    expect(result.stderr).toMatch(/Record 0 was not queued: allowStoreDataAbroad: Clients from China/);
    const listed = JSON.parse((await runCliInProcess(['list', '--data-dir', dataDir])).stdout) as {
      items: { captureId: string }[];
    };
    expect(listed.items.map((item) => item.captureId).sort()).toEqual([consenting, italian].sort());
  });

  it("applies the folder's consent-reference.json rules", async () => {
    const dataDir = await dataFolder();
    await fs.writeFile(
      path.join(dataDir, 'consent-reference.json'),
      JSON.stringify({
        countryRules: [{ id: 'kr', countries: ['kr'], requiredConsents: ['dataSharingConsent'] }],
      }),
    );
    const result = await enqueueFile(dataDir, [{ ...sampleRecord(4, { countryId: 'kr' }) }]);
    expect(result.code, result.stderr).toBe(1);
    expect(enqueueLines(result.stdout).records[0]).toMatchObject({
      error: { fields: [{ path: 'dataSharingConsent', code: 'consentRequiredForCountry' }] },
    });
  });
});
