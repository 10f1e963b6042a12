// Self-entry at a stand, in a real Chromium through the web host and a Booster simulator: staff hand the laptop
// to the client, who fills in their part in their own language (French, Chinese) and ticks each consent after
// reading its full text; leaving needs the staff PIN (Escape and an empty or wrong PIN do not leave); the idle
// lock keeps what was typed; staff review, complete and finalize; Booster receives exactly the contract's
// fields, and main holds the evidence of each tick (who, which text, version, language, hash), shown on the event
// receipt and downloaded from Sent and pending for a data-subject request (under the page's strict CSP). A
// client from China without the cross-border consent is stopped at finalize, in the form and by main.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../tools/web-host/index';
import { customerFields } from '../../shared/booster/form-model';
import { consentTextFor, defaultConsentCatalogue, type ConsentPurpose } from '../../shared/consent/catalogue';
import { consentEvidenceSchema, consentExportSchema, type ConsentEvidence } from '../../shared/ipc/consent';
import { launchChromium, screenshot, tempDir } from './support';

const PIN = '482917';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const textOf = (purpose: ConsentPurpose, language: string) =>
  consentTextFor(defaultConsentCatalogue, purpose, language)!;

async function openStand(profile: {
  country: string;
  language: string;
}): Promise<{ host: WebHost; page: Page; errors: string[] }> {
  const data = await tempDir('booster-e2e-self-');
  cleanups.push(() => data.remove());
  const host = await startWebHost({ dataDir: data.dir, simulator: true });
  cleanups.push(() => host.close());
  // A staff PIN, as set at first run: the client leaves self-entry only with it.
  expect(await host.dispatch('lock:setPin', { pin: PIN })).toMatchObject({
    ok: true,
    value: { state: 'unlocked' },
  });
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^Settings/ })
    .click();
  const form = page.getByRole('form', { name: 'Event profile' });
  for (const [label, value] of [
    ['POS code', 'ES100:102048'],
    ['Brand', 'CAR'],
    ['Sale representative email', 'rep@maison.example'],
    ['Country', profile.country],
    ['Language', profile.language],
  ] as const) {
    const box = form.getByLabel(label, { exact: true });
    await box.fill(value);
    await box.press('Tab');
  }
  await page.getByRole('button', { name: 'Save event profile' }).click();
  await page.getByText('Event profile saved.').first().waitFor();
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^New client/ })
    .click();
  return { host, page, errors };
}

/** The client's view: the staff's form, hidden behind it, has fields of the same names. */
const selfEntry = (page: Page) => page.locator('.self-entry');

/** Nothing of the staff's app is reachable: no navigation, no counts, no drafts, no other screen. */
async function expectOnlySelfEntry(page: Page): Promise<void> {
  expect(await page.getByRole('navigation').count()).toBe(0);
  const text = await page.locator('body').innerText();
  for (const staffOnly of [
    'Sent and pending',
    'Drafts',
    'Sync now',
    'Settings',
    'Finalize',
    'Notes',
    'POS code',
  ])
    expect(text, staffOnly).not.toContain(staffOnly);
}

async function handToClient(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Hand to client' }).click();
  await selfEntry(page).getByRole('heading', { name: 'Your details', level: 1 }).waitFor();
  await expectOnlySelfEntry(page);
}

async function leaveWithPin(page: Page, pinLabel: string, leave: string): Promise<void> {
  await selfEntry(page).getByLabel(pinLabel, { exact: true }).fill(PIN);
  await selfEntry(page).getByRole('button', { name: leave }).click();
  await page.getByRole('navigation').waitFor();
}

async function finalizeAndSync(
  host: WebHost,
  page: Page,
): Promise<{ captureId: string; body: Record<string, unknown> }> {
  await page.keyboard.press('Control+Enter');
  await page.getByRole('status').filter({ hasText: 'is queued for Booster' }).waitFor();
  const simulator = host.simulator!;
  await expect.poll(() => simulator.customers().length, { timeout: 60_000 }).toBe(1);
  const listed = await host.dispatch('outbox:list', { limit: 10 });
  if (!listed.ok) throw new Error(listed.error.message);
  const [entry] = (listed.value as { items: { captureId: string }[] }).items;
  const body = simulator.customers()[0]!.body as Record<string, unknown>;
  // Exactly the contract: no evidence, no field of ours.
  const contract = new Set(customerFields.map((field) => field.key));
  expect(Object.keys(body).filter((key) => !contract.has(key))).toEqual([]);
  expect(JSON.stringify(body)).not.toMatch(/tickedBy|textHash|deviceId|consent\./);
  return { captureId: entry!.captureId, body };
}

