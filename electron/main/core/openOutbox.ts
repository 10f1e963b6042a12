// Opens the outbox of a data folder, either holding its lock (interrupted sends recovered, old sent
// entries pruned) or read-only (no lock, nothing written: the status of a folder another process owns).
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { loadContactSalt } from './contactSalt';
import { validateCreateCustomer } from './createCustomerValidator';
import { createContactHasher } from './outbox/contacts';
import { FileOutboxStore } from './outbox/fileOutboxStore';
import { Outbox } from './outbox/outbox';
import { plainJsonCodec, type PayloadCodec } from './outbox/payloadCodec';
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
  /** The hook for encrypting personal data at rest. */
  payloadCodec?: PayloadCodec;
  settings?: {
    /** Sent entries are deleted after this many days (default 30). Nothing unsent is ever deleted. */
    sentRetentionDays?: number;
  };
}

export interface OpenOutbox {
  readonly outbox: Outbox;
  /** Monotonic readings of this open are comparable with each other, not with another run's. */
  readonly monotonicEpoch: string;
  readonly retentionDays: number;
  damage(): DamageReport;
  /** A person has seen the reported damage (the damaged bytes stay on disk); returns how many reports. */
  acknowledgeDamage(): Promise<number>;
  /** Closes the outbox (writes in flight finish), then releases the lock. */
  close(): Promise<void>;
}

export async function openOutbox(deps: OutboxDeps, access: 'readWrite' | 'readOnly'): Promise<OpenOutbox> {
  const { dataDir, clock, logger } = deps;
  let lock: DataDirLock | undefined;
  if (access === 'readWrite') {
    await fs.mkdir(dataDir, { recursive: true });
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
  try {
    const outbox = new Outbox({
      store,
      codec: deps.payloadCodec ?? plainJsonCodec,
      clock,
      logger,
      hashContact: createContactHasher(await loadContactSalt(dataDir, access)),
      validate: validateCreateCustomer,
      monotonicEpoch,
    });
    await outbox.open();
    if (access === 'readWrite') {
      await outbox.recoverInterrupted();
      await pruneSent({ outbox, clock, logger, retentionDays });
    }
    return {
      outbox,
      monotonicEpoch,
      retentionDays,
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
