// What the always-visible indicator says, decided from the sync status alone (pure, tested directly).
import type { SyncStatus } from '../../../shared/ipc';

export type SyncSummary =
  | { kind: 'unknown' }
  | { kind: 'signInNeeded' }
  | { kind: 'notConfigured' }
  /** The disk cannot be written: sending waits and resumes by itself. */
  | { kind: 'storageFailed'; diskFull: boolean }
  /** Booster keeps failing: every send waits until `at` (the circuit). */
  | { kind: 'boosterFailing'; at?: string }
  | { kind: 'offline'; waiting: number }
  | { kind: 'syncing'; done: number; total: number }
  | { kind: 'waiting'; waiting: number }
  | { kind: 'allSynced'; at?: string };

export function summarizeSync(status: SyncStatus | undefined): SyncSummary {
  if (!status) return { kind: 'unknown' };
  const waiting = status.counts.pending + status.counts.sending;
  if (status.pausedReason === 'signInNeeded') return { kind: 'signInNeeded' };
  if (status.pausedReason === 'notConfigured') return { kind: 'notConfigured' };
  if (status.pausedReason === 'storageFailed')
    return { kind: 'storageFailed', diskFull: status.lastError?.code === 'diskFull' };
  if (status.activity === 'syncing') {
    const total = status.progress?.total ?? waiting;
    return { kind: 'syncing', done: Math.min(status.progress?.done ?? 0, total), total };
  }
  if (status.connectivity === 'offline') return { kind: 'offline', waiting };
  if (status.lastError?.code === 'boosterFailing' && waiting > 0)
    return status.nextRetryAt
      ? { kind: 'boosterFailing', at: status.nextRetryAt }
      : { kind: 'boosterFailing' };
  if (waiting > 0) return { kind: 'waiting', waiting };
  return status.lastSuccessfulSyncAt
    ? { kind: 'allSynced', at: status.lastSuccessfulSyncAt }
    : { kind: 'allSynced' };
}

/** "14:05" in the UI locale. */
export function clockTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
