// When sent entries are deleted: once at open, then every six hours (the outbox sweeps what expired).
import type { Outbox } from './outbox/outbox';
import type { Clock } from './platform/clock';
import type { Logger } from './platform/logger';

const DAY_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 6 * 60 * 60_000;
export const DEFAULT_SENT_RETENTION_DAYS = 30;

export interface SentRetention {
  outbox: Pick<Outbox, 'pruneSent'>;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
}

/** Deletes the sent entries older than the retention period. */
export async function pruneSent({ outbox, clock, logger, retentionDays }: SentRetention): Promise<void> {
  const removed = await outbox.pruneSent(clock.now() - retentionDays * DAY_MS);
  if (removed > 0) logger.info('outbox: deleted sent entries past retention', { count: removed });
}

/** Prunes again every six hours (an app left running for weeks); returns the cancel. */
export function schedulePruning(retention: SentRetention, everyMs = PRUNE_EVERY_MS): () => void {
  const { clock, logger } = retention;
  let timer = clock.setTimeout(function again() {
    void pruneSent(retention).catch((error: unknown) => logger.error('outbox: pruning failed', { error }));
    timer = clock.setTimeout(again, everyMs);
  }, everyMs);
  return () => clock.clearTimeout(timer);
}
