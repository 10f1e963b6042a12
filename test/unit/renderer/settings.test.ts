import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from '../../../shared/booster';
import { SettingsStore } from '../../../renderer/src/lib/settings.svelte';
import { createFakeBridge } from '../../support/renderer/fakeBridge';
import { uniqueDb, testServices } from '../../support/renderer/setup';
import { validPrivateDraft } from '../../support/renderer/drafts';

function store() {
  const db = uniqueDb();
  const fake = createFakeBridge();
  return { db, fake, settings: new SettingsStore(db, () => fake) };
}

describe('SettingsStore', () => {
  it('keeps the event profile across restarts', async () => {
    const { db, settings } = store();
    await settings.saveEventProfile({
      posCode: 'ES100:102048',
      brand: 'CAR',
      saleRepresentativeEmail: 'rep@maison.example',
      countryId: 'fr',
      languageId: 'fre',
    });
    const again = new SettingsStore(db, () => createFakeBridge());
    await again.load();
    expect(again.eventProfile.posCode).toBe('ES100:102048');
    expect(again.eventProfile.languageId).toBe('fre');
  });

  it('loads a reference data file over the defaults and keeps it', async () => {
    const { db, settings } = store();
    const file = JSON.stringify({ hobbies: [{ code: 'SKI', label: 'Skiing', translation: 'Ski' }] });
    expect(await settings.loadCatalogueFile('event.json', file)).toEqual({ ok: true });
    expect(settings.catalogue.hobbies).toEqual([{ code: 'SKI', label: 'Skiing', translation: 'Ski' }]);
    expect(settings.catalogue.brands).toEqual(defaultCatalogue.brands);

    const again = new SettingsStore(db, () => createFakeBridge());
    await again.load();
    expect(again.catalogue.hobbies[0]?.code).toBe('SKI');
    expect(again.catalogueFile?.fileName).toBe('event.json');

    await again.resetCatalogue();
    expect(again.catalogue.hobbies).toEqual(defaultCatalogue.hobbies);
  });

  it('refuses a bad file, naming the bad path, and changes nothing', async () => {
    const { settings } = store();
    const bad = await settings.loadCatalogueFile(
      'bad.json',
      JSON.stringify({ interests: [{ code: 'CA-9' }] }),
    );
    expect(bad).toMatchObject({ ok: false, kind: 'invalid' });
    if (!bad.ok) expect(bad.message).toContain('interests.0.label');
    expect(settings.catalogue).toEqual(defaultCatalogue);

    const notJson = await settings.loadCatalogueFile('broken.json', '{ nope');
    expect(notJson).toMatchObject({ ok: false, kind: 'notJson' });
  });

  it('hands the API key straight to main and keeps no secret in the renderer', async () => {
    const { db, fake, settings } = store();
    const saved = await settings.configureBooster({
      mode: 'apiKey',
      baseUrl: 'https://booster.example',
      apiKey: 's3cret',
    });
    expect(saved).toMatchObject({ ok: true });
    expect(fake.calls.find((call) => call.method === 'auth.configure')?.request).toMatchObject({
      apiKey: 's3cret',
    });
    expect(settings.environment).toMatchObject({ baseUrl: 'https://booster.example', signedIn: true });
    expect(JSON.stringify(await db.settings.toArray())).not.toContain('s3cret');
    expect(JSON.stringify(settings.environment)).not.toContain('s3cret');
  });
});

describe('open draft after a reload', () => {
  it('reopens the draft that was in the form, and forgets a finalized one', async () => {
    const remembered: { id?: string } = {};
    const memory = { get: () => remembered.id, set: (id: string | undefined) => void (remembered.id = id) };
    const { services } = testServices();
    const { CaptureForm } = await import('../../../renderer/src/lib/captureForm.svelte');
    const form = new CaptureForm({
      drafts: services.drafts,
      bridge: () => createFakeBridge(),
      profile: () => services.settings.eventProfile,
      openDraft: memory,
    });
    form.data = validPrivateDraft({ lastName: 'Reloaded' });
    form.changed();
    await services.drafts.flush();
    expect(remembered.id).toBe(form.captureId);

    const afterReload = new CaptureForm({
      drafts: services.drafts,
      bridge: () => createFakeBridge(),
      profile: () => services.settings.eventProfile,
      openDraft: memory,
    });
    expect(await afterReload.restoreOpenDraft()).toBe(true);
    expect(afterReload.data.lastName).toBe('Reloaded');
    expect(afterReload.captureId).toBe(form.captureId);

    await afterReload.finalize({ duplicatesConfirmed: true });
    expect(remembered.id).toBeUndefined();
  });
});
