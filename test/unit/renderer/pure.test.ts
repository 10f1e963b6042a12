import { describe, expect, it } from 'vitest';
import { buildRecord, draftFromRecord, emptyDraft } from '../../../renderer/src/lib/draftData';
import { answerSyncNow, clockTime, summarizeSync, timeLocales } from '../../../renderer/src/lib/syncSummary';
import { shortcutFor } from '../../../renderer/src/lib/shortcuts';
import { describeIpcError, describeIssue, type Translate } from '../../../renderer/src/lib/messages';
import { inFormOrder } from '../../../renderer/src/lib/formLayout';
import {
  catalogueMessageKey,
  resolvePickerInput,
  translatedCatalogue,
} from '../../../renderer/src/lib/pickerOptions';
import { idleStatus } from '../../support/renderer/fakeBridge';
import { mergeEntries } from '../../../renderer/src/lib/outboxEntries';
import type { OutboxEntrySummary } from '../../../shared/ipc';
import { validPrivateDraft } from '../../support/renderer/drafts';
import { defaultCatalogue } from '../../../shared/booster';
import fr from '../../../renderer/src/i18n/fr.json';
import en from '../../../renderer/src/i18n/en.json';

describe('buildRecord', () => {
  it('leaves out blank rows, empty strings and fields of the other client type', () => {
    const data = validPrivateDraft({
      companyName: 'Should not be sent',
      emails: [
        { email: '  ', isMainEmail: true },
        { email: ' b@example.com ', isMainEmail: false },
      ],
      middleName: '  ',
    });
    const built = buildRecord(data);
    expect(built.record.companyName).toBeUndefined();
    expect(built.record.middleName).toBeUndefined();
    expect(built.record.emails).toEqual([{ email: 'b@example.com', isMainEmail: true }]);
    expect(built.toFormPath('emails.0.email')).toBe('emails.1.email');
    expect(built.toFormPath('lastName')).toBe('lastName');
    expect(built.record.tvPrivacyPolicyAcceptanceStorage).toBeUndefined();
    expect(built.record.contactBySMSFlag).toBe(false);

    const company = buildRecord({ ...data, clientType: 'COMPANY', title: 'Mr.', gender: 'M' });
    expect(company.record.companyName).toBe('Should not be sent');
    expect(company.record.title).toBeUndefined();
    expect(company.record.gender).toBeUndefined();
  });

  it('leaves the capture time to main: no registrationDate unless the client carries one', () => {
    expect(buildRecord(validPrivateDraft()).record).not.toHaveProperty('registrationDate');
    expect(buildRecord(validPrivateDraft({ registrationDate: '' })).record).not.toHaveProperty(
      'registrationDate',
    );
  });

  it('round-trips through draftFromRecord', () => {
    const data = validPrivateDraft({ birthDate: '1990-05-01', registrationDate: '2026-11-28T10:00:00.000Z' });
    const back = draftFromRecord(buildRecord(data).record);
    expect(back.lastName).toBe(data.lastName);
    expect(back.birthDate).toBe('1990-05-01');
    expect(back.registrationDate).toBe('2026-11-28T10:00:00.000Z');
    expect(back.phones).toEqual(data.phones);
    expect(back.emails).toEqual(data.emails);
    expect(draftFromRecord({}).emails).toEqual([]);
    expect(emptyDraft().emails).toHaveLength(1);
  });
});

describe('summarizeSync', () => {
  const counts = (pending: number) => ({ ...idleStatus.counts, pending });
  const now = new Date('2026-11-28T10:30:00.000Z');
  it('says what a person needs to know first', () => {
    expect(summarizeSync(undefined, now)).toEqual({ kind: 'unknown' });
    expect(summarizeSync({ ...idleStatus, pausedReason: 'signInNeeded', activity: 'paused' }, now)).toEqual({
      kind: 'signInNeeded',
    });
    expect(summarizeSync({ ...idleStatus, connectivity: 'offline', counts: counts(3) }, now)).toEqual({
      kind: 'offline',
      waiting: 3,
    });
    expect(
      summarizeSync(
        {
          ...idleStatus,
          activity: 'syncing',
          counts: counts(5),
          progress: { done: 2, total: 5 },
        },
        now,
      ),
    ).toEqual({
      kind: 'syncing',
      done: 2,
      total: 5,
    });
    expect(summarizeSync({ ...idleStatus, counts: counts(2) }, now)).toEqual({ kind: 'waiting', waiting: 2 });
    expect(summarizeSync({ ...idleStatus, lastSuccessfulSyncAt: '2026-11-28T10:00:00.000Z' }, now)).toEqual({
      kind: 'allSynced',
      at: '2026-11-28T10:00:00.000Z',
    });
  });

  it('never gives a retry time that is not in the future', () => {
    const failing = (nextRetryAt: string) => ({
      ...idleStatus,
      counts: counts(1),
      nextRetryAt,
      lastError: { code: 'boosterFailing', message: 'Booster is failing.' },
    });
    expect(summarizeSync(failing('2026-11-28T10:35:00.000Z'), now)).toEqual({
      kind: 'boosterFailing',
      at: '2026-11-28T10:35:00.000Z',
    });
    for (const past of ['2026-11-28T10:30:00.000Z', '2026-11-28T05:00:00.000Z'])
      expect(summarizeSync(failing(past), now)).toEqual({ kind: 'boosterFailing', retryingNow: true });
  });
});

