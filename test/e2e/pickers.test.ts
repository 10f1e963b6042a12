// Pickers take what people type (issue 10): with the app in French, the phone country is typed as "Italy",
// "+39" and "Italie", the interest as "Watches", the language by its name; Booster receives the codes.
// Conventions as in capture.test.ts: fields by their visible label, repeated items in groups "<Item> <n>".
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startWebHost } from '../../tools/web-host/index';
import { startBoosterSimulator } from '../../tools/booster-sim/index';
import { launchChromium, reservePort, screenshot, tempDir } from './support';

const apiKey = 'e2e-pickers-key';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function openScreen(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
}

const phoneGroup = (page: Page) => page.getByRole('group', { name: 'Téléphone 1' });
const phoneCountry = (page: Page) => phoneGroup(page).getByRole('combobox', { name: 'Pays du téléphone' });

/** Types into a picker key by key, as a person does, and leaves it with Tab. */
async function typeAndTab(page: Page, box: ReturnType<Page['getByRole']>, text: string): Promise<void> {
  await box.fill('');
  await box.pressSequentially(text);
  await box.press('Tab');
}

async function fillClient(
  page: Page,
  client: { last: string; phone: string; phoneCountry: string; language: string },
): Promise<void> {
  await page.getByLabel('Civilité', { exact: true }).fill('Mrs.');
  await page.getByLabel('Nom', { exact: true }).fill(client.last);
  await page.getByLabel('Genre').selectOption({ label: 'Femme' });
  await typeAndTab(page, page.getByRole('combobox', { name: 'Langue', exact: true }), client.language);
  const country = page.getByRole('combobox', { name: 'Pays', exact: true });
  await typeAndTab(page, country, 'italy');
  // Names in the UI language, whatever was typed.
  await expect.poll(() => country.inputValue()).toBe('Italie');
  await phoneGroup(page).getByLabel('Téléphone', { exact: true }).fill(client.phone);
  await typeAndTab(page, phoneCountry(page), client.phoneCountry);
  await expect.poll(() => phoneCountry(page).inputValue()).toBe('Italie +39');
  await page.getByLabel('Politique de confidentialité acceptée', { exact: true }).check();
  await typeAndTab(page, page.getByRole('combobox', { name: 'Code POS', exact: true }), 'ES100:102048');
  const brand = page.getByRole('combobox', { name: 'Marque', exact: true });
  await typeAndTab(page, brand, 'cartier');
  await expect.poll(() => brand.inputValue()).toBe('Cartier (CAR)');
}

async function finalize(page: Page, last: string): Promise<void> {
  await page.keyboard.press('Control+Enter');
  await page.getByRole('status').filter({ hasText: last }).first().waitFor();
  await expect.poll(() => page.getByLabel('Nom', { exact: true }).inputValue()).toBe('');
}

describe('pickers in French', () => {
  it('take names, English names, dialling codes and catalogue labels, and Booster receives the codes', async () => {
    const data = await tempDir('booster-e2e-pickers-');
    cleanups.push(() => data.remove());
    const simulator = await startBoosterSimulator({ port: await reservePort(), apiKey });
    cleanups.push(() => simulator.close());
    const host = await startWebHost({ dataDir: data.dir, boosterUrl: simulator.url, apiKey });
    cleanups.push(() => host.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(host.url);
    await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();
    await openScreen(page, 'Settings');
    await page.getByLabel('Language of the app').selectOption('fr');
    await page.getByRole('heading', { name: 'Réglages', level: 1 }).waitFor();
    await openScreen(page, 'Nouveau client');

    // 1. "Italy" in English; "Watches" picked from the list with Enter, which does not finalize.
    await fillClient(page, {
      last: 'Alpha',
      phone: '347 123 4561',
      phoneCountry: 'Italy',
      language: 'italien',
    });
    await page.getByRole('button', { name: "Ajouter un centre d'intérêt" }).click();
    const interest = page
      .getByRole('group', { name: "Centre d'intérêt 1" })
      .getByRole('combobox', { name: "Centre d'intérêt" });
    await interest.pressSequentially('Watches');
    await page.getByRole('option', { name: 'Watches (CA-2)' }).waitFor();
    await screenshot(page, 'pickers-list-open');
    await interest.press('Enter');
    await expect.poll(() => interest.inputValue()).toBe('Watches (CA-2)');
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'pickers-fr');
    await finalize(page, 'Alpha');

    // 2. A dialling code.
    await fillClient(page, { last: 'Beta', phone: '347 123 4562', phoneCountry: '+39', language: 'English' });
    await finalize(page, 'Beta');

    // 3. Text that names nothing stays, reads "choose from the list" and blocks finalize; then "Italie".
    await fillClient(page, {
      last: 'Gamma',
      phone: '347 123 4563',
      phoneCountry: 'Italie',
      language: 'chinois',
    });
    await typeAndTab(page, phoneCountry(page), 'Italyy');
    await expect.poll(() => phoneCountry(page).inputValue()).toBe('Italyy');
    await expect.poll(() => phoneCountry(page).getAttribute('aria-invalid')).toBe('true');
    await phoneGroup(page).getByText('Choisissez « Pays du téléphone » dans la liste.').waitFor();
    await page.keyboard.press('Control+Enter');
    await page.getByRole('alert').filter({ hasText: 'Pays du téléphone' }).first().waitFor();
    expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe('Gamma');
    await typeAndTab(page, phoneCountry(page), 'Italie');
    await expect.poll(() => phoneCountry(page).getAttribute('aria-invalid')).toBe(null);
    await finalize(page, 'Gamma');

    await openScreen(page, 'Envoyés et en attente');
    await page.getByRole('button', { name: 'Synchroniser', exact: true }).click();
    await expect.poll(() => simulator.customers().length, { timeout: 60_000 }).toBe(3);

    type Body = {
      lastName: string;
      countryId?: string;
      brand?: string;
      languageId?: string;
      phones?: { countryPrefix: string }[];
      interests?: { sapInterestId: string; interest: string }[];
    };
    const bodies = new Map(
      simulator.customers().map(({ body }) => [(body as Body).lastName, body as Body] as const),
    );
    expect(bodies.get('Alpha')).toMatchObject({
      languageId: 'ita',
      countryId: 'it',
      brand: 'CAR',
      phones: [{ countryPrefix: 'it' }],
      interests: [{ sapInterestId: 'CA-2', interest: 'Watches' }],
    });
    expect(bodies.get('Beta')).toMatchObject({ languageId: 'eng', phones: [{ countryPrefix: 'it' }] });
    expect(bodies.get('Gamma')).toMatchObject({ languageId: 'chi', phones: [{ countryPrefix: 'it' }] });
    expect(pageErrors).toEqual([]);
  });
});