async function evidenceOf(host: WebHost, captureId: string): Promise<ConsentEvidence[]> {
  const answer = await host.dispatch('consent:listForCapture', { captureId });
  if (!answer.ok) throw new Error(answer.error.message);
  return (answer.value as { evidence: unknown[] }).evidence.map((row) => consentEvidenceSchema.parse(row));
}

describe('client self-entry', () => {
  it('in French: the client fills in and consents, leaves only with the PIN, staff finalize, evidence is kept', async () => {
    const { host, page, errors } = await openStand({ country: 'France', language: 'French' });
    await handToClient(page);
    await selfEntry(page).getByLabel('Language of this screen', { exact: true }).selectOption('fr');
    await selfEntry(page).getByRole('heading', { name: 'Vos informations', level: 1 }).waitFor();
    await selfEntry(page).getByLabel('Nom', { exact: true }).fill('Zqxlefebvre');
    await selfEntry(page).getByLabel('Prénom', { exact: true }).fill('Élodie');
    await selfEntry(page)
      .getByRole('group', { name: 'E-mail 1' })
      .getByLabel('E-mail', { exact: true })
      .fill('elodie.lefebvre@example.com');
    await selfEntry(page)
      .getByRole('group', { name: 'Téléphone 1' })
      .getByLabel('Téléphone', { exact: true })
      .fill('06 12 34 56 78');

    // Each consent's full text, in French, ticked by the client; one given and then withdrawn.
    for (const purpose of [
      'privacyPolicyAcceptanceStorage',
      'canBeContactedByMaison',
      'dataSharingConsent',
    ] as const) {
      const text = textOf(purpose, 'fr');
      await selfEntry(page).getByText(text.text, { exact: true }).waitFor();
      await selfEntry(page)
        .getByRole('checkbox', { name: `J’accepte: ${text.title}` })
        .check();
    }
    await selfEntry(page)
      .getByRole('checkbox', { name: `J’accepte: ${textOf('dataSharingConsent', 'fr').title}` })
      .uncheck();
    await screenshot(page, 'self-entry-fr');

    // The idle lock hands the laptop back to the lock screen; after the PIN, the client's typing is intact.
    await host.dispatch('lock:lockNow', undefined);
    await page.getByRole('heading', { name: 'Booster Capture est verrouillé' }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Zqxlefebvre');
    await page.getByLabel('Code PIN du personnel', { exact: true }).fill(PIN);
    await page.keyboard.press('Enter');
    await selfEntry(page).getByRole('heading', { name: 'Vos informations', level: 1 }).waitFor();
    expect(await selfEntry(page).getByLabel('Nom', { exact: true }).inputValue()).toBe('Zqxlefebvre');
    expect(await selfEntry(page).getByLabel('Prénom', { exact: true }).inputValue()).toBe('Élodie');
    await expectOnlySelfEntry(page);

    // Done: hand back. Escape, an empty PIN and a wrong PIN do not leave.
    await selfEntry(page).getByRole('button', { name: 'J’ai terminé' }).click();
    await selfEntry(page).getByText('Merci. Veuillez rendre l’ordinateur à votre conseiller.').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+2');
    await selfEntry(page).getByRole('button', { name: 'Retour au formulaire' }).click();
    await page.getByRole('alert').filter({ hasText: 'Saisissez le code PIN du personnel.' }).waitFor();
    await selfEntry(page).getByLabel('Code PIN du personnel', { exact: true }).fill('000001');
    await selfEntry(page).getByRole('button', { name: 'Retour au formulaire' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Code PIN incorrect. Encore 2 essais avant une attente.' })
      .waitFor();
    await expectOnlySelfEntry(page);
    await screenshot(page, 'self-entry-fr-hand-back');
    await leaveWithPin(page, 'Code PIN du personnel', 'Retour au formulaire');

    // Staff review in their own language, complete and finalize.
    expect(await page.getByLabel('Last name', { exact: true }).inputValue()).toBe('Zqxlefebvre');
    expect(
      await page.getByLabel('Privacy policy acceptance for data storage', { exact: true }).isChecked(),
    ).toBe(true);
    await page.getByLabel('Title', { exact: true }).fill('Mrs.');
    await page.getByLabel('Gender').selectOption({ label: 'Female' });
    const { captureId, body } = await finalizeAndSync(host, page);
    expect(body).toMatchObject({
      lastName: 'Zqxlefebvre',
      firstName: 'Élodie',
      privacyPolicyAcceptanceStorage: true,
      canBeContactedByMaison: true,
    });
    expect(body['dataSharingConsent'] ?? false).toBe(false);

    const evidence = await evidenceOf(host, captureId);
    expect(evidence.map((row) => [row.purpose, row.given, row.tickedBy, row.language, row.version])).toEqual([
      ['privacyPolicyAcceptanceStorage', true, 'client', 'fr', 1],
      ['canBeContactedByMaison', true, 'client', 'fr', 1],
      ['dataSharingConsent', true, 'client', 'fr', 1],
      ['dataSharingConsent', false, 'client', 'fr', 1],
    ]);
    for (const row of evidence) {
      expect(row.textHash).toBe(sha256(textOf(row.purpose, 'fr').text));
      expect(row.textId).toBe(`consent.${row.purpose}`);
      expect(row.staff).toEqual({ name: 'rep@maison.example', source: 'eventProfile' });
      expect(row.deviceId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(row.at)).not.toBeNaN();
    }
    // For a data-subject request: every tick and the French texts as shown.
    const exported = await host.dispatch('consent:export', { captureId });
    if (!exported.ok) throw new Error(exported.error.message);
    const document = consentExportSchema.parse(exported.value).document;
    expect(document.evidence).toHaveLength(4);
    expect(document.texts.map((text) => text.text)).toContain(
      textOf('privacyPolicyAcceptanceStorage', 'fr').text,
    );

    // The event receipt shows what the client ticked in the form: the last answer per consent.
    await page.getByRole('navigation').getByRole('button', { name: 'Event tools' }).click();
    await page.getByRole('button', { name: 'Show receipt' }).click();
    const consentLines = page.locator(
      `table.receipt-table tr[data-capture-id="${captureId}"] td.consents li`,
    );
    await consentLines.first().waitFor();
    expect(await consentLines.allTextContents()).toEqual([
      'Privacy policy acceptance for data storage: given by the client (fr, v1)',
      'Can be contacted by maison: given by the client (fr, v1)',
      'Data sharing consent: withdrawn by the client (fr, v1)',
    ]);

    // Sent and pending: the client's evidence downloaded as JSON, each consent with who, language, version, hash.
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Sent and pending/ })
      .click();
    const exportButton = page.getByRole('button', { name: /^Export consent evidence of Zqxlefebvre/ });
    await exportButton.focus();
    const [evidenceDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Enter'),
    ]);
    expect(evidenceDownload.suggestedFilename()).toBe(`consent-evidence-${captureId}.json`);
    const downloaded = JSON.parse(await readFile((await evidenceDownload.path())!, 'utf8')) as {
      evidence: ConsentEvidence[];
      texts: { id: string; version: number; language: string; text: string; hash: string }[];
    };
    expect(
      downloaded.evidence.map((row) => [row.purpose, row.given, row.tickedBy, row.language, row.version]),
    ).toEqual([
      ['privacyPolicyAcceptanceStorage', true, 'client', 'fr', 1],
      ['canBeContactedByMaison', true, 'client', 'fr', 1],
      ['dataSharingConsent', true, 'client', 'fr', 1],
      ['dataSharingConsent', false, 'client', 'fr', 1],
    ]);
    for (const row of downloaded.evidence) {
      expect(row.textHash).toBe(sha256(textOf(row.purpose, 'fr').text));
      const shown = downloaded.texts.find((text) => text.id === row.textId && text.language === row.language);
      expect(shown?.hash).toBe(row.textHash);
      expect(sha256(shown!.text)).toBe(row.textHash);
    }
    await page.getByRole('status').filter({ hasText: 'The consent evidence of Zqxlefebvre' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('in Chinese: a client from China reads and gives the cross-border consent, then staff finalize', async () => {
    const { host, page, errors } = await openStand({ country: 'China', language: 'Chinese' });
    await handToClient(page);
    await selfEntry(page).getByLabel('Language of this screen', { exact: true }).selectOption('zh');
    await selfEntry(page).getByRole('heading', { name: '您的信息', level: 1 }).waitFor();
    await selfEntry(page).getByLabel('姓', { exact: true }).fill('Zqxwang');
    await selfEntry(page).getByLabel('名', { exact: true }).fill('Fang');
    await selfEntry(page)
      .getByRole('group', { name: '电子邮箱 1' })
      .getByLabel('电子邮箱', { exact: true })
      .fill('fang.wang@example.com');
    await selfEntry(page)
      .getByRole('group', { name: '电话 1' })
      .getByLabel('电话', { exact: true })
      .fill('138 0013 8000');
    for (const purpose of ['privacyPolicyAcceptanceStorage', 'allowStoreDataAbroad'] as const) {
      const text = textOf(purpose, 'zh');
      await selfEntry(page).getByText(text.text, { exact: true }).waitFor();
      await selfEntry(page)
        .getByRole('checkbox', { name: `我同意: ${text.title}` })
        .check();
    }
    await screenshot(page, 'self-entry-zh');
    await selfEntry(page).getByRole('button', { name: '我已填写完毕' }).click();
    await selfEntry(page).getByText('谢谢。请将电脑交还给您的顾问。').waitFor();
    await selfEntry(page).getByLabel('员工 PIN 码', { exact: true }).fill('999990');
    await selfEntry(page).getByRole('button', { name: '返回表单' }).click();
    await page.getByRole('alert').filter({ hasText: 'PIN 错误' }).waitFor();
    await expectOnlySelfEntry(page);
    await leaveWithPin(page, '员工 PIN 码', '返回表单');

    await page.getByLabel('Title', { exact: true }).fill('Ms.');
    await page.getByLabel('Gender').selectOption({ label: 'Female' });
    const { captureId, body } = await finalizeAndSync(host, page);
    expect(body).toMatchObject({
      lastName: 'Zqxwang',
      countryId: 'cn',
      allowStoreDataAbroad: true,
      privacyPolicyAcceptanceStorage: true,
    });
    const evidence = await evidenceOf(host, captureId);
    expect(evidence.map((row) => [row.purpose, row.given, row.tickedBy, row.language, row.version])).toEqual([
      ['privacyPolicyAcceptanceStorage', true, 'client', 'zh', 1],
      ['allowStoreDataAbroad', true, 'client', 'zh', 1],
    ]);
    for (const row of evidence) expect(row.textHash).toBe(sha256(textOf(row.purpose, 'zh').text));
    expect(errors).toEqual([]);
  });

  it('stops a client from China without the cross-border consent at finalize, naming China and the consent', async () => {
    const { host, page, errors } = await openStand({ country: 'China', language: 'Chinese' });
    await page.getByLabel('Title', { exact: true }).fill('Mr.');
    await page.getByLabel('Last name', { exact: true }).fill('Zqxli');
    await page.getByLabel('Gender').selectOption({ label: 'Male' });
    await page
      .getByRole('group', { name: 'Phone 1' })
      .getByLabel('Phone', { exact: true })
      .fill('139 1234 5678');
    await page.getByLabel('Privacy policy acceptance for data storage', { exact: true }).check();
    await page.keyboard.press('Control+Enter');
    const message =
      'Clients from China must give the consent “Consent for allowing cross-border data transfer” before they can be finalized.';
    await page.getByRole('alert').filter({ hasText: message }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-allowStoreDataAbroad');
    await screenshot(page, 'consent-country-rule');
    // Staff ticks are evidence too, recorded as staff's.
    await page.getByLabel('Consent for allowing cross-border data transfer', { exact: true }).check();
    await page.keyboard.press('Control+Enter');
    await page.getByRole('status').filter({ hasText: 'is queued for Booster' }).waitFor();
    const listed = await host.dispatch('outbox:list', { limit: 10 });
    if (!listed.ok) throw new Error(listed.error.message);
    const captureId = (listed.value as { items: { captureId: string }[] }).items[0]!.captureId;
    expect(
      (await evidenceOf(host, captureId)).map((row) => [row.purpose, row.tickedBy, row.language]),
    ).toEqual([
      ['privacyPolicyAcceptanceStorage', 'staff', 'en'],
      ['allowStoreDataAbroad', 'staff', 'en'],
    ]);

    // Main refuses the same record whatever the page says.
    const refused = await host.dispatch('outbox:enqueue', {
      captureId: '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
      record: {
        clientType: 'PRIVATE',
        title: 'Mr.',
        lastName: 'Zqxzhao',
        gender: 'M',
        languageId: 'chi',
        countryId: 'CN',
        posCode: 'ES100:102048',
        brand: 'CAR',
        privacyPolicyAcceptanceStorage: true,
        canBeContactedByMaison: false,
      },
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalidRecord',
        fields: [
          {
            path: 'allowStoreDataAbroad',
            code: 'consentRequiredForCountry',
            message: expect.stringMatching(/China.*allowStoreDataAbroad/),
          },
        ],
      },
    });
    expect(errors).toEqual([]);
  });
});
