// The outbox on disk, as a thief of the laptop would read it: no personal value in clear, contact hashes
// that need the key, a missing key refused rather than papered over, and a rotation a crash cannot break.
import { createHash, createHmac } from 'node:crypto';
import { readFile, readdir, stat, writeFile, chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openLocalOutbox,
  openReadOnlyOutbox,
  type LocalOutboxServices,
} from '../../../electron/main/core/boosterServices';
import { normalizePhone } from '../../../electron/main/core/outbox/contacts';
import { FileOutboxStore } from '../../../electron/main/core/outbox/fileOutboxStore';
import { keyIdOfBody } from '../../../electron/main/core/outbox/payloadCodec';
import type { EntryMeta, StoredBody } from '../../../electron/main/core/outbox/types';
import {
  createMemoryKeySource,
  DataKeyMissingError,
  DataKeyMismatchError,
  keyIdOf,
  parseKeyMaterial,
  type KeySource,
} from '../../../electron/main/core/platform/dataKeys';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { FakeClock } from '../../support/core/fakeClock';
import { boosterRoutes, jsonResponse } from '../../support/core/fakeFetch';
import { createHarness, waitFor } from '../../support/core/servicesHarness';
import { body, meta } from '../../support/core/journalFixtures';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { makeTempDir } from '../../support/core/tempDir';

const unique = {
  lastName: 'Quintavallezzi',
  firstName: 'Ermenegilda',
  email: 'ermenegilda.q@secret-maison.example',
  phone: '347 987 6543',
  birthDate: '1979-11-23',
};
const uniqueRecord = (index = 0) =>
  sampleRecord(index, {
    lastName: `${unique.lastName}${index}`,
    firstName: unique.firstName,
    birthDate: unique.birthDate,
    emails: [{ email: unique.email, isMainEmail: true }],
    phones: [{ phone: unique.phone, countryPrefix: 'it', isMainPhone: true }],
  });
/** Every form a personal value could take in the file (the phone as typed and normalized). */
const clearValues = [
  unique.lastName,
  unique.firstName,
  unique.email,
  unique.phone,
  '3479876543',
  unique.birthDate,
];

const opened: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const services of opened.splice(0)) await services.stop();
});

async function openFolder(dataDir: string, keySource: KeySource, store?: FileOutboxStore) {
  const services = await openLocalOutbox({
    dataDir,
    clock: new FakeClock(),
    logger: createSilentLogger(),
    keySource,
    ...(store ? { store } : {}),
  });
  opened.push(services);
  return services;
}

async function close(services: LocalOutboxServices): Promise<void> {
  opened.splice(opened.indexOf(services), 1);
  await services.stop();
}

const journalOf = (dataDir: string) => readFile(path.join(dataDir, 'outbox.journal'), 'utf8');

/** Each journal line's meta and body, parsed as a reader of the raw file would. */
async function journalLines(dataDir: string): Promise<{ meta: EntryMeta; body?: StoredBody }[]> {
  return (await journalOf(dataDir))
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, metaJson, bodyJson] = line.split('\t') as [string, string, string];
      return {
        meta: JSON.parse(metaJson) as EntryMeta,
        body: JSON.parse(bodyJson) as StoredBody | undefined,
      };
    });
}

async function displayNames(services: LocalOutboxServices): Promise<string[]> {
  const { items } = await services.handlers.outbox.list({ limit: 500 });
  return items.map((item) => item.displayName).sort();
}