describe('answerSyncNow', () => {
  const now = new Date('2026-11-28T10:42:00.000Z');
  it('says Booster is still unreachable with the time of the try, or why sending is paused', () => {
    expect(answerSyncNow({ ...idleStatus, connectivity: 'offline' }, now)).toEqual({
      kind: 'stillOffline',
      at: '2026-11-28T10:42:00.000Z',
    });
    expect(answerSyncNow({ ...idleStatus, activity: 'paused', pausedReason: 'signInNeeded' }, now)).toEqual({
      kind: 'signInNeeded',
    });
    expect(answerSyncNow({ ...idleStatus, activity: 'paused', pausedReason: 'notConfigured' }, now)).toEqual({
      kind: 'notConfigured',
    });
    expect(answerSyncNow({ ...idleStatus }, now)).toEqual({
      kind: 'answered',
      at: '2026-11-28T10:42:00.000Z',
      summary: { kind: 'allSynced' },
    });
  });
});

describe('clockTime', () => {
  it("follows the locale's own clock, never a forced 12-hour one", () => {
    const iso = new Date(2026, 10, 28, 17, 42).toISOString();
    expect(clockTime(iso, 'de')).toBe('17:42');
    expect(clockTime(iso, 'fr')).toBe('17:42');
    expect(clockTime(iso, 'en-GB')).toBe('17:42');
    expect(clockTime(iso, 'en-US')).toMatch(/^5:42\sPM$/);
  });

  it('writes the UI language in the laptop region, so an English UI in Europe keeps a 24-hour clock', () => {
    expect(timeLocales('en', ['en-GB', 'fr-FR'])).toEqual(['en-GB', 'en']);
    expect(timeLocales('en', ['fr-FR'])).toEqual(['en']);
    expect(timeLocales('fr', ['en-US', 'fr-CH'])).toEqual(['fr-CH', 'fr']);
    const iso = new Date(2026, 10, 28, 17, 42, 9).toISOString();
    expect(clockTime(iso, timeLocales('en', ['en-GB']))).toBe('17:42');
    expect(clockTime(iso, timeLocales('en', ['en-GB']), true)).toBe('17:42:09');
  });
});

describe('shortcuts', () => {
  const key = (init: Partial<KeyboardEvent>) => ({
    key: '',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...init,
  });
  it('maps the documented keys', () => {
    expect(shortcutFor(key({ key: 'Enter', ctrlKey: true }))).toBe('finalize');
    expect(shortcutFor(key({ key: 'Enter', metaKey: true }))).toBe('finalize');
    expect(shortcutFor(key({ key: 'n', ctrlKey: true }))).toBe('newClient');
    expect(shortcutFor(key({ key: 'N', altKey: true }))).toBe('newClient');
    expect(shortcutFor(key({ key: '2', altKey: true }))).toBe('drafts');
    expect(shortcutFor(key({ key: 'n' }))).toBeUndefined();
    expect(shortcutFor(key({ key: 'Enter' }))).toBeUndefined();
  });
});

