// What the always-visible indicator says, decided from the sync status alone (pure, tested directly).
import type { SyncStatus } from '../../../shared/ipc';

export type SyncSummary =
  | { kind: 'unknown' }
  /** Booster has not answered since start and no send ever succeeded: nothing is known about it yet
   *  (`checking` while a first check is under way). */
  | { kind: 'notChecked'; checking: boolean }
  | { kind: 'signInNeeded' }
  | { kind: 'notConfigured' }
  /** The disk cannot be written: sending waits and resumes by itself. */
  | { kind: 'storageFailed'; diskFull: boolean }
  /** Booster keeps failing: every send waits until `at` (the circuit); a retry time already reached is not
   *  shown (`retryingNow`), since a time in the past reads as a promise broken. */
  | { kind: 'boosterFailing'; at?: string; retryingNow?: true }
  | { kind: 'offline'; waiting: number }
  | { kind: 'syncing'; done: number; total: number }
  | { kind: 'waiting'; waiting: number }
  | { kind: 'allSynced'; at?: string };

/** `now` is the time the summary is read at: a retry time not after it is said as "retrying now".
 *  `checking`: a check of Booster asked from here (Sync now) is under way. */
export function summarizeSync(status: SyncStatus | undefined, now: Date, checking = false): SyncSummary {
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
  // Never contacted: "All synced" would claim what nobody checked.
  if (status.connectivity === 'unknown' && !status.lastSuccessfulSyncAt && !status.lastError)
    return { kind: 'notChecked', checking };
  if (status.lastError?.code === 'boosterFailing' && waiting > 0) {
    if (!status.nextRetryAt) return { kind: 'boosterFailing' };
    return Date.parse(status.nextRetryAt) > now.getTime()
      ? { kind: 'boosterFailing', at: status.nextRetryAt }
      : { kind: 'boosterFailing', retryingNow: true };
  }
  if (waiting > 0) return { kind: 'waiting', waiting };
  return status.lastSuccessfulSyncAt
    ? { kind: 'allSynced', at: status.lastSuccessfulSyncAt }
    : { kind: 'allSynced' };
}

/** How the sync engine answered "Sync now", read from the status it returned. */
export type SyncNowAnswer =
  /** Booster did not answer the probe made at `at`. */
  | { kind: 'stillOffline'; at: string }
  | { kind: 'signInNeeded' }
  | { kind: 'notConfigured' }
  /** Booster answered at `at`; the indicator's summary says what happens next. */
  | { kind: 'answered'; at: string; summary: SyncSummary }
  /** Nothing new was learnt about Booster (e.g. the disk cannot be written): the summary says why. */
  | { kind: 'state'; summary: SyncSummary };

export function answerSyncNow(status: SyncStatus, answeredAt: Date): SyncNowAnswer {
  const summary = summarizeSync(status, answeredAt);
  if (summary.kind === 'signInNeeded' || summary.kind === 'notConfigured') return { kind: summary.kind };
  if (summary.kind === 'storageFailed') return { kind: 'state', summary };
  const at = answeredAt.toISOString();
  if (status.connectivity === 'offline') return { kind: 'stillOffline', at };
  if (status.connectivity === 'online') return { kind: 'answered', at, summary };
  return { kind: 'state', summary };
}

/**
 * The locales a time of day is written in: the UI language, in the region of the laptop where it has one (an
 * English UI on a laptop set to en-GB keeps its 24-hour clock), else the language's own default.
 */
export function timeLocales(uiLocale: string, systemLocales: readonly string[] = []): string[] {
  const language = uiLocale.split('-')[0]?.toLowerCase();
  const regional = systemLocales.find(
    (candidate) => candidate.split('-')[0]?.toLowerCase() === language && candidate.includes('-'),
  );
  return regional && regional !== uiLocale ? [regional, uiLocale] : [uiLocale];
}

/** "14:05" or "2:05 PM" (with seconds when asked), as the locale writes a time of day: its own 12- or 24-hour
 *  clock, never a forced one. */
export function clockTime(iso: string, locales: string | readonly string[], withSeconds = false): string {
  return new Intl.DateTimeFormat(typeof locales === 'string' ? locales : [...locales], {
    timeStyle: withSeconds ? 'medium' : 'short',
  }).format(new Date(iso));
}
