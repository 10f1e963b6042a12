// Which drafts share an email or a phone with the client being finalized (a warning, not a rule).
import { displayNameOf } from './draftData';
import type { DraftRow } from './db';

export interface DraftMatch {
  captureId: string;
  displayName: string;
  matchedOn: 'email' | 'phone';
}

/** Country and digits without trunk zeros: '06 12 34 56 78' in fr and '612345678' in fr are the same phone. */
export function phoneKey(countryPrefix: string, phone: string): string {
  return `${countryPrefix.trim().toLowerCase()}:${phone.replace(/\D/g, '').replace(/^0+/, '')}`;
}

export function matchDrafts(
  rows: DraftRow[],
  emails: string[],
  phones: { countryPrefix: string; phone: string }[],
  excludeCaptureId?: string,
): DraftMatch[] {
  const wantedEmails = new Set(emails.map((email) => email.trim().toLowerCase()).filter(Boolean));
  const wantedPhones = new Set(
    phones.filter((p) => p.phone.trim()).map((p) => phoneKey(p.countryPrefix, p.phone)),
  );
  const matches: DraftMatch[] = [];
  for (const row of rows) {
    if (row.captureId === excludeCaptureId) continue;
    const emailHit = row.data.emails.some((item) => wantedEmails.has(item.email.trim().toLowerCase()));
    const phoneHit = row.data.phones.some(
      (item) => item.phone.trim() !== '' && wantedPhones.has(phoneKey(item.countryPrefix, item.phone)),
    );
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