describe('messages', () => {
  const t: Translate = (id, options) => {
    const table: Record<string, string> = {
      'field.lastName': 'Nom',
      'errors.required': '{label} est obligatoire.',
      'ipcError.signInFailed': 'Connexion refusée.',
      'errors.fromBooster': 'Booster : {message}',
    };
    const text = table[id] ?? id;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(options?.values?.[name] ?? ''));
  };
  it('translates issues by code with the field label, and falls back to the sentence given', () => {
    expect(describeIssue({ path: 'lastName', code: 'required', message: 'x' }, t)).toBe(
      'Nom est obligatoire.',
    );
    expect(describeIssue({ path: 'emails.0.email', code: 'unknownCode', message: 'As given.' }, t)).toBe(
      'As given.',
    );
    expect(describeIssue({ path: 'emails.0.email', code: 'x', message: 'Blocked' }, t, 'booster')).toBe(
      'Booster : Blocked',
    );
    expect(describeIpcError({ code: 'signInFailed', message: 'refused' }, t)).toBe('Connexion refusée.');
    expect(describeIpcError({ code: 'somethingNew', message: 'What main said.' }, t)).toBe('What main said.');
  });

  it('orders issues as the form shows them', () => {
    const ordered = inFormOrder([
      { path: 'brand', code: 'required', message: '' },
      { path: 'emails.1.email', code: 'required', message: '' },
      { path: 'privacyPolicyAcceptanceStorage', code: 'required', message: '' },
      { path: 'emails.0.email', code: 'required', message: '' },
      { path: 'lastName', code: 'required', message: '' },
    ]);
    expect(ordered.map((issue) => issue.path)).toEqual([
      'lastName',
      'emails.0.email',
      'emails.1.email',
      'privacyPolicyAcceptanceStorage',
      'brand',
    ]);
  });

  it('resolves a typed code or name to a picker option', () => {
    const options = [
      { value: 'fr', label: 'France' },
      { value: 'it', label: 'Italy' },
    ];
    expect(resolvePickerInput(' FR ', options)?.value).toBe('fr');
    expect(resolvePickerInput('italy', options)?.value).toBe('it');
    expect(resolvePickerInput('Ita', options)).toBeUndefined();
  });
});

describe('shortcuts on a Mac keyboard', () => {
  it('reads Option+N by its physical key', () => {
    expect(
      shortcutFor({ key: '˜', code: 'KeyN', altKey: true, ctrlKey: false, metaKey: false, shiftKey: false }),
    ).toBe('newClient');
    expect(
      shortcutFor({
        key: '™',
        code: 'Digit2',
        altKey: true,
        ctrlKey: false,
        metaKey: false,
        shiftKey: false,
      }),
    ).toBe('drafts');
  });
});

describe('catalogue labels in the UI language', () => {
  const kinds = [
    'titles',
    'genders',
    'phoneTypes',
    'addressTypes',
    'eventTypes',
    'preferredContactMethods',
  ] as const;
  const lookup =
    (messages: Record<string, unknown>) =>
    (id: string, options: { default: string }): string => {
      let node: unknown = messages;
      for (const part of id.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
      return typeof node === 'string' ? node : options.default;
    };

  it('keys codes without dots or spaces', () => {
    expect(catalogueMessageKey('titles', 'Mr & Mrs')).toBe('catalogue.titles.mr_mrs');
    expect(catalogueMessageKey('titles', 'Mr.')).toBe('catalogue.titles.mr');
    expect(catalogueMessageKey('phoneTypes', 'Secondary Address')).toBe(
      'catalogue.phoneTypes.secondary_address',
    );
  });

  it('every shipped code has a message, and English keeps the catalogue wording', () => {
    for (const kind of kinds) {
      for (const item of defaultCatalogue[kind]) {
        const missing = `missing ${catalogueMessageKey(kind, item.code)}`;
        expect(lookup(en)(catalogueMessageKey(kind, item.code), { default: missing })).toBe(item.label);
        expect(lookup(fr)(catalogueMessageKey(kind, item.code), { default: missing })).not.toBe(missing);
      }
    }
  });

  it('translates shipped items; a loaded label or an unknown code keeps its own label; codes never change', () => {
    const items = [
      { code: 'Mobile', label: 'Mobile' },
      { code: 'Home', label: 'Residence' },
      { code: 'Pager', label: 'Pager' },
    ];
    expect(translatedCatalogue('phoneTypes', items, lookup(fr))).toEqual([
      { code: 'Mobile', label: 'Portable' },
      { code: 'Home', label: 'Residence' },
      { code: 'Pager', label: 'Pager' },
    ]);
    expect(
      translatedCatalogue(
        'preferredContactMethods',
        defaultCatalogue.preferredContactMethods,
        lookup(fr),
      ).map((item) => item.code),
    ).toEqual(defaultCatalogue.preferredContactMethods.map((item) => item.code));
  });
});

describe('mergeEntries', () => {
  const entry = (state: OutboxEntrySummary['state'], updatedAt: string): OutboxEntrySummary => ({
    captureId: '11111111-1111-4111-8111-111111111111',
    state,
    displayName: 'Rossi, Mario',
    enqueuedAt: '2026-11-28T10:00:00.000Z',
    updatedAt,
    attempts: 0,
    possibleDuplicate: false,
  });

  it('keeps the newer news of an entry, whatever order it arrives in', () => {
    const refused = entry('needsAttention', '2026-11-28T10:00:02.000Z');
    const finalized = entry('pending', '2026-11-28T10:00:00.000Z');
    // The push saying Booster refused it came first; the finalize's own answer arrives after it.
    expect(mergeEntries(mergeEntries([], [refused]), [finalized])).toEqual([refused]);
    expect(mergeEntries([finalized], [refused])).toEqual([refused]);
  });
});
