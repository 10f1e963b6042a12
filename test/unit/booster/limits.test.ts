// Issue 7, items 2 and 12: every text of the contract has a length limit and refuses control characters and
// lone surrogates; every list has a maximum number of items. Each refusal names the field and has its own code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createCustomerSchema,
  encodeCreateCustomer,
  issueCodes,
  issuesFromZodError,
  validateWireCreateCustomer,
  type FieldIssue,
} from '../../../shared/booster';
import { fieldMeta, findForbiddenCharacter, listLimits, textLimits } from '../../../shared/booster/fields';
import { fieldMetaAt } from '../../../shared/booster/field-names';
import { customerObject } from '../../../shared/booster/schema';
import { largestValidRecord, minimalPrivateClientExample } from '../../support/arbitraries';

const minimalPrivate = minimalPrivateClientExample;

function issuesOf(input: unknown): FieldIssue[] {
  const result = createCustomerSchema.safeParse(input);
  if (result.success) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return issuesFromZodError(result.error);
}

function issueAt(input: unknown, path: string): FieldIssue {
  const issues = issuesOf(input);
  const issue = issues.find((candidate) => candidate.path === path);
  if (!issue) throw new Error(`no issue at '${path}', got ${JSON.stringify(issues)}`);
  return issue;
}

/** Every dotted path of a text field ('lastName', 'emails.0.email') with its metadata. */
function textFields() {
  const fields: { path: string; maxLength: number; multiLine: boolean }[] = [];
  for (const [key, schema] of Object.entries(customerObject.shape)) {
    const meta = fieldMeta.get(schema);
    if (meta?.kind === 'list' && meta.item) {
      for (const [itemKey, itemSchema] of Object.entries(meta.item.shape)) {
        const itemMeta = fieldMeta.get(itemSchema);
        if (itemMeta?.maxLength !== undefined)
          fields.push({
            path: `${key}.0.${itemKey}`,
            maxLength: itemMeta.maxLength,
            multiLine: itemMeta.multiLine === true,
          });
      }
    } else if (meta?.maxLength !== undefined) {
      fields.push({ path: key, maxLength: meta.maxLength, multiLine: meta.multiLine === true });
    }
  }
  return fields;
}

const sampleItems: Record<string, Record<string, unknown>> = {
  emails: { email: 'someone@example.com', isMainEmail: false },
  phones: { phone: '3471234567', countryPrefix: 'it', isMainPhone: false },
  addresses: { addressType: 'Home', countryId: 'it', isMainAddress: false },
  events: { eventType: 'Birthday', eventDate: '2021-01-20' },
  interests: { interest: 'Jewellery', sapInterestId: 'CA-1' },
  hobbies: { hobby: 'Art', sapHobbyId: 'ART' },
  productCollections: { productCollection: 'Love', sapProductCollectionId: 'CA-1', translation: 'Love' },
};

/** The minimal private client with `value` at `path` (a list path gets one sample item). */
function withValue(path: string, value: unknown): Record<string, unknown> {
  const [key = '', , itemKey] = path.split('.');
  if (itemKey === undefined) return { ...minimalPrivate, [key]: value };
  return { ...minimalPrivate, [key]: [{ ...sampleItems[key], [itemKey]: value }] };
}

