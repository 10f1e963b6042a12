// The outbox of a data folder opened without the sending stack: read-only (the status of a folder another
// process owns) or holding the lock without sending (the CLI's enqueue, import, erase…). Apart from
// boosterServices.ts so that a command which never sends never loads the sync engine, Booster HTTP and auth.
import type { ReadOnlyHandlers, OutboxHandlers } from './boosterHandlers';
import { createOutboxHandlers, createReadOnlyHandlers } from './boosterHandlers';
import type { RotationResult } from './dataKeyRotation';
import { readConsentSummary } from './consent/openConsent';
import { openOutbox, type OpenOutbox, type OutboxDeps } from './openOutbox';
import { createOperations, type Operations } from './operations/operations';
import { NamedError } from './errors';
import { FileOutboxStore } from './outbox/fileOutboxStore';
import type { DamageReport } from './outbox/store';
import { acquireDataDirLock, type DataDirLock } from './platform/dataDirLock';
import type { Logger } from './platform/logger';
import { statusWithoutEngine, withDamage } from './serviceStatus';

/** The outbox of a folder another process may own: read without the lock, nothing written, nothing sent. */
export interface ReadOnlyOutboxServices {
  handlers: ReadOnlyHandlers;
  /** The event receipt and the rescue export read only (the CLI's receipt and export-rescue). */
  operations: Pick<Operations, 'receipt' | 'exportRescue'>;
  /** A person has seen the journal damage reported in the status (the damaged bytes stay on disk). */
  acknowledgeDamage(): Promise<number>;
  /** Closes the outbox (and releases the lock when held). */
  stop(): Promise<void>;
}

/** The outbox, holding the folder's lock, without sending (the CLI's enqueue). */
export interface LocalOutboxServices extends ReadOnlyOutboxServices {
  handlers: OutboxHandlers;
  /** With the rescue import, which queues (the CLI's import). */
  operations: Operations;
  /** Re-encrypts every entry under a new data key, crash-safe; the old key is dropped last. */
  rotateDataKey(): Promise<RotationResult>;
}

/** Reads the outbox without the lock: counts, damage and lists while the app or a sync runs. */
export async function openReadOnlyOutbox(deps: OutboxDeps): Promise<ReadOnlyOutboxServices> {
  const opened = await openOutbox(deps, 'readOnly');
  return {
    ...withoutEngine(opened, deps.logger),
    handlers: createReadOnlyHandlers(opened.outbox, statusOf(opened)),
    operations: operationsOf(opened, deps),
  };
}

/** Takes the folder's lock and opens the outbox for writing; nothing is sent. */
export async function openLocalOutbox(deps: OutboxDeps): Promise<LocalOutboxServices> {
  const opened = await openOutbox(deps, 'readWrite');
  return {
    ...withoutEngine(opened, deps.logger),
    handlers: createOutboxHandlers(opened.outbox, statusOf(opened)),
    operations: operationsOf(opened, deps),
    rotateDataKey: () => opened.rotateDataKey(),
  };
}

/** The receipt reads the consent evidence journal without writing, as the outbox is read here. */
const operationsOf = (opened: OpenOutbox, deps: OutboxDeps): Operations =>
  createOperations({
    outbox: opened.outbox,
    clock: deps.clock,
    logger: deps.logger,
    validate: opened.validate,
    consentSummary: (captureIds) =>
      readConsentSummary({
        dataDir: deps.dataDir,
        contactKey: opened.dataKeys.contactKey,
        logger: deps.logger,
        captureIds,
      }),
  });

const statusOf = (opened: OpenOutbox) => () =>
  withDamage(statusWithoutEngine(opened.outbox.stateCounts()), opened.damage());

function withoutEngine(
  opened: OpenOutbox,
  logger: Logger,
): Omit<ReadOnlyOutboxServices, 'handlers' | 'operations'> {
  logger.info('booster services started', { entries: opened.outbox.size, sync: false });
  let closing: Promise<void> | undefined;
  return {
    acknowledgeDamage: () => opened.acknowledgeDamage(),
    // stop() may be called more than once; the outbox closes once.
    stop: () => (closing ??= opened.close().then(() => logger.info('booster services stopped'))),
  };
}

/**
 * Acknowledges the journal damage of a folder without its data key: damage is found by the journal's checksums
 * and kept in report files, never by reading a client, so IT can clear it on a laptop whose key only the OS
 * keychain holds (with the app closed, unsaved damage is saved first; with the folder in use, the reports
 * already saved are acknowledged).
 */
export async function acknowledgeFolderDamage(deps: {
  dataDir: string;
  logger: Logger;
}): Promise<{ acknowledged: number; before: DamageReport; after: DamageReport }> {
  let lock: DataDirLock | undefined;
  try {
    lock = await acquireDataDirLock(deps.dataDir);
  } catch (error) {
    if (!(error instanceof NamedError && error.code === 'locked')) throw error;
  }
  const store = new FileOutboxStore(deps.dataDir, {
    logger: deps.logger,
    ...(lock ? { lock } : { readOnly: true }),
  });
  try {
    await store.open();
    const before = store.damage();
    const acknowledged = await store.acknowledgeDamage();
    return { acknowledged, before, after: store.damage() };
  } finally {
    await store.close();
    await lock?.release();
  }
}
