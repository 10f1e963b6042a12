import { describe, expect, it } from 'vitest';
import type { ConsentSummaryLine } from '../../../../electron/main/core/consent/summary';
import {
  checkReceiptQuery,
  consentCell,
  csvCell,
  localDay,
  receiptCsv,
  receiptRows,
  ReceiptQueryError,
  type ReceiptSource,
} from '../../../../electron/main/core/operations/receipt';

const source = (overrides: Partial<ReceiptSource> = {}): ReceiptSource => ({
  captureId: 'c-1',
  capturedAtMs: Date.parse('2026-11-30T10:00:00Z'),
  timeZone: 'Europe/Paris',
  displayName: 'Bianchi, Giulia',
  state: 'sent',
  posCode: 'ES100:102048',
  boosterCustomerId: 4711,
  possibleDuplicate: false,
  attempts: 1,
  ...overrides,
});

const consentLine = (overrides: Partial<ConsentSummaryLine> = {}): ConsentSummaryLine => ({
  purpose: 'privacyPolicyAcceptanceStorage',
  given: true,
  tickedBy: 'client',
  textId: 'consent.privacyPolicyAcceptanceStorage',
  version: 3,
  language: 'fr',
  textHash: 'a'.repeat(64),
  at: '2026-11-30T10:00:00.000Z',
  changes: 1,
  ...overrides,
});

const noConsents = [
  'privacyPolicyAcceptanceStorage',
  'canBeContactedByMaison',
  'dataSharingConsent',
  'allowStoreDataAbroad',
  'tvPrivacyPolicyAcceptanceStorage',
  'tvAllowStoreDataAbroad',
].map((purpose) => ({ purpose, answer: 'none' }));

const header =
  'Captured at (UTC),Client,State,Booster id,Possible duplicate,Attempts,Capture id,' +
  'privacyPolicyAcceptanceStorage,canBeContactedByMaison,dataSharingConsent,allowStoreDataAbroad,' +
  'tvPrivacyPolicyAcceptanceStorage,tvAllowStoreDataAbroad';

const query = { posCode: 'ES100:102048', from: '2026-11-30', to: '2026-11-30' };

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ReceiptQueryError);
    return (error as ReceiptQueryError).fields[0]?.path;
  }
  return undefined;
}

describe('receipt query', () => {
  it('names the field of every bad query', () => {
    expect(fieldOf(() => checkReceiptQuery({ ...query, posCode: '  ' }))).toBe('posCode');
    expect(fieldOf(() => checkReceiptQuery({ ...query, from: '30/11/2026' }))).toBe('from');
    expect(fieldOf(() => checkReceiptQuery({ ...query, from: '2026-02-30' }))).toBe('from');
    expect(fieldOf(() => checkReceiptQuery({ ...query, to: '2026-13-01' }))).toBe('to');
    expect(fieldOf(() => checkReceiptQuery({ ...query, from: '2026-12-01' }))).toBe('to');
    expect(fieldOf(() => checkReceiptQuery({ ...query, from: '2025-11-29', to: '2026-11-30' }))).toBe('to');
    expect(fieldOf(() => checkReceiptQuery({ ...query, from: 42 as unknown as string }))).toBe('from');
    // 366 days, a leap year's worth, is the longest range.
    expect(
      fieldOf(() => checkReceiptQuery({ ...query, from: '2027-11-30', to: '2028-11-29' })),
    ).toBeUndefined();
  });
});

