// The outbox list as the renderer keeps it: one entry per capture id, newest first; and what a card offers a
// person for a client Booster may already have.
import {
  boosterCustomerIdInputSchema,
  type AttemptHistoryEntry,
  type OutboxEntrySummary,
} from '../../../shared/ipc';

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

/** "Send again": only for a client held because its answers were lost (main refuses it otherwise). */
export function offersSendAgain(entry: Pick<OutboxEntrySummary, 'state' | 'attentionReason'>): boolean {
  return entry.state === 'needsAttention' && entry.attentionReason === 'mayAlreadyExist';
}

/** "It is in Booster: record its id": for a held client Booster may already have. */
export function offersRecordId(entry: Pick<OutboxEntrySummary, 'state' | 'possibleDuplicate'>): boolean {
  return entry.state === 'needsAttention' && entry.possibleDuplicate;
}

/** The id a person typed, checked as main checks it: digits only, a positive whole number. */
export function parseBoosterId(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const parsed = boosterCustomerIdInputSchema.safeParse(Number(trimmed));
  return parsed.success ? parsed.data : undefined;
}

/** The message key of a history line (its values: `historyValues`). */
export function historyKey(line: AttemptHistoryEntry): string {
  return line.outcome === 'ambiguous'
    ? `outbox.history.ambiguous.${line.ambiguity ?? 'internal'}`
    : `outbox.history.${line.outcome}`;
}

/** Attempts made but no longer shown (the history shows the most recent lines only). */
export function hiddenAttempts(entry: Pick<OutboxEntrySummary, 'attempts' | 'history'>): number {
  const shown = (entry.history ?? []).filter(
    (line) =>
      line.outcome !== 'sentAgainByPerson' &&
      line.outcome !== 'idRecordedByPerson' &&
      line.outcome !== 'retargetedByPerson',
  ).length;
  return Math.max(0, entry.attempts - shown);
}
