// Setting up a laptop for an event: Booster sign-in with user name and password, reference data from a file
// (a bad file is refused naming the bad path), and the UI language, which stays chosen after a reload.
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost } from '../../tools/web-host/index';
import { startBoosterSimulator } from '../../tools/booster-sim/index';
import { launchChromium, screenshot, tempDir } from './support';

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
    await page.getByText('Saved and signed in.').waitFor();
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
    await page.getByRole('group', { name: 'Hobby 1' }).getByText('Skiing (SKI)').waitFor();

    // Language: French, kept after a reload.
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Language of the app').selectOption('fr');
    await page.getByRole('heading', { name: 'Réglages', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('navigation').getByRole('button', { name: 'Nouveau client' }).click();
    await page.getByLabel('Nom', { exact: true }).waitFor();
    // The draft open before the reload is back in the form, hobby included.
    await page.getByRole('group', { name: 'Loisir 1' }).getByText('Skiing (SKI)').waitFor();
    await page.getByText(/Brouillon enregistré à/).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    // Catalogue labels are in French too; Booster still receives the catalogue's code.
    await page.getByLabel('Genre').selectOption({ label: 'Femme' });
    expect(await page.getByLabel('Genre').inputValue()).toBe('F');
    await screenshot(page, 'capture-fr');
  });
});
