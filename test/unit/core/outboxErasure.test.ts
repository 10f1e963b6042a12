// Erasure that erases, on real files: after each operation that leaves a client in old journal lines (sent,
// discarded, erased, trimmed by retention, replaced by a corrected version), the journal is rewritten within
// the erasure delay and no byte of that client's personal data is left in the data folder; the other
// clients are intact. Two proofs: the client's unique name and email are searched in the raw files (the
// codec here is plain JSON, so they would be found if any copy were left), and the lines naming the
// capture id are counted (ids stay in clear meta whatever the codec, so this proof holds with encryption).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateCreateCustomer } from '../../../electron/main/core/createCustomerValidator';
import { createContactHasher } from '../../../electron/main/core/outbox/contacts';
import { FileOutboxStore } from '../../../electron/main/core/outbox/fileOutboxStore';
import { Outbox, type AttemptResult } from '../../../electron/main/core/outbox/outbox';
import { plainJsonCodec } from '../../../electron/main/core/outbox/payloadCodec';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { FakeClock } from '../../support/core/fakeClock';
import { MemoryOutboxStore } from '../../support/core/memoryOutboxStore';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { makeTempDir } from '../../support/core/tempDir';
import { waitUntil } from '../../support/waitUntil';

const ERASURE_DELAY_MS = 60_000;
const DAY_MS = 86_400_000;
const attempt = { startedAt: 0, finishedAt: 1, outcome: 'x' };
const sendAsIs = (job: { record: Record<string, unknown>; capture: never }) => ({
  kind: 'send' as const,
  record: job.record,
  capture: job.capture,
});

const opened: Outbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((outbox) => outbox.close()));
});

/** A client whose name and email appear nowhere else. */
function uniqueClient() {
  // Letters only: names with digits are not valid.
  const tag = newCaptureId()
    .replace(/-/g, '')
    .slice(0, 10)
    .replace(/\d/g, (digit) => String.fromCharCode(103 + Number(digit)));
  const lastName = `Zeta${tag}`;
  const email = `erase.${tag}@example.com`;
  const record = sampleRecord(0, { lastName, emails: [{ email, isMainEmail: true }] });
  return { captureId: newCaptureId(), lastName, email, record };
}

async function openOn(dataDir: string, clock: FakeClock): Promise<Outbox> {
  const outbox = new Outbox({
    store: new FileOutboxStore(dataDir, { logger: createSilentLogger() }),
    codec: plainJsonCodec,
    clock,
    logger: createSilentLogger(),
    hashContact: createContactHasher(new Uint8Array(32).fill(7)),
    validate: validateCreateCustomer,
    monotonicEpoch: 'run-1',
    erasureDelayMs: ERASURE_DELAY_MS,
  });
  await outbox.open();
  opened.push(outbox);
  return outbox;
}

/** Every file of the data folder, raw (a compaction's copy may be renamed away while it is listed). */
async function rawFiles(dataDir: string): Promise<Buffer> {
  const names = await readdir(dataDir, { recursive: true, withFileTypes: true });
  const files = names
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
  const contents = await Promise.all(
    files.map((file) =>
      readFile(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return Buffer.alloc(0);
        throw error;
      }),
    ),
  );
  return Buffer.concat(contents);
}

async function holds(dataDir: string, text: string): Promise<boolean> {
  return (await rawFiles(dataDir)).includes(Buffer.from(text, 'utf8'));
}

async function linesNaming(dataDir: string, captureId: string): Promise<number> {
  const journal = await readFile(path.join(dataDir, 'outbox.journal'), 'utf8');
  return journal.split('\n').filter((line) => line.includes(captureId)).length;
}

async function toAttention(outbox: Outbox, clock: FakeClock, captureId: string): Promise<void> {
  outbox.takeDue(clock.now(), 1_000);
  await outbox.beginAttempt(captureId, sendAsIs as never);
  const rejected: AttemptResult = { kind: 'attention', reason: 'rejected', message: 'no', attempt };
  await outbox.finishAttempt(captureId, rejected);
}

async function toSent(outbox: Outbox, clock: FakeClock, captureId: string, boosterId: number) {
  outbox.takeDue(clock.now(), 1_000);
  await outbox.beginAttempt(captureId, sendAsIs as never);
  await outbox.finishAttempt(captureId, { kind: 'sent', boosterCustomerId: boosterId, attempt });
}

