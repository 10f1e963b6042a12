// What the UI is shown of a client's attempt history: stored attempts mapped to our own terms (never Booster's
// words, never `detail`), the most recent ones only. Pure.
import {
  ATTEMPT_HISTORY_SHOWN,
  attemptHistoryEntrySchema,
  type AttemptHistoryEntry,
} from '../../../../shared/ipc';
import type { Attempt } from './types';

const iso = (ms: number) => new Date(ms).toISOString();

type Ambiguity = NonNullable<AttemptHistoryEntry['ambiguity']>;
const ambiguities = attemptHistoryEntrySchema.shape.ambiguity.unwrap().options;

/** The last `ATTEMPT_HISTORY_SHOWN` entries, oldest first. */
export function historyOf(attempts: readonly Attempt[]): AttemptHistoryEntry[] {
  return attempts.slice(-ATTEMPT_HISTORY_SHOWN).map(historyEntryOf);
}

export function historyEntryOf(attempt: Attempt): AttemptHistoryEntry {
  const entry: AttemptHistoryEntry = {
    startedAt: iso(attempt.startedAt),
    ...(attempt.finishedAt !== undefined ? { finishedAt: iso(attempt.finishedAt) } : {}),
    outcome: outcomeOf(attempt),
    ...(attempt.status !== undefined ? { status: attempt.status } : {}),
    ...(attempt.boosterCustomerId !== undefined && attempt.boosterCustomerId > 0
      ? { boosterCustomerId: attempt.boosterCustomerId }
      : {}),
  };
  return entry.outcome === 'ambiguous' ? { ...entry, ambiguity: ambiguityOf(attempt) } : entry;
}

function outcomeOf(attempt: Attempt): AttemptHistoryEntry['outcome'] {
  if (attempt.finishedAt === undefined) return 'inProgress';
  switch (attempt.outcome) {
    case 'created':
      return 'sent';
    case 'rejected':
    case 'forbidden':
      return 'refused';
    case 'unauthorized':
      return 'signInNeeded';
    case 'interrupted':
      return 'ambiguous';
    case 'sentAgainByPerson':
    case 'idRecordedByPerson':
    case 'retargetedByPerson':
      return attempt.outcome;
    case 'retryable':
      return attempt.ambiguous === true ? 'ambiguous' : 'notReachable';
    default:
      return attempt.ambiguous === true ? 'ambiguous' : 'failed';
  }
}

/** How the answer was lost: stored since this field exists; older attempts are read from their outcome. */
function ambiguityOf(attempt: Attempt): Ambiguity {
  const stored = ambiguities.find((known) => known === attempt.ambiguity);
  if (stored) return stored;
  if (attempt.outcome === 'interrupted') return 'interrupted';
  if (attempt.detail === 'timeout') return 'timeout';
  if (attempt.detail === 'http') return 'serverError';
  if (attempt.outcome === 'retryable') return attempt.status !== undefined ? 'notBooster' : 'connectionLost';
  return 'internal';
}