describe('receipt rows', () => {
  it('keeps the clients of that point of sale captured on those days, where they were captured, in time order', () => {
    const rows = receiptRows({ ...query, posCode: ' es100:102048 ' }, [
      source({ captureId: 'later', capturedAtMs: Date.parse('2026-11-30T15:00:00Z') }),
      source({
        captureId: 'earlier',
        capturedAtMs: Date.parse('2026-11-30T08:00:00Z'),
        state: 'pending',
        boosterCustomerId: undefined,
      }),
      source({ captureId: 'other-pos', posCode: 'ES100:999999' }),
      source({ captureId: 'no-pos', posCode: undefined }),
      // 23:30 UTC on the 29th is already the 30th in Paris; 23:30 UTC on the 30th is the 1st there.
      source({ captureId: 'paris-morning', capturedAtMs: Date.parse('2026-11-29T23:30:00Z') }),
      source({ captureId: 'paris-next-day', capturedAtMs: Date.parse('2026-11-30T23:30:00Z') }),
    ]);
    expect(rows.map((row) => row.captureId)).toEqual(['paris-morning', 'earlier', 'later']);
    expect(rows[1]).toEqual({
      captureId: 'earlier',
      capturedAt: '2026-11-30T08:00:00.000Z',
      displayName: 'Bianchi, Giulia',
      state: 'pending',
      possibleDuplicate: false,
      attempts: 1,
      consents: noConsents,
    });
    expect(rows[2]?.boosterCustomerId).toBe(4711);
  });

  it('reads an unknown time zone as UTC rather than dropping the client', () => {
    expect(localDay(Date.parse('2026-11-30T23:30:00Z'), 'Not/AZone')).toBe('2026-11-30');
    expect(receiptRows(query, [source({ timeZone: 'Not/AZone' })])).toHaveLength(1);
  });
});

describe('consents on the receipt', () => {
  it('gives every purpose in the contract order: the last answer evidenced, who, language and version, or none', () => {
    const [row] = receiptRows(query, [
      source({
        consents: [
          consentLine({
            purpose: 'canBeContactedByMaison',
            given: false,
            tickedBy: 'staff',
            language: 'en',
            version: 1,
          }),
          consentLine(),
        ],
      }),
    ]);
    expect(row?.consents).toEqual([
      {
        purpose: 'privacyPolicyAcceptanceStorage',
        answer: 'given',
        tickedBy: 'client',
        language: 'fr',
        version: 3,
      },
      {
        purpose: 'canBeContactedByMaison',
        answer: 'withdrawn',
        tickedBy: 'staff',
        language: 'en',
        version: 1,
      },
      ...noConsents.slice(2),
    ]);
    expect(row?.consents.map(consentCell)).toEqual([
      'given by client (fr, v3)',
      'withdrawn by staff (en, v1)',
      'none',
      'none',
      'none',
      'none',
    ]);
  });

  it('puts one column per purpose after the others in the CSV', () => {
    const csv = receiptCsv(receiptRows(query, [source({ consents: [consentLine()] })]));
    expect(csv).toContain(`${header}\r\n`);
    expect(csv).toContain(
      '2026-11-30T10:00:00.000Z,"Bianchi, Giulia",sent,4711,no,1,c-1,"given by client (fr, v3)",none,none,none,none,none\r\n',
    );
  });
});

describe('receipt CSV', () => {
  it('is RFC 4180 with a header row, CRLF and a BOM', () => {
    const csv = receiptCsv(
      receiptRows(query, [source({ displayName: 'Dupont, "Jo"\nMarie', possibleDuplicate: true })]),
    );
    expect(csv.startsWith(`\uFEFF${header}\r\n`)).toBe(true);
    expect(csv).toContain(
      '2026-11-30T10:00:00.000Z,"Dupont, ""Jo""\nMarie",sent,4711,yes,1,c-1,none,none,none,none,none,none\r\n',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('never hands a spreadsheet a formula', () => {
    for (const hostile of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])
      expect(csvCell(hostile).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('Dupont')).toBe('Dupont');
    const csv = receiptCsv(receiptRows(query, [source({ displayName: '=cmd|" /C calc"!A0' })]));
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0"`);
    // A consent cell is built from main's own words and values, and goes through the same guard.
    const hostileLanguage = receiptCsv(
      receiptRows(query, [source({ consents: [consentLine({ language: '=1+1' })] })]),
    );
    expect(hostileLanguage).toContain('"given by client (=1+1, v3)"');
    expect(csvCell(consentCell({ purpose: 'dataSharingConsent', answer: 'none' }))).toBe('none');
  });

  it('has only the header for no rows', () => {
    expect(receiptCsv([])).toBe(`\uFEFF${header}\r\n`);
  });
});
