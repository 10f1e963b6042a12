// `cli send-again` and `cli record-id`: the person's two decisions on a client Booster may already have, from
// the command line, after `cli sync` held it because its answers were lost; and `sync --ambiguous-limit`.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBoosterSimulator, type BoosterSimulator } from '../../support/booster-sim';
import { makeTempDir } from '../../support/core/tempDir';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { runCliInProcess } from './cliRunner';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function folderWith(count: number): Promise<{ dataDir: string; ids: string[] }> {
  const dataDir = await makeTempDir();
  cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  const ids = Array.from({ length: count }, () => newCaptureId());
  const file = path.join(dataDir, '..', `${path.basename(dataDir)}-records.json`);
  await fs.writeFile(
    file,
    JSON.stringify(ids.map((captureId, index) => ({ ...sampleRecord(index), captureId }))),
  );
  cleanups.push(() => fs.rm(file, { force: true }));
  const queued = await runCliInProcess(['enqueue', '--data-dir', dataDir, file]);
  expect(queued.code, queued.stderr).toBe(0);
  return { dataDir, ids };
}

async function simulatorLosingAnswers(): Promise<BoosterSimulator> {
  const sim = await startTestBoosterSimulator({ faults: { lostResponse: { count: 100 } } });
  cleanups.push(() => sim.close());
  return sim;
}

const sync = (dataDir: string, sim: BoosterSimulator, ...extra: string[]) =>
  runCliInProcess([
    'sync',
    '--data-dir',
    dataDir,
    '--booster-url',
    sim.url,
    '--api-key',
    sim.apiKey,
    '--max-wait-ms',
    '20000',
    ...extra,
  ]);

async function entry(dataDir: string, captureId: string) {
  const listed = await runCliInProcess(['list', '--data-dir', dataDir]);
  const { items } = JSON.parse(listed.stdout) as {
    items: { captureId: string; state: string; attentionReason?: string; boosterCustomerId?: number }[];
  };
  return items.find((item) => item.captureId === captureId);
}

describe('cli send-again and record-id', () => {
  it('a client held after 2 lost answers: send-again queues it, record-id marks it sent with the id', async () => {
    const sim = await simulatorLosingAnswers();
    const { dataDir, ids } = await folderWith(1);
    const captureId = ids[0]!;

    const first = await sync(dataDir, sim);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ counts: { needsAttention: 1, pending: 0 } });
    expect(sim.customers().filter((customer) => customer.idempotencyKey === captureId)).toHaveLength(2);
    expect(await entry(dataDir, captureId)).toMatchObject({
      state: 'needsAttention',
      attentionReason: 'mayAlreadyExist',
    });

    const again = await runCliInProcess(['send-again', '--data-dir', dataDir, captureId]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ captureId, state: 'pending', possibleDuplicate: true });
    expect(again.stderr).toMatch(/run cli sync/);

    const twice = await runCliInProcess(['send-again', '--data-dir', dataDir, captureId]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/already waiting to be sent/);

    const marked = await runCliInProcess(['record-id', '--data-dir', dataDir, captureId, '4711']);
    expect(marked.code, marked.stderr).toBe(0);
    expect(JSON.parse(marked.stdout)).toMatchObject({
      captureId,
      state: 'sent',
      boosterCustomerId: 4711,
      boosterIdRecordedByPerson: true,
    });

    // Sent by a person's word: a sync posts nothing more for it.
    const posts = sim.requests().filter((request) => request.idempotencyKey === captureId).length;
    const last = await sync(dataDir, sim);
    expect(last.code, last.stderr).toBe(0);
    expect(sim.requests().filter((request) => request.idempotencyKey === captureId)).toHaveLength(posts);

    const sentAlready = await runCliInProcess(['record-id', '--data-dir', dataDir, captureId, '4712']);
    expect(sentAlready.code).toBe(1);
    expect(sentAlready.stderr).toMatch(/already in Booster \(client id 4711\)/);
  });

  it('refuses bad input with the field named, and an id another client holds', async () => {
    const sim = await simulatorLosingAnswers();
    const { dataDir, ids } = await folderWith(2);
    expect((await sync(dataDir, sim)).code).toBe(0);
    const [a, b] = ids as [string, string];

    for (const bad of ['0', '12.5', 'abc', '99999999999999999999']) {
      const refused = await runCliInProcess(['record-id', '--data-dir', dataDir, a, bad]);
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toMatch(/^boosterCustomerId '/);
    }
    // A negative number reads as an option: bad usage too.
    expect((await runCliInProcess(['record-id', '--data-dir', dataDir, a, '-3'])).code).toBe(2);
    const missing = await runCliInProcess(['record-id', '--data-dir', dataDir, a]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/needs CAPTURE_ID BOOSTER_ID/);
    const notAnId = await runCliInProcess(['send-again', '--data-dir', dataDir, 'Rossi']);
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toMatch(/not a capture id/);
    const unknown = await runCliInProcess(['send-again', '--data-dir', dataDir, newCaptureId()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/was not found/);

    expect((await runCliInProcess(['record-id', '--data-dir', dataDir, a, '500'])).code).toBe(0);
    const taken = await runCliInProcess(['record-id', '--data-dir', dataDir, b, '500']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/500 is already recorded for another client/);
    expect(await entry(dataDir, b)).toMatchObject({ state: 'needsAttention' });
  });

  it('sync --ambiguous-limit 1 holds a client at its first lost answer; the flag is bounded', async () => {
    const sim = await simulatorLosingAnswers();
    const { dataDir, ids } = await folderWith(1);
    const done = await sync(dataDir, sim, '--ambiguous-limit', '1');
    expect(done.code, done.stderr).toBe(0);
    expect(sim.customers().filter((customer) => customer.idempotencyKey === ids[0])).toHaveLength(1);

    const tooMany = await sync(dataDir, sim, '--ambiguous-limit', '11');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/'--ambiguous-limit' must be a whole number from 1 to 10/);
    const both = await sync(dataDir, sim, '--ambiguous-limit', '2', '--idempotency-key');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either '--ambiguous-limit' or '--idempotency-key'/);
  });
});
