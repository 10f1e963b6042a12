// The outbox list as the renderer keeps it: one entry per capture id, newest first.
import type { OutboxEntrySummary } from '../../../shared/ipc';

export function sortNewestFirst(entries: OutboxEntrySummary[]): OutboxEntrySummary[] {
  // The same order as main's pages: (enqueuedAt, captureId), newest first.
  return [...entries].sort(
    (a, b) => b.enqueuedAt.localeCompare(a.enqueuedAt) || b.captureId.localeCompare(a.captureId),
  );
}

/** Newer news of an entry replaces what we had, whatever order answers and pushes arrive in (a finalize's
 *  "pending" answer can land after the push saying Booster refused it); new entries join. */
export function mergeEntries(
  current: OutboxEntrySummary[],
  changed: OutboxEntrySummary[],
): OutboxEntrySummary[] {
  const byId = new Map(current.map((entry) => [entry.captureId, entry]));
  for (const entry of changed) {
    const known = byId.get(entry.captureId);
    if (!known || Date.parse(entry.updatedAt) >= Date.parse(known.updatedAt))
      byId.set(entry.captureId, entry);
  }
  return sortNewestFirst([...byId.values()]);
}

/** Which confirmation an erasure asks for: a client Booster may not have yet (pending, sending, needs
 *  attention) will never reach it once its local data is erased, and the person must be told so. */
export function erasureConfirmKey(
  entry: Pick<OutboxEntrySummary, 'state'>,
): 'outbox.eraseConfirmSent' | 'outbox.eraseConfirmUnsent' {
  return entry.state === 'sent' ? 'outbox.eraseConfirmSent' : 'outbox.eraseConfirmUnsent';
}