describe('text length limits', () => {
  it('every text of the contract, top level and in list items, has a limit of at most 4,000', () => {
    const fields = textFields();
    expect(fields.length).toBeGreaterThan(50);
    for (const field of fields) expect(field.maxLength, field.path).toBeLessThanOrEqual(4000);
    expect(fieldMetaAt('lastName')?.maxLength).toBe(255);
    expect(fieldMetaAt('emails.0.email')?.maxLength).toBe(254);
    expect(fieldMetaAt('notes')?.maxLength).toBe(textLimits.notes);
  });

  it('names and emails fit 255, notes a few KB', () => {
    for (const path of ['firstName', 'lastName', 'middleName', 'companyName', 'addresses.0.city'])
      expect(fieldMetaAt(path)?.maxLength, path).toBe(255);
    expect(fieldMetaAt('saleRepresentativeEmail')?.maxLength).toBe(254);
    expect(fieldMetaAt('events.0.eventNotes')?.maxLength).toBe(1000);
    expect(fieldMetaAt('addresses.0.additionalInformation')?.maxLength).toBe(1000);
    expect(textLimits.notes).toBe(4000);
  });

  it('refuses a 2.2-million-character last name with tooLong, naming the field and both lengths', () => {
    const issue = issueAt({ ...minimalPrivate, lastName: 'R'.repeat(2_200_000) }, 'lastName');
    expect(issue).toEqual({
      path: 'lastName',
      code: 'tooLong',
      message: 'Last name is too long: at most 255 characters (this one has 2,200,000).',
    });
  });

  it('checks the length before any normalization: a 10 MB value is refused at once', () => {
    const huge = ' '.repeat(5_000_000) + 'a@example.com' + ' '.repeat(5_000_000);
    const started = performance.now();
    expect(
      issueAt({ ...minimalPrivate, saleRepresentativeEmail: huge }, 'saleRepresentativeEmail').code,
    ).toBe('tooLong');
    expect(issueAt(withValue('phones.0.phone', huge), 'phones.0.phone').code).toBe('tooLong');
    // Generous for slow CI machines; a trim and a regular expression over 10 MB take far longer.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('accepts every text at exactly its limit and refuses one character more, at every field', () => {
    for (const field of textFields()) {
      const meta = fieldMetaAt(field.path);
      const over = issueAt(withValue(field.path, 'x'.repeat(field.maxLength + 1)), field.path);
      expect(over.code, field.path).toBe('tooLong');
      expect(over.message, field.path).toContain(`at most ${field.maxLength.toLocaleString('en-US')}`);
      // Free text: the longest value is accepted (a phone, though typed freely, must be a real number).
      if (!meta?.asTyped || field.path === 'phones.0.phone') continue;
      const atLimit = createCustomerSchema.safeParse(withValue(field.path, 'é'.repeat(field.maxLength)));
      expect(atLimit.success, field.path).toBe(true);
    }
  });

  it('counts UTF-16 code units, as .NET does: an emoji counts 2', () => {
    const emoji = '😀';
    expect(createCustomerSchema.safeParse({ ...minimalPrivate, lastName: emoji.repeat(127) }).success).toBe(
      true,
    );
    expect(issueAt({ ...minimalPrivate, lastName: emoji.repeat(128) }, 'lastName').message).toContain(
      'this one has 256',
    );
  });

  it('the wire validator (the simulator) refuses too long values with a ServiceStack Length error', () => {
    const result = validateWireCreateCustomer({ ...minimalPrivate, lastName: 'x'.repeat(256) });
    expect(result).toMatchObject({ ok: false, errors: [{ errorCode: 'Length', fieldName: 'LastName' }] });
  });
});

