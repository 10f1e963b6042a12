// The event receipt a store manager signs before the laptops are wiped: for one point of sale and a range of
// days, every client captured here, with its Booster id, state, duplicate flag and consents as evidenced (the
// last answer per purpose, who gave it, in which language and text version). Pure: the query is checked, the
// rows are chosen and the CSV is written here; operations.ts reads the outbox and the consent evidence.
import type { OutboxState, ReceiptConsent } from '../../../../shared/ipc';
import { consentPurposes } from '../../../../shared/consent/catalogue';
import type { ConsentSummaryLine } from '../consent/summary';

export interface ReceiptQuery {
  posCode: string;
  /** Calendar days, YYYY-MM-DD, inclusive, in the time zone the client was captured in. */
  from: string;
  to: string;
}

export const MAX_RECEIPT_DAYS = 366;

/** What the receipt needs of one outbox entry. */
export interface ReceiptSource {
  captureId: string;
  capturedAtMs: number;
  /** IANA zone of the laptop at capture: "the 12th" is the 12th where the client was. */
  timeZone: string;
  displayName: string;
  state: OutboxState;
  posCode?: string | undefined;
  boosterCustomerId?: number | undefined;
  possibleDuplicate: boolean;
  attempts: number;
  /** The client's consent evidence summed up (consent/summary.ts); none recorded: empty or absent. */
  consents?: readonly ConsentSummaryLine[] | undefined;
}

export type { ReceiptConsent };

export interface ReceiptRow {
  captureId: string;
  capturedAt: string;
  displayName: string;
  state: OutboxState;
  boosterCustomerId?: number;
  possibleDuplicate: boolean;
  attempts: number;
  /** Every purpose, in the contract's order: the last answer evidenced, or 'none'. */
  consents: ReceiptConsent[];
}

export class ReceiptQueryError extends Error {
  override readonly name = 'ReceiptQueryError';
  readonly code = 'invalidRequest';
  readonly fields: { path: string; code: string; message: string }[];
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.fields = [{ path: field, code: 'invalid', message: `${field}: ${message}` }];
  }
}

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The query as used, or a ReceiptQueryError naming the field. */
export function checkReceiptQuery(query: ReceiptQuery): ReceiptQuery {
  const posCode = typeof query.posCode === 'string' ? query.posCode.trim() : '';
  if (posCode === '' || posCode.length > 64)
    throw new ReceiptQueryError(
      'posCode',
      'give the point of sale code of the event (for example ES100:102048).',
    );
  const from = dayNumber(query.from, 'from');
  const to = dayNumber(query.to, 'to');
  if (from > to)
    throw new ReceiptQueryError('to', `the last day (${query.to}) is before the first (${query.from}).`);
  if (to - from + 1 > MAX_RECEIPT_DAYS)
    throw new ReceiptQueryError(
      'to',
      `a receipt covers at most ${MAX_RECEIPT_DAYS} days; choose a shorter range.`,
    );
  return { posCode, from: query.from, to: query.to };
}

function dayNumber(text: unknown, field: 'from' | 'to'): number {
  const match = typeof text === 'string' ? isoDay.exec(text) : null;
  const [year, month, day] = match ? match.slice(1).map(Number) : [];
  const ms = match ? Date.UTC(year!, month! - 1, day!) : Number.NaN;
  // Date.UTC rolls 2026-02-30 over to March: a day that does not exist is refused, not moved.
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text)
    throw new ReceiptQueryError(field, 'give a calendar date as YYYY-MM-DD (for example 2026-11-30).');
  return ms / DAY_MS;
}

/** The calendar day (YYYY-MM-DD) of a moment in a time zone; UTC when the zone is unknown here. */
export function localDay(ms: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

export function receiptRows(query: ReceiptQuery, sources: Iterable<ReceiptSource>): ReceiptRow[] {
  const { posCode, from, to } = checkReceiptQuery(query);
  const wanted = posCode.toUpperCase();
  const rows: ReceiptRow[] = [];
  for (const source of sources) {
    if (source.posCode?.trim().toUpperCase() !== wanted) continue;
    const day = localDay(source.capturedAtMs, source.timeZone);
    if (day < from || day > to) continue;
    rows.push({
      captureId: source.captureId,
      capturedAt: new Date(source.capturedAtMs).toISOString(),
      displayName: source.displayName,
      state: source.state,
      ...(source.boosterCustomerId !== undefined ? { boosterCustomerId: source.boosterCustomerId } : {}),
      possibleDuplicate: source.possibleDuplicate,
      attempts: source.attempts,
      consents: receiptConsents(source.consents ?? []),
    });
  }
  return rows.sort(
    (a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.captureId.localeCompare(b.captureId),
  );
}

/** One entry per purpose: what the evidence says last, or 'none' when nothing was ticked for it. */
export function receiptConsents(lines: readonly ConsentSummaryLine[]): ReceiptConsent[] {
  return consentPurposes.map((purpose) => {
    const line = lines.find((candidate) => candidate.purpose === purpose);
    return line
      ? {
          purpose,
          answer: line.given ? 'given' : 'withdrawn',
          tickedBy: line.tickedBy,
          language: line.language,
          version: line.version,
        }
      : { purpose, answer: 'none' };
  });
}

/** "given by client (fr, v3)", "withdrawn by staff (en, v1)", "none". */
export function consentCell(consent: ReceiptConsent): string {
  if (consent.answer === 'none') return 'none';
  return `${consent.answer} by ${consent.tickedBy ?? 'unknown'} (${consent.language ?? '?'}, v${consent.version ?? '?'})`;
}

export const receiptCsvHeader = [
  'Captured at (UTC)',
  'Client',
  'State',
  'Booster id',
  'Possible duplicate',
  'Attempts',
  'Capture id',
  ...consentPurposes,
] as const;

/** RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so that Excel reads accents, and safe to open: a cell
 *  a spreadsheet would run as a formula starts with an apostrophe. One column per consent purpose, last, so
 *  the earlier columns keep their places. */
export function receiptCsv(rows: readonly ReceiptRow[]): string {
  const lines = [receiptCsvHeader.map(csvCell)];
  for (const row of rows)
    lines.push(
      [
        row.capturedAt,
        row.displayName,
        row.state,
        row.boosterCustomerId === undefined ? '' : String(row.boosterCustomerId),
        row.possibleDuplicate ? 'yes' : 'no',
        String(row.attempts),
        row.captureId,
        ...consentPurposes.map((purpose) => {
          const consent = row.consents.find((candidate) => candidate.purpose === purpose);
          return consentCell(consent ?? { purpose, answer: 'none' });
        }),
      ].map(csvCell),
    );
  return `\uFEFF${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}

const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
