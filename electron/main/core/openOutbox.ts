// Opens the outbox of a data folder, either holding its lock (interrupted sends recovered, old sent
// entries pruned) or read-only (no lock, nothing written: the status of a folder another process owns).
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ConsentCatalogue } from '../../../shared/consent/catalogue';
import { loadConsentCatalogue } from './consent/consentReference';
import { createCustomerValidator } from './createCustomerValidator';
import { rotateDataKey, type RotationResult } from './dataKeyRotation';
import { tightenDataFolder } from './platform/dataFolderPermissions';
import { createMemoryKeySource, openDataKeys, type DataKeys, type KeySource } from './platform/dataKeys';
import { createContactHasher } from './outbox/contacts';
import { erasureDelayOf } from './outbox/erasureSchedule';
import { FileOutboxStore } from './outbox/fileOutboxStore';
import { Outbox, type RecordValidator } from './outbox/outbox';
import { createEncryptingCodec, keyIdOfBody } from './outbox/payloadCodec';
import type { DamageReport, OutboxStore } from './outbox/store';
import type { Clock } from './platform/clock';
import { acquireDataDirLock, type DataDirLock } from './platform/dataDirLock';
import type { Logger } from './platform/logger';
import { DEFAULT_SENT_RETENTION_DAYS, pruneSent } from './pruningSchedule';

export interface OutboxDeps {
  /** Everything durable lives below it. */
  dataDir: string;
  clock: Clock;
  /** Never receives secrets or personal data. */
  logger: Logger;
  /** Replaces the journal on disk (unit tests use an in-memory store). */
  store?: OutboxStore;
  /** Where this installation's data keys are sealed (Electron: safeStorage; CLI and web host: BOOSTER_DATA_KEY
   *  or a 0600 key file outside the folder). Default: in memory, for tests (a restart would not read the data). */
  keySource?: KeySource;
  /** Told once when a key is created somewhere weaker than the OS keychain (a key file). */
  warn?: (message: string) => void;
  settings?: {
    /** Sent entries are deleted after this many days (default 30). Nothing unsent is ever deleted. */
    sentRetentionDays?: number;
    /** After a client's data is left in old journal lines (sent, discarded, erased, trimmed, corrected),
     *  the journal is rewritten within this delay (default 60 s, at most 5 minutes). */
    erasureDelayMs?: number;
  };
}

export interface OpenOutbox {
  readonly outbox: Outbox;
  /** Monotonic readings of this open are comparable with each other, not with another run's. */
  readonly monotonicEpoch: string;
  readonly retentionDays: number;
  /** The installation's keys (the draft key goes to the renderer for the session). */
  readonly dataKeys: DataKeys;
  /** The folder's consent texts and country rules (consent-reference.json over the shipped ones). */
  readonly consentCatalogue: ConsentCatalogue;
  /** The outbox's check of a record, country rules included: the rescue import checks with it too. */
  readonly validate: RecordValidator;
  damage(): DamageReport;
  /** A person has seen the reported damage (the damaged bytes stay on disk); returns how many reports. */
  acknowledgeDamage(): Promise<number>;
  /** Re-encrypts every entry under a new data key, crash-safe (dataKeyRotation.ts); writable opens only. */
  rotateDataKey(): Promise<RotationResult>;
  /** Closes the outbox (writes in flight finish), then releases the lock. */
  close(): Promise<void>;
}

