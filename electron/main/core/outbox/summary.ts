// What the UI sees of an entry (shared/ipc OutboxEntrySummary), built from metadata and personal data.
import type { OutboxEntrySummary } from '../../../../shared/ipc';
import { historyOf } from './attemptHistory';
import type { Attempt, EntryMeta, PersonalData } from './types';

const iso = (ms: number) => new Date(ms).toISOString();

export function summaryOf(
  meta: EntryMeta,
  personal: Pick<PersonalData, 'displayName' | 'fieldErrors'>,
  /** The entry's attempt history (absent: not read, e.g. the body could not be decoded). */
  attempts?: readonly Attempt[],
): OutboxEntrySummary {
  return {
    captureId: meta.captureId,
    state: meta.state,
    displayName: personal.displayName,
    enqueuedAt: iso(meta.enqueuedAt),
    updatedAt: iso(meta.updatedAt),
    attempts: meta.attemptCount,
    ...(meta.state === 'pending' && meta.nextAttemptAt !== undefined
      ? { nextAttemptAt: iso(meta.nextAttemptAt) }
      : {}),
    ...(meta.boosterCustomerId !== undefined ? { boosterCustomerId: meta.boosterCustomerId } : {}),
    ...(meta.sentAt !== undefined ? { sentAt: iso(meta.sentAt) } : {}),
    possibleDuplicate: meta.possibleDuplicate,
    ...(meta.attentionReason ? { attentionReason: meta.attentionReason } : {}),
    ...(meta.lastError ? { lastError: meta.lastError } : {}),
    ...(personal.fieldErrors && personal.fieldErrors.length > 0 ? { fieldErrors: personal.fieldErrors } : {}),
    ...(attempts && attempts.length > 0 ? { history: historyOf(attempts) } : {}),
    ...(meta.boosterIdByPerson ? { boosterIdRecordedByPerson: true as const } : {}),
  };
}
