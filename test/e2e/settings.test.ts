// Setting up a laptop for an event: Booster sign-in with user name and password, reference data from a file
// (a bad file is refused naming the bad path), and the UI language, which stays chosen after a reload. The event
// profile refuses what finalize would refuse, and saving a key says what Booster answered (issue 10, items 2, 9).
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startWebHost } from '../../tools/web-host/index';
import { startBoosterSimulator } from '../../tools/booster-sim/index';
import { launchChromium, reservePort, screenshot, tempDir } from './support';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('settings for an event', () => {
  it('signs in with user name and password, loads reference data, and switches the language', async () => {
    const data = await tempDir('booster-e2e-settings-');
    cleanups.push(() => data.remove());
    const simulator = await startBoosterSimulator({
      port: 0,
      users: [{ userName: 'staff@maison.example', password: 'correct horse' }],
    });
    cleanups.push(() => simulator.close());
    const host = await startWebHost({ dataDir: data.dir });
    cleanups.push(() => host.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    await page.goto(host.url);
    await page.getByRole('status').filter({ hasText: 'Booster not set up' }).waitFor();
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();

    // Sign in: a wrong password is refused, the right one signs in; the password never stays on screen.
    await page.getByLabel('Booster address').fill(simulator.url);
    await page.getByLabel('User name and password').check();
    await page.getByLabel('User name', { exact: true }).fill('staff@maison.example');
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByText('Booster refused the sign-in.', { exact: false }).waitFor();
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Password', { exact: true }).fill('correct horse');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByText('Saved and checked with Booster.').waitFor();
    await page.getByText(`Signed in to ${simulator.url}`).waitFor();

    // Reference data: a bad file names the bad path and changes nothing; a good one is used by the form.
    const fileInput = page.getByLabel('Load reference data file (JSON)');
    await fileInput.setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ interests: [{ code: 'CA-9' }] })),
    });
    await page.getByRole('alert').filter({ hasText: 'interests.0.label' }).waitFor();
    await fileInput.setInputFiles({
      name: 'event.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({ hobbies: [{ code: 'SKI', label: 'Skiing', translation: 'Ski' }] }),
      ),
    });
    await page.getByText('Reference data loaded from event.json.').waitFor();
    await screenshot(page, 'settings-signed-in');

    await page.getByRole('navigation').getByRole('button', { name: 'New client' }).click();
    await page.getByRole('button', { name: 'Add hobby' }).click();
    const hobby = page.getByRole('group', { name: 'Hobby 1' }).getByLabel('Hobby', { exact: true });
    await hobby.fill('SKI');
    await hobby.blur();
    // The picker shows the entry's name; Booster receives its code.
    await expect.poll(() => hobby.inputValue()).toBe('Skiing (SKI)');

    // Language: French, kept after a reload.
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Language of the app').selectOption('fr');
    await page.getByRole('heading', { name: 'Réglages', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('navigation').getByRole('button', { name: 'Nouveau client' }).click();
    await page.getByLabel('Nom', { exact: true }).waitFor();
    // The draft open before the reload is back in the form, hobby included.
    await expect
      .poll(() =>
        page.getByRole('group', { name: 'Loisir 1' }).getByLabel('Loisir', { exact: true }).inputValue(),
      )
      .toBe('Skiing (SKI)');
    await page.getByText(/Brouillon enregistré à/).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    // Catalogue labels are in French too; Booster still receives the catalogue's code.
    await page.getByLabel('Genre').selectOption({ label: 'Femme' });
    expect(await page.getByLabel('Genre').inputValue()).toBe('F');
    await screenshot(page, 'capture-fr');
  });

  it('the event profile refuses what finalize would, names each reason, and a valid one is inherited', async () => {
    const page = await openApp();
    await openSettings(page);
    const profile = page.getByRole('form', { name: 'Event profile' });

    // Values no picker can resolve: refused on save, each with its reason, the first wrong field focused.
    await pick(profile, 'POS code', 'Paris Pop-up');
    await pick(profile, 'Brand', 'Cartier Paris');
    await pick(profile, 'Country', 'Atlantis');
    await pick(profile, 'Language', 'Elvish');
    await profile.getByRole('button', { name: 'Save event profile' }).click();
    const refusal = profile.getByRole('alert');
    await refusal.getByText('Not saved: 4 fields need correcting.').waitFor();
    const reasons = await refusal.getByRole('listitem').allInnerTexts();
    expect(reasons).toHaveLength(4);
    expect(reasons[0]).toMatch(/^POS code: POS code must be the sales organisation/);
    expect(reasons[1]).toMatch(/^Brand: Brand must be the maison's code/);
    expect(reasons[2]).toMatch(/^Country: /);
    expect(reasons[3]).toMatch(/^Language: /);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe(await profile.getByLabel('POS code', { exact: true }).getAttribute('id'));
    for (const label of ['POS code', 'Brand', 'Country', 'Language']) {
      const box = profile.getByLabel(label, { exact: true });
      expect(await box.getAttribute('aria-invalid'), label).toBe('true');
      const described = (await box.getAttribute('aria-describedby')) ?? '';
      const errorText = await page.locator(`[id="${described.split(' ')[0]}"]`).innerText();
      expect(errorText.trim(), label).not.toBe('');
    }
    await screenshot(page, 'settings-profile-refused');

    // What staff typed, through the same pickers as the form: names become codes; the POS code is typed.
    await pick(profile, 'POS code', 'ES100:102048');
    await pick(profile, 'Brand', 'Cartier');
    await pick(profile, 'Country', 'France');
    await pick(profile, 'Language', 'French');
    await profile.getByLabel('Sale representative email').fill('rep@maison.example');
    await profile.getByRole('button', { name: 'Save event profile' }).click();
    await profile.getByRole('status').filter({ hasText: 'Event profile saved.' }).waitFor();

    // A new client inherits the codes, and finalize has nothing to say about them.
    await page.getByRole('navigation').getByRole('button', { name: 'New client' }).click();
    await page.getByText('Event: ES100:102048 · CAR').waitFor();
    await expect.poll(() => page.getByLabel('POS code', { exact: true }).inputValue()).toBe('ES100:102048');
    await page
      .getByRole('button', { name: /Finalize/ })
      .first()
      .click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    // The new client still lacks its name and consents, but nothing it inherited is among its problems.
    expect(await summary.getByRole('listitem').count()).toBeGreaterThan(0);
    for (const path of ['posCode', 'brand', 'countryId', 'languageId', 'saleRepresentativeEmail'])
      expect(await summary.locator(`a[href="#f-${path}"]`).count(), path).toBe(0);
  });

  it('a wrong key is answered "refused"; a key saved while Booster is down "will be checked"', async () => {
    const simulator = await startBoosterSimulator({ port: 0 });
    cleanups.push(() => simulator.close());
    const page = await openApp();
    await openSettings(page);

    await page.getByLabel('Booster address').fill(simulator.url);
    await page.getByRole('radio', { name: 'API key' }).check();
    await page.locator('#booster-key').fill('not-the-key');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByText('Booster refused this key.', { exact: false }).waitFor();
    await page.getByText(`Not signed in to ${simulator.url}`).waitFor();
    expect(await page.locator('#booster-key').inputValue()).toBe('');
    // Asked with the read-only session check: nothing was created or attempted with the wrong key.
    expect(simulator.requests().some((entry) => entry.method === 'GET' && entry.path === '/auth')).toBe(true);
    expect(simulator.requests().filter((entry) => entry.path === '/customer')).toHaveLength(0);

    // Nothing listens on this port: Booster is down.
    const down = `http://127.0.0.1:${await reservePort()}`;
    await page.getByLabel('Booster address').fill(down);
    await page.locator('#booster-key').fill(simulator.apiKey);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByText('Saved; it will be checked when Booster can be reached.').waitFor();
    await page.getByText(`Set up for ${down}; not checked yet`, { exact: false }).waitFor();
    expect(await page.getByText(`Signed in to ${down}`).count()).toBe(0);

    // Back on the simulator with the right key: checked, and only now "Signed in".
    await page.getByLabel('Booster address').fill(simulator.url);
    await page.locator('#booster-key').fill(simulator.apiKey);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByText('Saved and checked with Booster.').waitFor();
    await page.getByText(`Signed in to ${simulator.url}`).waitFor();
  });

  it('a press on Save straight from a picker is not lost to the error the picker shows on leaving', async () => {
    const page = await openApp();
    await openSettings(page);
    const profile = page.getByRole('form', { name: 'Event profile' });
    // Still in the box: leaving it by pressing Save shows "Choose … from the list" above the button.
    await profile.getByLabel('Country', { exact: true }).fill('Fra');
    await profile.getByRole('button', { name: 'Save event profile' }).click();
    await profile.getByRole('alert').getByText('Not saved: 1 field needs correcting.').waitFor();
  });
});

async function openApp(): Promise<Page> {
  const data = await tempDir('booster-e2e-settings-');
  cleanups.push(() => data.remove());
  const host = await startWebHost({ dataDir: data.dir });
  cleanups.push(() => host.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();
  return page;
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
}

/** Types into a picker and leaves it with Tab, as a person does: its list closes and the text is settled. */
async function pick(scope: Locator, label: string, text: string): Promise<void> {
  const box = scope.getByLabel(label, { exact: true });
  await box.fill(text);
  await box.press('Tab');
}
