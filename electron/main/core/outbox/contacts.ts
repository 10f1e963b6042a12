// Contacts reduced to keyed hashes (HMAC-SHA-256 under the contact key, which is sealed with the other data
// keys and never stored beside them): enough to warn "this client may already be queued or sent" without
// keeping emails or phones of sent clients, and without a dictionary of phone numbers reversing them.
import { createHmac } from 'node:crypto';
import { normalizeEmail, normalizePhone } from '../../../../shared/booster/contact-normalize';

export { normalizeEmail, normalizePhone };

export type ContactHasher = (kind: 'email' | 'phone', normalized: string) => string;

/** 128 bits of the HMAC: collisions stay out of reach, and the meta line stays short. */
export function createContactHasher(contactKey: Uint8Array): ContactHasher {
  return (kind, normalized) =>
    createHmac('sha256', contactKey).update(`${kind}\u0000${normalized}`).digest('base64url').slice(0, 22);
}

/** Hashes of every email and phone of a record (records are read defensively: shape checked elsewhere). */
export function contactHashesOf(record: Record<string, unknown>, hash: ContactHasher): string[] {
  const hashes = new Set<string>();
  for (const item of asArray(record.emails)) {
    const email = typeof item.email === 'string' ? normalizeEmail(item.email) : undefined;
    if (email) hashes.add(hash('email', email));
  }
  for (const item of asArray(record.phones)) {
    if (typeof item.phone !== 'string') continue;
    const phone = normalizePhone(
      typeof item.countryPrefix === 'string' ? item.countryPrefix : '',
      item.phone,
    );
    if (phone) hashes.add(hash('phone', phone));
  }
  return [...hashes];
}

function asArray(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => !!item && typeof item === 'object')
    : [];
}

/** "Last, First", or the company name: enough for staff to recognise a client. */
export function displayNameOf(record: Record<string, unknown>): string {
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string).trim() : '');
  if (record.clientType === 'COMPANY' && text('companyName')) return text('companyName');
  const last = text('lastName') || text('lastNameNotLatin');
  const first = text('firstName') || text('firstNameNotLatin');
  const name = [last, first].filter(Boolean).join(', ');
  return name || text('companyName') || 'Unnamed client';
}