describe('list limits', () => {
  it('every list has a maximum number of items', () => {
    for (const [key, schema] of Object.entries(customerObject.shape)) {
      const meta = fieldMeta.get(schema);
      if (meta?.kind === 'list') expect(meta.maxItems, key).toBe(listLimits[key as keyof typeof listLimits]);
    }
  });

  it('refuses one item too many with tooManyItems on the list, and a million items at once', () => {
    for (const [key, maxItems] of Object.entries(listLimits)) {
      const item = sampleItems[key];
      const full = { ...minimalPrivate, [key]: Array.from({ length: maxItems }, () => ({ ...item })) };
      expect(createCustomerSchema.safeParse(full).success, key).toBe(true);
      const over = { ...minimalPrivate, [key]: Array.from({ length: maxItems + 1 }, () => ({ ...item })) };
      const issue = issueAt(over, key);
      expect(issue.code, key).toBe('tooManyItems');
      expect(issue.message, key).toContain(`at most ${maxItems}`);
    }
    const million = new Array<unknown>(1_000_000).fill({ email: 'a@example.com', isMainEmail: false });
    const started = performance.now();
    expect(issueAt({ ...minimalPrivate, emails: million }, 'emails').message).toBe(
      'Emails: at most 10 (this client has 1,000,000). Keep the ones that matter.',
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('the largest valid record fits the web host request cap (256 KiB) with room to spare', () => {
    const record = createCustomerSchema.parse(largestValidRecord());
    const bytes = Buffer.byteLength(JSON.stringify({ captureId: 'x'.repeat(36), record }));
    expect(bytes).toBeGreaterThan(150_000);
    expect(bytes).toBeLessThan(256 * 1024 - 16 * 1024);
    // And the server view accepts it as it is sent.
    expect(
      validateWireCreateCustomer(JSON.parse(JSON.stringify(encodeCreateCustomer(record)))),
    ).toMatchObject({
      ok: true,
    });
  });
});

describe('characters', () => {
  it('refuses a line break, a tab or another control character in a single-line field', () => {
    const cases: [string, string][] = [
      ['Ros\nsi', 'Last name cannot contain a line break (character 4): remove it.'],
      ['Ros\r\nsi', 'Last name cannot contain a line break (character 4): remove it.'],
      ['Ros\tsi', 'Last name cannot contain a tab (character 4): remove it.'],
      [
        'Ros\u0000si',
        'Last name cannot contain the invisible control character U+0000 (character 4): remove it.',
      ],
      [
        'Ros\u001bsi',
        'Last name cannot contain the invisible control character U+001B (character 4): remove it.',
      ],
      [
        'Ros\u007fsi',
        'Last name cannot contain the invisible control character U+007F (character 4): remove it.',
      ],
      [
        'Ros\u0085si',
        'Last name cannot contain the invisible control character U+0085 (character 4): remove it.',
      ],
      [
        '  Ros\u0007si',
        'Last name cannot contain the invisible control character U+0007 (character 6): remove it.',
      ],
    ];
    for (const [lastName, message] of cases) {
      expect(issueAt({ ...minimalPrivate, lastName }, 'lastName'), JSON.stringify(lastName)).toEqual({
        path: 'lastName',
        code: 'invalidCharacters',
        message,
      });
    }
  });

  it('single-line fields in list items and codes follow the same rule', () => {
    expect(issueAt(withValue('addresses.0.city', 'Mi\nlano'), 'addresses.0.city').code).toBe(
      'invalidCharacters',
    );
    expect(issueAt(withValue('emails.0.email', 'a\u0000b@example.com'), 'emails.0.email').code).toBe(
      'invalidCharacters',
    );
    expect(issueAt({ ...minimalPrivate, posCode: 'ES100:\u0001' }, 'posCode').code).toBe('invalidCharacters');
  });

  it('accepts padding tabs and line breaks around a single-line value (they are trimmed away)', () => {
    expect(createCustomerSchema.parse({ ...minimalPrivate, lastName: '\t Rossi \n' }).lastName).toBe('Rossi');
  });

  it('free text may hold line breaks (LF or CRLF) and tabs, but no other control character', () => {
    const notes = 'Line one\nLine two\r\n\tindented';
    expect(createCustomerSchema.parse({ ...minimalPrivate, notes }).notes).toBe(notes);
    const eventNotes = 'Roses\nred ones';
    expect(
      createCustomerSchema.parse(withValue('events.0.eventNotes', eventNotes)).events?.[0]?.eventNotes,
    ).toBe(eventNotes);
    expect(issueAt({ ...minimalPrivate, notes: 'a\u000cb' }, 'notes').code).toBe('invalidCharacters');
    expect(issueAt({ ...minimalPrivate, notes: 'a\rb' }, 'notes').message).toBe(
      'Notes cannot contain a line break (character 2): remove it.',
    );
    expect(
      issueAt(withValue('addresses.0.additionalInformation', 'x\u001by'), 'addresses.0.additionalInformation')
        .code,
    ).toBe('invalidCharacters');
  });

  it('refuses a lone UTF-16 surrogate, and accepts a surrogate pair', () => {
    expect(createCustomerSchema.parse({ ...minimalPrivate, lastName: 'Rossi 😀' }).lastName).toBe('Rossi 😀');
    for (const lastName of ['Ross\ud83d', '\ude00Rossi', 'Ro\ude00\ud83dssi']) {
      expect(issueAt({ ...minimalPrivate, lastName }, 'lastName').code, JSON.stringify(lastName)).toBe(
        'invalidCharacters',
      );
    }
    expect(issueAt({ ...minimalPrivate, notes: 'ok\ud800' }, 'notes').message).toBe(
      'Notes contains a broken character (half of an emoji or symbol, character 3): type it again.',
    );
  });

  it('findForbiddenCharacter reports the first problem and its position', () => {
    expect(findForbiddenCharacter('plain text é 😀', false)).toBeUndefined();
    expect(findForbiddenCharacter('a\ud800b\u0001', false)).toEqual({
      character: '\ud800',
      position: 2,
      kind: 'loneSurrogate',
    });
    expect(findForbiddenCharacter('a\tb', true)).toBeUndefined();
    expect(findForbiddenCharacter('a\tb', false)).toMatchObject({ position: 2, kind: 'control' });
  });

  it('the wire validator refuses control characters too', () => {
    const result = validateWireCreateCustomer({ ...minimalPrivate, lastName: 'Ros\u0000si' });
    expect(result).toMatchObject({ ok: false, errors: [{ fieldName: 'LastName' }] });
  });
});

describe('translations', () => {
  it('the renderer has a message for every schema issue code, the new ones included, in every language', () => {
    const folder = path.join(import.meta.dirname, '../../../renderer/src/i18n');
    const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
    expect(files).toHaveLength(7);
    for (const file of files) {
      const errors = (JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as { errors: object })
        .errors as Record<string, unknown>;
      for (const code of issueCodes) expect(typeof errors[code], `${file}: errors.${code}`).toBe('string');
    }
    expect(issueCodes).toEqual(expect.arrayContaining(['tooLong', 'invalidCharacters', 'tooManyItems']));
  });
});
