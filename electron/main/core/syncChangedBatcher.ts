// Bursts of changes (a drain of hundreds of records) become one sync:changed push per turn of the event
// loop, carrying the latest status and every entry that changed since the last push.
import type { OutboxEntrySummary, SyncChanged, SyncStatus } from '../../../shared/ipc';
import type { Logger } from './platform/logger';

export interface SyncChangedBatcher {
  entryChanged(summary: OutboxEntrySummary): void;
  /** Pushes only when the status differs from the last one pushed (or entries changed). */
  statusMayHaveChanged(): void;
  subscribe(listener: (event: SyncChanged) => void): () => void;
}

export function createSyncChangedBatcher(status: () => SyncStatus, logger: Logger): SyncChangedBatcher {
  const listeners = new Set<(event: SyncChanged) => void>();
  const changed = new Map<string, OutboxEntrySummary>();
  let scheduled = false;
  let lastPushedStatus = '';

  const push = () => {
    scheduled = false;
    const current = status();
    const statusKey = JSON.stringify(current);
    if (changed.size === 0 && statusKey === lastPushedStatus) return;
    lastPushedStatus = statusKey;
    const event: SyncChanged = { status: current, changed: [...changed.values()] };
    changed.clear();
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error('sync: a status listener failed', { error });
      }
    }
  };

  const schedule = () => {
    if (scheduled || listeners.size === 0) return;
    scheduled = true;
    setImmediate(push);
  };

  return {
    entryChanged(summary) {
      changed.set(summary.captureId, summary);
      schedule();
    },
    statusMayHaveChanged: schedule,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
