// "Is this client queued or sent already?": the query's contacts are normalized and hashed like the
// entries' (contacts.ts), then looked up in the index, so no contact is kept in clear and no body is read.
import type { OutboxState } from '../../../../shared/ipc';
import { normalizeEmail, normalizePhone, type ContactHasher } from './contacts';

export interface FindMatchesQuery {
  emails: string[];
  phones: { countryPrefix: string; phone: string }[];
  excludeCaptureId?: string;
}

export interface ContactMatch {
  captureId: string;
  state: OutboxState;
  displayName: string;
  matchedOn: 'email' | 'phone';
}

/** At most this many matches are answered: enough to warn a person. */
export const MAX_MATCHES = 50;

/** The entries holding one of the query's contacts, each with the first kind of contact it matched on. */
export function matchingEntries(
  query: FindMatchesQuery,
  hashContact: ContactHasher,
  holdersOf: (hash: string) => Iterable<string>,
): [captureId: string, matchedOn: 'email' | 'phone'][] {
  const wanted: { hash: string; on: 'email' | 'phone' }[] = [];
  for (const email of query.emails) {
    const normalized = normalizeEmail(email);
    if (normalized) wanted.push({ hash: hashContact('email', normalized), on: 'email' });
  }
  for (const phone of query.phones) {
    const normalized = normalizePhone(phone.countryPrefix, phone.phone);
    if (normalized) wanted.push({ hash: hashContact('phone', normalized), on: 'phone' });
  }
  const found = new Map<string, 'email' | 'phone'>();
  for (const { hash, on } of wanted) {
    for (const id of holdersOf(hash)) {
      if (id !== query.excludeCaptureId && !found.has(id)) found.set(id, on);
    }
  }
  return [...found].slice(0, MAX_MATCHES);
}
