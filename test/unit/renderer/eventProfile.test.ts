// The event profile refuses what finalize would refuse (issue 10, item 2), and Settings says what Booster
// answered to a saved key (item 9): the rules, the store, and the screen.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { CaptureForm } from '../../../renderer/src/lib/captureForm.svelte';
import { emptyEventProfile, type EventProfile } from '../../../renderer/src/lib/draftData';
import {
  eventProfileIssues,
  inheritableEventProfile,
  readStoredEventProfile,
} from '../../../renderer/src/lib/eventProfile';
import { describeIssue } from '../../../renderer/src/lib/messages';
import { SettingsStore } from '../../../renderer/src/lib/settings.svelte';
import { errorId, fieldId } from '../../../renderer/src/lib/fieldIds';
import en from '../../../renderer/src/i18n/en.json';
import { createFakeBridge } from '../../support/renderer/fakeBridge';
import { englishMessages, testServices, uniqueDb } from '../../support/renderer/setup';
import { format } from 'svelte-i18n';
import { get } from 'svelte/store';

beforeAll(englishMessages);
afterEach(cleanup);

/** What the older version saved when staff typed France, French, Cartier and Paris Pop-up. */
const savedByOlderVersion: EventProfile = {
  posCode: 'Paris Pop-up',
  brand: 'CARTIER',
  saleRepresentativeEmail: 'rep@maison.example',
  countryId: 'france',
  languageId: 'french',
};

const valid: EventProfile = {
  posCode: 'ES100:102048',
  brand: 'CAR',
  saleRepresentativeEmail: 'rep@maison.example',
  countryId: 'fr',
  languageId: 'fre',
};

