// Which drafts share an email or a phone with the client being finalized (a warning, not a rule). Contacts are
// compared in the normal form the outbox uses too (shared/booster), so both warn about the same clients.
import { normalizeEmail, normalizePhone } from '../../../shared/booster/contact-normalize';
import { displayNameOf } from './draftData';
import type { DraftRow } from './db';

export interface DraftMatch {
  captureId: string;
  displayName: string;
  matchedOn: 'email' | 'phone';
}

type Phone = { countryPrefix: string; phone: string };

function normalizedSet<T>(items: T[], normalize: (item: T) => string | undefined): Set<string> {
  return new Set(items.flatMap((item) => normalize(item) ?? []));
}

const phoneKey = (item: Phone) => normalizePhone(item.countryPrefix, item.phone);
const emailKey = (item: { email: string }) => normalizeEmail(item.email);

export function matchDrafts(
  rows: DraftRow[],
  emails: string[],
  phones: Phone[],
  excludeCaptureId?: string,
): DraftMatch[] {
  const wantedEmails = normalizedSet(emails, normalizeEmail);
  const wantedPhones = normalizedSet(phones, phoneKey);
  const matches: DraftMatch[] = [];
  for (const row of rows) {
    if (row.captureId === excludeCaptureId) continue;
    const emailHit = row.data.emails.some((item) => wantedEmails.has(emailKey(item) ?? ''));
    const phoneHit = row.data.phones.some((item) => wantedPhones.has(phoneKey(item) ?? ''));
    if (emailHit || phoneHit) {
      matches.push({
        captureId: row.captureId,
        displayName: displayNameOf(row.data),
        matchedOn: emailHit ? 'email' : 'phone',
      });
    }
  }
  return matches;
}