/** Before the delay the client is still on disk (so the search can find it); after, nothing is. */
async function expectErasedAfterDelay(
  dataDir: string,
  clock: FakeClock,
  client: ReturnType<typeof uniqueClient>,
  { keepsName = false } = {},
): Promise<void> {
  expect(await holds(dataDir, client.email)).toBe(true);
  clock.advance(ERASURE_DELAY_MS);
  await waitUntil(async () => !(await holds(dataDir, client.email)), 'the email gone from the data folder');
  expect(await holds(dataDir, client.lastName)).toBe(keepsName);
  expect(await linesNaming(dataDir, client.captureId)).toBe(keepsName ? 1 : 0);
}

async function setUp() {
  const dataDir = await makeTempDir();
  const clock = new FakeClock();
  const outbox = await openOn(dataDir, clock);
  const client = uniqueClient();
  const other = uniqueClient();
  await outbox.enqueue(client.captureId, client.record);
  await outbox.enqueue(other.captureId, other.record);
  return { dataDir, clock, outbox, client, other };
}

/** The other client is whole: readable after a restart, with its email on disk. */
async function expectIntact(dataDir: string, clock: FakeClock, other: ReturnType<typeof uniqueClient>) {
  expect(await holds(dataDir, other.email)).toBe(true);
  const reopened = await openOn(dataDir, clock);
  const { items } = await reopened.list({ limit: 100 });
  expect(items.map((item) => item.captureId)).toContain(other.captureId);
}

describe('erasure that erases (real journal files)', () => {
  it('sent: the full record in the pending and sending snapshots is gone; the name stays for staff', async () => {
    const { dataDir, clock, outbox, client, other } = await setUp();
    await toSent(outbox, clock, client.captureId, 41);
    await expectErasedAfterDelay(dataDir, clock, client, { keepsName: true });
    await outbox.close();
    await expectIntact(dataDir, clock, other);
  });

  it('discarded: nothing of the client is left', async () => {
    const { dataDir, clock, outbox, client, other } = await setUp();
    await toAttention(outbox, clock, client.captureId);
    await outbox.discard(client.captureId);
    await expectErasedAfterDelay(dataDir, clock, client);
    await outbox.close();
    await expectIntact(dataDir, clock, other);
  });

  it('erased while pending (confirmed): nothing is left, and no duplicate warning remembers it', async () => {
    const { dataDir, clock, outbox, client, other } = await setUp();
    const query = { emails: [client.email], phones: [] };
    expect(await outbox.findMatches(query)).toHaveLength(1);
    expect(await outbox.erase(client.captureId, { confirmUnsent: true })).toBe(true);
    expect(await outbox.findMatches(query)).toEqual([]);
    await expectErasedAfterDelay(dataDir, clock, client);
    await outbox.close();
    await expectIntact(dataDir, clock, other);
  });

  it('erased once sent: nothing is left, not even the name, and its Booster id is free again', async () => {
    const { dataDir, clock, outbox, client, other } = await setUp();
    await toSent(outbox, clock, client.captureId, 42);
    expect(await outbox.erase(client.captureId)).toBe(true);
    await expectErasedAfterDelay(dataDir, clock, client);
    // Another client answered with the same id is not held as suspicious: the erased one is forgotten.
    await toSent(outbox, clock, other.captureId, 42);
    expect(outbox.stateCounts()).toMatchObject({ sent: 1, needsAttention: 0 });
  });

  it('trimmed by retention: nothing is left; the unsent client is never trimmed', async () => {
    const { dataDir, clock, outbox, client, other } = await setUp();
    await toSent(outbox, clock, client.captureId, 43);
    clock.advance(ERASURE_DELAY_MS);
    await waitUntil(async () => (await linesNaming(dataDir, client.captureId)) === 1, 'the sent compaction');
    clock.advance(31 * DAY_MS);
    expect(await outbox.pruneSent(clock.now() - 30 * DAY_MS)).toBe(1);
    clock.advance(ERASURE_DELAY_MS);
    await waitUntil(async () => (await linesNaming(dataDir, client.captureId)) === 0, 'the trim compaction');
    expect(await holds(dataDir, client.lastName)).toBe(false);
    await outbox.close();
    await expectIntact(dataDir, clock, other);
  });

  it('replaced by a corrected version: the old email is gone, the new one kept', async () => {
    const { dataDir, clock, outbox, client } = await setUp();
    await toAttention(outbox, clock, client.captureId);
    const correctedEmail = client.email.replace('erase.', 'fixed.').replace('.com', '.org');
    await outbox.enqueue(client.captureId, {
      ...client.record,
      emails: [{ email: correctedEmail, isMainEmail: true }],
    });
    expect(await holds(dataDir, client.email)).toBe(true);
    clock.advance(ERASURE_DELAY_MS);
    await waitUntil(
      async () => !(await holds(dataDir, client.email)),
      'the old email gone from the data folder',
    );
    expect(await holds(dataDir, correctedEmail)).toBe(true);
    expect(await linesNaming(dataDir, client.captureId)).toBe(1);
  });

  it('a stop before the delay runs the pending erasure; the next open erases what a crash left', async () => {
    const { dataDir, clock, outbox, client } = await setUp();
    await toAttention(outbox, clock, client.captureId);
    await outbox.discard(client.captureId);
    await outbox.close();
    expect(await holds(dataDir, client.email)).toBe(false);

    // A crash before the compaction (here: dead lines written by a store with no schedule), then a restart.
    const crashed = uniqueClient();
    const store = new FileOutboxStore(dataDir, { logger: createSilentLogger() });
    const bare = new Outbox({
      store,
      codec: plainJsonCodec,
      clock,
      logger: createSilentLogger(),
      hashContact: createContactHasher(new Uint8Array(32)),
      validate: validateCreateCustomer,
      monotonicEpoch: 'run-0',
    });
    await bare.open();
    await bare.enqueue(crashed.captureId, crashed.record);
    await toAttention(bare, clock, crashed.captureId);
    await bare.discard(crashed.captureId);
    await bare.close();
    expect(await holds(dataDir, crashed.email)).toBe(true);
    const reopened = await openOn(dataDir, clock);
    reopened.requestErasure();
    clock.advance(ERASURE_DELAY_MS);
    await waitUntil(
      async () => !(await holds(dataDir, crashed.email)),
      'the leftover erased after a restart',
    );
  });

  it('a compaction cut short by a crash loses nothing, and its partial copy is removed at the next open', async () => {
    const { dataDir, clock, outbox, client, other } = await setUp();
    await outbox.close();
    // What a kill between writing the copy and renaming it leaves: the journal whole, a stray copy beside it.
    await writeFile(path.join(dataDir, 'outbox.journal.compact'), `garbled ${client.email}`);
    const reopened = await openOn(dataDir, clock);
    const { items } = await reopened.list({ limit: 100 });
    expect(items.map((item) => item.captureId).sort()).toEqual([client.captureId, other.captureId].sort());
    expect((await readdir(dataDir)).filter((name) => name.endsWith('.compact'))).toEqual([]);
  });
});