export async function openOutbox(deps: OutboxDeps, access: 'readWrite' | 'readOnly'): Promise<OpenOutbox> {
  const { dataDir, clock, logger } = deps;
  let lock: DataDirLock | undefined;
  if (access === 'readWrite') {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    // Folders and files written by earlier versions (0755/0644) are closed to other users too.
    await tightenDataFolder(dataDir);
    lock = await acquireDataDirLock(dataDir);
  }
  // The store proves before every flush that the data folder's lock is still ours.
  const store =
    deps.store ??
    new FileOutboxStore(dataDir, {
      logger,
      ...(lock ? { lock } : { readOnly: true }),
    });
  const monotonicEpoch = randomUUID();
  const retentionDays = deps.settings?.sentRetentionDays ?? DEFAULT_SENT_RETENTION_DAYS;
  // The codec and the hasher are needed only once the keys are open, just after the store's metadata loads.
  let keys: DataKeys | undefined;
  const keysNow = (): DataKeys => {
    if (!keys) throw new Error('outbox: data keys used before they were opened');
    return keys;
  };
  try {
    // Every way a client is queued (page, CLI, rescue import) meets the folder's country rules here.
    const consentCatalogue = await loadConsentCatalogue(dataDir, logger);
    const validate = createCustomerValidator(consentCatalogue.countryRules);
    const outbox = new Outbox({
      store,
      codec: createEncryptingCodec({ current: () => keysNow().current(), byId: (id) => keysNow().byId(id) }),
      clock,
      logger,
      hashContact: (kind, normalized) => createContactHasher(keysNow().contactKey)(kind, normalized),
      validate,
      monotonicEpoch,
      ...(access === 'readWrite' ? { erasureDelayMs: erasureDelayOf(deps.settings?.erasureDelayMs) } : {}),
    });
    await outbox.open();
    const opened = await openDataKeys(deps.keySource ?? createMemoryKeySource(), {
      access,
      someEncryptedKeyId: () => someEncryptedKeyId(store),
      ...(deps.warn ? { warn: deps.warn } : {}),
    });
    keys = opened.keys;
    if (access === 'readWrite') {
      // A folder of an earlier version (plain JSON, a salt file) is encrypted at once, not entry by entry,
      // whether its key was just made or given (BOOSTER_DATA_KEY). The salt file goes only once every body
      // is rewritten: a run stopped half-way starts over at the next open.
      const saltFile = path.join(dataDir, 'contact-salt.json');
      const earlierVersion = (await fileExists(saltFile)) || (await firstBodyIsPlain(store));
      if ((opened.created || earlierVersion) && store.size > 0)
        await outbox.reencodeAll({ rehashContacts: true });
      await fs.rm(saltFile, { force: true });
      await outbox.recoverInterrupted();
      await pruneSent({ outbox, clock, logger, retentionDays });
      // A run that stopped (or crashed) before its erasure compaction leaves old snapshots: erase them now.
      outbox.requestErasure();
    }
    let rotation: Promise<unknown> = Promise.resolve();
    return {
      outbox,
      monotonicEpoch,
      retentionDays,
      dataKeys: keys,
      consentCatalogue,
      validate,
      rotateDataKey() {
        if (access === 'readOnly')
          return Promise.reject(new Error('outbox: a read-only open cannot rotate the data key'));
        // One rotation at a time: a second waits for the first, then makes its own new key.
        const next = rotation.then(() => rotateDataKey({ keys: keysNow(), outbox, store, logger }));
        rotation = next.catch(() => undefined);
        return next;
      },
      damage: () => store.damage(),
      async acknowledgeDamage() {
        const acknowledged = await store.acknowledgeDamage();
        if (acknowledged > 0) logger.info('outbox: journal damage acknowledged', { reports: acknowledged });
        return acknowledged;
      },
      // The outbox lets the writes in flight finish before it closes the store.
      close: () => outbox.close().finally(() => lock?.release()),
    };
  } catch (error) {
    await store.close().catch(() => undefined);
    await lock?.release();
    throw error;
  }
}

async function fileExists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** Whether the first body of the journal is plain JSON, as versions before encryption at rest wrote it. */
async function firstBodyIsPlain(store: OutboxStore): Promise<boolean> {
  for (const { captureId } of store.metas()) {
    const body = await store.readBody(captureId);
    if (body) return keyIdOfBody(body.personal) === undefined;
  }
  return false;
}

/** The key id of the first encrypted body found, if any: a folder with one holds data a missing key loses. */
async function someEncryptedKeyId(store: OutboxStore): Promise<string | undefined> {
  for (const { captureId } of [...store.metas()]) {
    const body = await store.readBody(captureId);
    const keyId = body && keyIdOfBody(body.personal);
    if (keyId !== undefined) return keyId;
  }
  return undefined;
}
