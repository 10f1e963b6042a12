// "Rotate the data key": every entry re-encrypted under a new key, crash-safe. The order is what makes it so:
// the new key is stored (sealed) beside the old one before anything uses it; every entry is rewritten under it;
// the journal is compacted so no line under the old key is left; only then is the old key dropped. A crash
// at any point leaves a key ring that opens every line of the journal.
import type { Logger } from './platform/logger';
import type { DataKeys } from './platform/dataKeys';

export interface RotationSteps {
  keys: Pick<DataKeys, 'addDataKey' | 'dropOldDataKeys'>;
  outbox: { reencodeAll(): Promise<number> };
  store: { compact(): Promise<void> };
  logger: Logger;
}

export interface RotationResult {
  /** The id of the new data key (the prefix of every body from now on). */
  keyId: string;
  /** Entries rewritten under it. */
  entries: number;
}

export async function rotateDataKey({ keys, outbox, store, logger }: RotationSteps): Promise<RotationResult> {
  const { id: keyId } = await keys.addDataKey();
  const entries = await outbox.reencodeAll();
  await store.compact();
  await keys.dropOldDataKeys();
  logger.info('data key rotated', { keyId, entries });
  return { keyId, entries };
}