describe('erase on request: what is refused, and why', () => {
  async function memoryOutbox() {
    const clock = new FakeClock();
    const store = new MemoryOutboxStore();
    const outbox = new Outbox({
      store,
      codec: plainJsonCodec,
      clock,
      logger: createSilentLogger(),
      hashContact: createContactHasher(new Uint8Array(32)),
      validate: validateCreateCustomer,
      monotonicEpoch: 'run-1',
      erasureDelayMs: ERASURE_DELAY_MS,
    });
    await outbox.open();
    opened.push(outbox);
    return { outbox, clock, store };
  }

  it('an unsent client only with confirmation, saying it will never reach Booster', async () => {
    const { outbox } = await memoryOutbox();
    const client = uniqueClient();
    await outbox.enqueue(client.captureId, client.record);
    await expect(outbox.erase(client.captureId)).rejects.toMatchObject({
      code: 'invalidRequest',
      message: expect.stringMatching(/never reach Booster/),
      fields: [expect.objectContaining({ path: 'confirmUnsent' })],
    });
    expect(outbox.size).toBe(1);
    expect(await outbox.erase(client.captureId, { confirmUnsent: true })).toBe(true);
    expect(outbox.size).toBe(0);
  });

  it('not while it is being sent: the answer must be written first', async () => {
    const { outbox, clock } = await memoryOutbox();
    const client = uniqueClient();
    await outbox.enqueue(client.captureId, client.record);
    outbox.takeDue(clock.now(), 1);
    await outbox.beginAttempt(client.captureId, sendAsIs as never);
    await expect(outbox.erase(client.captureId, { confirmUnsent: true })).rejects.toMatchObject({
      code: 'notEditable',
      message: expect.stringMatching(/being sent.*Wait for its answer/),
    });
    expect(outbox.stateCounts()).toMatchObject({ sending: 1 });
  });

  it('a client no longer here answers false; the store is compacted once for many erasures', async () => {
    const { outbox, clock, store } = await memoryOutbox();
    expect(await outbox.erase(newCaptureId())).toBe(false);
    for (let index = 0; index < 5; index += 1) {
      const client = uniqueClient();
      await outbox.enqueue(client.captureId, client.record);
      await outbox.erase(client.captureId, { confirmUnsent: true });
    }
    clock.advance(ERASURE_DELAY_MS);
    await waitUntil(() => store.compactions === 1, 'one compaction');
    clock.advance(10 * ERASURE_DELAY_MS);
    expect(store.compactions).toBe(1);
  });
});