describe('the outbox at rest', () => {
  it('a client captured and sent through the services leaves no personal value in clear in the folder', async () => {
    const dataDir = await makeTempDir();
    const store = new FileOutboxStore(dataDir, { logger: createSilentLogger() });
    const harness = await createHarness({ store, dataDir });
    opened.push(harness.services);
    harness.net.respond(boosterRoutes(() => jsonResponse(200, { boosterCustomerId: 4242 })));
    await harness.services.handlers.auth.configure({
      mode: 'apiKey',
      baseUrl: 'https://booster.test',
      apiKey: 'secret-key',
    });
    await harness.services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: uniqueRecord() });
    await waitFor(async () => (await harness.services.handlers.sync.status(undefined)).counts.sent === 1);

    for (const name of await readdir(dataDir)) {
      const raw = await readFile(path.join(dataDir, name));
      for (const value of clearValues) expect(raw.includes(value), `${value} in ${name}`).toBe(false);
    }
  });

  it('writes no name, email, phone or birth date in clear, and opens again with the same key', async () => {
    const dataDir = await makeTempDir();
    const keySource = createMemoryKeySource();
    const services = await openFolder(dataDir, keySource);
    const captureId = newCaptureId();
    await services.handlers.outbox.enqueue({ captureId, record: uniqueRecord() });

    const raw = await readFile(path.join(dataDir, 'outbox.journal'));
    for (const value of clearValues) expect(raw.includes(value), value).toBe(false);
    const [line] = await journalLines(dataDir);
    expect(keyIdOfBody(line!.body!.personal)).toBeDefined();
    // What stays in clear is what the engine needs without the key.
    expect(Object.keys(line!.meta).sort()).toEqual(
      [
        'attemptCount',
        'captureId',
        'contactHashes',
        'enqueuedAt',
        'nextAttemptAt',
        'possibleDuplicate',
        'state',
        'updatedAt',
        'version',
      ].sort(),
    );

    await close(services);
    const again = await openFolder(dataDir, keySource);
    expect(await displayNames(again)).toEqual([`${unique.lastName}0, ${unique.firstName}`]);
  });

  it('keys the contact hashes: stable across restarts, different on another installation, not a plain hash', async () => {
    const dataDir = await makeTempDir();
    const keySource = createMemoryKeySource();
    const first = await openFolder(dataDir, keySource);
    const captureId = newCaptureId();
    await first.handlers.outbox.enqueue({ captureId, record: uniqueRecord() });
    const hashes = (await journalLines(dataDir))[0]!.meta.contactHashes;
    await close(first);

    const { contactKey } = parseKeyMaterial(keySource.value!, 'memory');
    const hmac = (text: string) =>
      createHmac('sha256', contactKey).update(text).digest('base64url').slice(0, 22);
    expect(hashes.sort()).toEqual(
      [hmac(`email\u0000${unique.email}`), hmac(`phone\u0000${normalizePhone('it', unique.phone)}`)].sort(),
    );
    // The salted SHA-256 of earlier versions, even with this very key as the salt, gives other values.
    const salted = (salt: string, text: string) =>
      createHash('sha256').update(`${salt}\u0000${text}`).digest('base64url').slice(0, 22);
    for (const hash of hashes) {
      expect(hash).not.toBe(salted(contactKey.toString('base64url'), `email\u0000${unique.email}`));
      expect(hash).not.toBe(salted('', `phone\u0000${normalizePhone('it', unique.phone)}`));
    }

    const second = await openFolder(dataDir, keySource);
    const query = { emails: [], phones: [{ countryPrefix: 'it', phone: '+39 347 987 6543' }] };
    expect((await second.handlers.outbox.findMatches(query)).matches.map((match) => match.captureId)).toEqual(
      [captureId],
    );
    await close(second);

    const otherDir = await makeTempDir();
    const elsewhere = await openFolder(otherDir, createMemoryKeySource());
    await elsewhere.handlers.outbox.enqueue({ captureId: newCaptureId(), record: uniqueRecord() });
    const otherHashes = (await journalLines(otherDir))[0]!.meta.contactHashes;
    expect(otherHashes.filter((hash) => hashes.includes(hash))).toEqual([]);
  });

  it('refuses an encrypted folder whose key is missing, and changes nothing', async () => {
    const dataDir = await makeTempDir();
    const services = await openFolder(dataDir, createMemoryKeySource());
    await services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: uniqueRecord() });
    await close(services);
    const before = await journalOf(dataDir);

    const empty = createMemoryKeySource();
    await expect(openFolder(dataDir, empty)).rejects.toThrow(DataKeyMissingError);
    await expect(openFolder(dataDir, empty)).rejects.toThrow(
      /^The data key for this folder is missing: memory/,
    );
    await expect(
      openReadOnlyOutbox({ dataDir, clock: new FakeClock(), logger: createSilentLogger(), keySource: empty }),
    ).rejects.toThrow(DataKeyMissingError);
    expect(empty.value).toBeUndefined();
    expect(await journalOf(dataDir)).toBe(before);

    // Another installation's key is refused the same way.
    const other = createMemoryKeySource();
    await openFolder(await makeTempDir(), other).then(close);
    await expect(openFolder(dataDir, other)).rejects.toThrow(DataKeyMismatchError);
    expect(await journalOf(dataDir)).toBe(before);
  });

  it('opens a folder an earlier version wrote in plain JSON, encrypts it at once, and re-keys its contact hashes', async () => {
    const dataDir = await makeTempDir();
    const old = new FileOutboxStore(dataDir, { logger: createSilentLogger() });
    await old.open();
    const ids = [newCaptureId(), newCaptureId()];
    const oldSalt = 'x'.repeat(43);
    const oldHash = createHash('sha256')
      .update(`${oldSalt}\u0000email\u0000${unique.email}`)
      .digest('base64url')
      .slice(0, 22);
    // An unsent entry with its record, and a sent one whose record is gone: both with salted hashes.
    const unsent = {
      ...body('Plainolda'),
      personal: JSON.stringify({ displayName: 'Plainolda', record: uniqueRecord() }),
    };
    await old.put(meta(ids[0]!, 1, { contactHashes: [oldHash] }), unsent);
    await old.put(
      meta(ids[1]!, 1, { state: 'sent', sentAt: new FakeClock().now(), contactHashes: [oldHash] }),
      body('Plainoldb'),
    );
    await old.close();
    await writeFile(path.join(dataDir, 'contact-salt.json'), JSON.stringify({ salt: oldSalt }));

    const services = await openFolder(dataDir, createMemoryKeySource());
    expect(await displayNames(services)).toEqual(['Plainolda', 'Plainoldb']);
    const latest = new Map((await journalLines(dataDir)).map((line) => [line.meta.captureId, line.body]));
    for (const id of ids) expect(keyIdOfBody(latest.get(id)!.personal)).toBeDefined();
    expect(await readdir(dataDir)).not.toContain('contact-salt.json');
    // The salted hashes are replaced by keyed ones where the record is still here, dropped where it is not.
    const metas = new Map((await journalLines(dataDir)).map((line) => [line.meta.captureId, line.meta]));
    expect(metas.get(ids[0]!)!.contactHashes).not.toContain(oldHash);
    expect(metas.get(ids[0]!)!.contactHashes).toHaveLength(2);
    expect(metas.get(ids[1]!)!.contactHashes).toEqual([]);
    const found = await services.handlers.outbox.findMatches({ emails: [unique.email], phones: [] });
    expect(found.matches.map((match) => match.captureId)).toEqual([ids[0]]);
  });

  it.skipIf(process.platform === 'win32')(
    'closes the data folder (0700) and every file in it (0600)',
    async () => {
      const dataDir = path.join(await makeTempDir(), 'data');
      await mkdir(dataDir, { mode: 0o755 });
      await writeFile(path.join(dataDir, 'environment.json'), '{}', { mode: 0o644 });
      await chmod(dataDir, 0o755);
      const services = await openFolder(dataDir, createMemoryKeySource());
      await services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: uniqueRecord() });
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      for (const name of await readdir(dataDir))
        expect((await stat(path.join(dataDir, name))).mode & 0o777, name).toBe(0o600);
    },
  );
});