describe('eventProfileIssues: the form rules', () => {
  it('refuses the four values staff reported, each on its field and in screen order', () => {
    const issues = eventProfileIssues(savedByOlderVersion);
    expect(issues.map((issue) => issue.path)).toEqual(['posCode', 'brand', 'countryId', 'languageId']);
    const t = get(format);
    const said = issues.map((issue) => describeIssue(issue, t));
    expect(said[0]).toMatch(/^POS code must be the sales organisation/);
    expect(said[1]).toMatch(/^Brand must be the maison's code/);
    expect(said[2]).toMatch(/Country/);
    expect(said[3]).toMatch(/Language/);
  });

  it('accepts a valid profile, and an empty one (every field is then asked for each client)', () => {
    expect(eventProfileIssues(valid)).toEqual([]);
    expect(eventProfileIssues(emptyEventProfile)).toEqual([]);
    expect(eventProfileIssues({ ...emptyEventProfile, posCode: '   ' })).toEqual([]);
  });

  it('refuses a sales representative email the form refuses, and a brand too long for any code', () => {
    expect(eventProfileIssues({ ...valid, saleRepresentativeEmail: 'rep@' })).toMatchObject([
      { path: 'saleRepresentativeEmail' },
    ]);
    expect(eventProfileIssues({ ...valid, brand: 'B'.repeat(10_000) })).toMatchObject([{ path: 'brand' }]);
  });

  it('a stored profile gives new clients only its valid values', () => {
    const issues = eventProfileIssues(savedByOlderVersion);
    expect(inheritableEventProfile(savedByOlderVersion, issues)).toEqual({
      ...emptyEventProfile,
      saleRepresentativeEmail: 'rep@maison.example',
    });
  });

  it('reads a stored row defensively: missing fields are empty, a field of the wrong type refuses the row', () => {
    expect(readStoredEventProfile({ posCode: 'ES100:1' })).toEqual({
      ...emptyEventProfile,
      posCode: 'ES100:1',
    });
    expect(readStoredEventProfile({ ...valid, brand: 7 })).toBeUndefined();
    expect(readStoredEventProfile('CAR')).toBeUndefined();
    expect(readStoredEventProfile(null)).toBeUndefined();
  });
});

describe('SettingsStore and the event profile', () => {
  it('refuses to save a wrong profile, naming every wrong field, and writes nothing', async () => {
    const db = uniqueDb();
    const settings = new SettingsStore(db, () => createFakeBridge());
    const refused = await settings.saveEventProfile(savedByOlderVersion);
    expect(refused).toMatchObject({ ok: false });
    if (!refused.ok)
      expect(refused.issues.map((issue) => issue.path)).toEqual([
        'posCode',
        'brand',
        'countryId',
        'languageId',
      ]);
    expect(await db.settings.get('eventProfile')).toBeUndefined();
    expect(settings.eventProfile).toEqual(emptyEventProfile);

    expect(await settings.saveEventProfile({ ...valid, posCode: '  ES100:102048 ' })).toEqual({ ok: true });
    expect(settings.eventProfile).toEqual(valid);
    expect((await db.settings.get('eventProfile'))?.value).toEqual(valid);
  });

  it('a wrong profile stored by an older version is kept to show, but new clients do not inherit it', async () => {
    const db = uniqueDb();
    await db.settings.put({ key: 'eventProfile', value: savedByOlderVersion });
    const { services } = testServices();
    const settings = new SettingsStore(db, () => createFakeBridge());
    await settings.load();
    expect(settings.storedEventProfile).toEqual(savedByOlderVersion);
    expect(settings.storedEventProfileIssues.map((issue) => issue.path)).toEqual([
      'posCode',
      'brand',
      'countryId',
      'languageId',
    ]);
    const form = new CaptureForm({
      drafts: services.drafts,
      bridge: () => createFakeBridge(),
      profile: () => settings.eventProfile,
    });
    expect(form.data).toMatchObject({
      posCode: '',
      brand: '',
      countryId: '',
      languageId: '',
      saleRepresentativeEmail: 'rep@maison.example',
    });
  });
});

async function openSettings(services: ReturnType<typeof testServices>['services']): Promise<void> {
  render(App, { props: { services } });
  await screen.findByRole('heading', { name: 'New client', level: 1 });
  services.ui.show('settings');
  await screen.findByRole('heading', { name: 'Settings', level: 1 });
}

const box = (path: string) => document.getElementById(fieldId(path)) as HTMLInputElement;

describe('the Settings screen', () => {
  it('shows a stored wrong profile with its errors, each tied to its field', async () => {
    const { services } = testServices();
    await services.db.settings.put({ key: 'eventProfile', value: savedByOlderVersion });
    await openSettings(services);
    await screen.findByText(en.settings.profile.storedInvalid);
    for (const path of ['posCode', 'brand', 'countryId', 'languageId']) {
      const input = box(path);
      expect(input.getAttribute('aria-invalid'), path).toBe('true');
      expect(input.getAttribute('aria-describedby') ?? '', path).toContain(errorId(path));
      expect(document.getElementById(errorId(path))?.textContent?.trim(), path).not.toBe('');
    }
    expect(box('saleRepresentativeEmail').getAttribute('aria-invalid')).toBeNull();
  });

  it('refuses a wrong value on save with its reason, focuses it, and saves once corrected', async () => {
    const { services } = testServices();
    await openSettings(services);
    await fireEvent.input(box('posCode'), { target: { value: 'Paris Pop-up' } });
    await fireEvent.input(box('brand'), { target: { value: 'CAR' } });
    await fireEvent.click(screen.getByRole('button', { name: en.settings.profile.save }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not saved: 1 field needs correcting.');
    expect(alert.textContent).toMatch(/POS code: POS code must be the sales organisation/);
    await waitFor(() => expect(document.activeElement).toBe(box('posCode')));
    expect(await services.db.settings.get('eventProfile')).toBeUndefined();

    await fireEvent.input(box('posCode'), { target: { value: 'ES100:102048' } });
    await fireEvent.click(screen.getByRole('button', { name: en.settings.profile.save }));
    await waitFor(() => expect(services.settings.eventProfile.posCode).toBe('ES100:102048'));
    expect(services.settings.eventProfile.brand).toBe('CAR');
    expect(services.form.data.posCode).toBe('ES100:102048');
  });

  it.each([
    ['accepted', en.settings.booster.checkAccepted, true],
    ['refused', en.settings.booster.checkRefusedKey, false],
    ['notChecked', en.settings.booster.checkNotChecked, false],
  ] as const)(
    'a key Booster answers "%s" says so, and is "Signed in" only when accepted',
    async (check, text, signedIn) => {
      const { services, fake } = testServices();
      fake.status = { ...fake.status, connectivity: 'unknown' };
      fake.credentialCheck = check;
      await openSettings(services);
      await fireEvent.input(screen.getByLabelText('Booster address'), {
        target: { value: 'https://booster.example' },
      });
      await fireEvent.input(screen.getByLabelText('API key', { selector: 'input[type="password"]' }), {
        target: { value: 'key' },
      });
      await fireEvent.click(screen.getByRole('button', { name: 'Save and sign in' }));
      await screen.findByText(text);
      expect(document.body.textContent?.includes('Signed in to https://booster.example')).toBe(signedIn);
    },
  );
});