/** A journal store whose nth write from now, or compaction, fails once: a crash between two steps of a rotation. */
class FailingStore extends FileOutboxStore {
  failPutsAfter = Number.POSITIVE_INFINITY;
  failCompact = false;
  override async put(entryMeta: EntryMeta, entryBody: StoredBody): Promise<void> {
    if (this.failPutsAfter-- === 0) throw new Error('simulated crash during the rewrite');
    return super.put(entryMeta, entryBody);
  }
  override async compact(): Promise<void> {
    if (this.failCompact) throw new Error('simulated crash before the compaction');
    return super.compact();
  }
}

/** A key source that fails its nth write from now (the keychain gone mid-rotation). */
function flakyKeySource() {
  const inner = createMemoryKeySource();
  const source = {
    inner,
    failWritesAfter: Number.POSITIVE_INFINITY,
    where: 'memory',
    read: () => inner.read(),
    async write(value: string) {
      if (source.failWritesAfter-- === 0) throw new Error('simulated crash while storing the key ring');
      await inner.write(value);
    },
  };
  return source;
}

describe('rotating the data key', () => {
  it('re-encrypts every entry, compacts, and keeps only the new key', async () => {
    const dataDir = await makeTempDir();
    const keySource = createMemoryKeySource();
    const services = await openFolder(dataDir, keySource);
    for (let index = 0; index < 3; index += 1)
      await services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: uniqueRecord(index) });
    const oldKeyId = keyIdOf(parseKeyMaterial(keySource.value!, 'memory').dataKeys[0]!);

    const { keyId, entries } = await services.rotateDataKey();
    expect(entries).toBe(3);
    expect(keyId).not.toBe(oldKeyId);
    const lines = await journalLines(dataDir);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(keyIdOfBody(line.body!.personal)).toBe(keyId);
    expect(parseKeyMaterial(keySource.value!, 'memory').dataKeys.map(keyIdOf)).toEqual([keyId]);
    await close(services);
    expect(await displayNames(await openFolder(dataDir, keySource))).toHaveLength(3);
  });

  type Crash = (store: FailingStore, keys: ReturnType<typeof flakyKeySource>) => void;
  const crashes: [string, Crash][] = [
    ['while storing the new key', (_store, keys) => void (keys.failWritesAfter = 0)],
    ['after the first entry was rewritten', (store) => void (store.failPutsAfter = 1)],
    ['after every entry was rewritten, before the compaction', (store) => void (store.failCompact = true)],
    ['after the compaction, while dropping the old key', (_store, keys) => void (keys.failWritesAfter = 1)],
  ];

  it.each(crashes)('leaves every entry readable after a crash %s', async (_when, crash) => {
    const dataDir = await makeTempDir();
    const keys = flakyKeySource();
    const store = new FailingStore(dataDir, { logger: createSilentLogger() });
    const services = await openFolder(dataDir, keys, store);
    for (let index = 0; index < 3; index += 1)
      await services.handlers.outbox.enqueue({ captureId: newCaptureId(), record: uniqueRecord(index) });
    const names = await displayNames(services);

    crash(store, keys);
    await expect(services.rotateDataKey()).rejects.toThrow(/simulated crash/);
    await close(services);

    // The next start reads every entry, whatever the ring and the journal hold now.
    const held = new Set(parseKeyMaterial(keys.inner.value!, 'memory').dataKeys.map(keyIdOf));
    for (const line of await journalLines(dataDir))
      expect(held.has(keyIdOfBody(line.body!.personal)!)).toBe(true);
    const reopened = await openFolder(dataDir, keys);
    expect(await displayNames(reopened)).toEqual(names);
    // And a rotation run again finishes the job.
    await reopened.rotateDataKey();
    const [current] = parseKeyMaterial(keys.inner.value!, 'memory').dataKeys.map(keyIdOf);
    expect(new Set((await journalLines(dataDir)).map((line) => keyIdOfBody(line.body!.personal)))).toEqual(
      new Set([current]),
    );
  });
});
