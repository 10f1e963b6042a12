// Settings under an IT policy, in a real Chromium through the web host (BOOSTER_POLICY_FILE) with two Booster
// simulators as the policy's two environments: Settings offers the policy's environments instead of an address
// box and only its languages; a switch needs the staff PIN (a wrong one is refused, the right one switches);
// switching with clients still queued for the old environment asks a person, with the right count, and "send
// them" delivers them to the new one; the event profile is exported and imported back, and an invalid file is
// refused naming the field.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBoosterSimulator } from '../../tools/booster-sim/index';
import { startWebHost } from '../../tools/web-host/index';
import { newCaptureId, sampleRecord } from '../support/core/records';
import { launchChromium, screenshot, tempDir } from './support';

const PIN = '482917';

const cleanups: (() => Promise<unknown>)[] = [];
const savedPolicyEnv = process.env['BOOSTER_POLICY_FILE'];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  if (savedPolicyEnv === undefined) delete process.env['BOOSTER_POLICY_FILE'];
  else process.env['BOOSTER_POLICY_FILE'] = savedPolicyEnv;
});

async function importProfile(page: Page, name: string, content: unknown): Promise<void> {
  await page.getByLabel('Import event profile').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
  });
}

describe('Settings under an IT policy', () => {
  it('offers the policy environments, needs the PIN to switch, asks about queued clients, and round-trips the event profile', async () => {
    const data = await tempDir('booster-e2e-policy-settings-');
    cleanups.push(() => data.remove());
    // Each Booster numbers its own clients; B's numbers start elsewhere so the two never give the same id.
    const simA = await startBoosterSimulator({ port: 0 });
    cleanups.push(() => simA.close());
    const dataFileB = path.join(data.dir, 'sim-b.json');
    await writeFile(dataFileB, JSON.stringify({ version: 1, nextId: 100_000, customers: [] }));
    const simB = await startBoosterSimulator({ port: 0, dataFile: dataFileB });
    cleanups.push(() => simB.close());
    const hostA = new URL(simA.url).host;
    const hostB = new URL(simB.url).host;
    const policyFile = path.join(data.dir, 'policy.json');
    await writeFile(
      policyFile,
      JSON.stringify({
        version: 1,
        environments: [
          { id: 'env-a', name: 'Booster A', baseUrl: simA.url, authMode: 'apiKey' },
          { id: 'env-b', name: 'Booster B', baseUrl: simB.url, authMode: 'apiKey' },
        ],
        allowedUiLanguages: ['en', 'fr'],
      }),
    );
    process.env['BOOSTER_POLICY_FILE'] = policyFile;
    const host = await startWebHost({ dataDir: path.join(data.dir, 'data') });
    cleanups.push(() => host.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // First run under a policy: the staff PIN.
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Set a staff PIN' }).waitFor();
    await page.getByLabel('New staff PIN').fill(PIN);
    await page.getByLabel('Staff PIN again').fill(PIN);
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();

    // The policy's environments, by name and host, instead of an address box; only the policy's languages.
    const environment = page.getByLabel('Booster environment');
    await environment.waitFor();
    expect(await page.getByLabel('Booster address').count()).toBe(0);
    expect(await environment.locator('option:not([disabled])').allTextContents()).toEqual([
      `Booster A (${hostA})`,
      `Booster B (${hostB})`,
    ]);
    expect(
      await page
        .getByLabel('Language of the app')
        .locator('option')
        .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value)),
    ).toEqual(['en', 'fr']);

    // Environment A with a key A refuses: sending pauses, so clients captured now wait for A.
    await environment.selectOption('env-a');
    await page.getByLabel('API key', { exact: true }).fill('not-the-key');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByLabel('Staff PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Switch', exact: true }).click();
    await page.getByText('Booster refused this key.', { exact: false }).waitFor();
    for (const index of [0, 1]) {
      const queued = await host.dispatch('outbox:enqueue', {
        captureId: newCaptureId(),
        record: sampleRecord(index),
      });
      expect(queued).toMatchObject({ ok: true, value: { state: 'pending' } });
    }

    // Switching to B: the question about A's two clients, and the PIN.
    await environment.selectOption('env-b');
    await page.getByLabel('API key', { exact: true }).fill(simB.apiKey);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    const question = page.getByRole('group', { name: `Switch to Booster B (${hostB})` });
    await question.getByText(`2 clients captured for Booster A (${hostA}) are waiting.`).waitFor();
    await screenshot(page, 'policy-settings-switch-question');
    await question.getByLabel('Staff PIN', { exact: true }).fill('000001');
    await question.getByRole('button', { name: `Send them to Booster B (${hostB})` }).click();
    await question
      .getByRole('alert')
      .filter({ hasText: 'Wrong PIN. 2 attempts left before a wait.' })
      .waitFor();
    expect(await host.dispatch('auth:environment', undefined)).toMatchObject({
      ok: true,
      value: { baseUrl: simA.url, environmentId: 'env-a' },
    });
    await question.getByLabel('Staff PIN', { exact: true }).fill(PIN);
    await question.getByRole('button', { name: `Send them to Booster B (${hostB})` }).click();
    await page.getByText('Saved and checked with Booster.').waitFor();
    expect(await question.count()).toBe(0);
    await expect.poll(() => simB.customers().length, { timeout: 20_000 }).toBe(2);
    expect(simA.customers()).toEqual([]);

    // The event profile: imported from a file, exported, and the export imported back.
    const profile = {
      posCode: 'ES100:102048',
      brand: 'CAR',
      saleRepresentativeEmail: 'anna@maison.example',
      countryId: 'FR',
      languageId: 'fre',
    };
    await importProfile(page, 'profile.json', {
      kind: 'booster-capture.eventProfile',
      version: 1,
      eventProfile: profile,
    });
    await page.getByText('Event profile imported and saved.').waitFor();
    expect(await page.getByLabel('POS code', { exact: true }).inputValue()).toBe('ES100:102048');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export event profile' }).click(),
    ]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      eventProfile: typeof profile;
    };
    expect(exported).toEqual({ kind: 'booster-capture.eventProfile', version: 1, eventProfile: profile });
    await importProfile(page, 'exported.json', exported);
    await page.getByText('Event profile imported and saved.').waitFor();

    // An invalid file: refused whole, naming each field; the saved profile is unchanged.
    await importProfile(page, 'bad.json', {
      kind: 'booster-capture.eventProfile',
      version: 1,
      eventProfile: { ...profile, saleRepresentativeEmail: 'not an email', posCod: 'x' },
    });
    const refusal = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('posCod');
    await importProfile(page, 'bad-email.json', {
      kind: 'booster-capture.eventProfile',
      version: 1,
      eventProfile: { ...profile, saleRepresentativeEmail: 'not an email' },
    });
    await refusal.filter({ hasText: 'Sale representative email' }).waitFor();
    expect(await page.getByLabel('Sale representative email', { exact: true }).inputValue()).toBe(
      'anna@maison.example',
    );
    await screenshot(page, 'policy-settings-import-refused');

    // Turning the app lock off needs the PIN under a policy: refused without it, naming the PIN.
    const lockPanel = page.getByRole('form', { name: 'App lock' });
    await lockPanel.getByRole('button', { name: 'Turn app lock off' }).click();
    await lockPanel.getByRole('alert').filter({ hasText: 'Staff PIN' }).waitFor();
    expect(await host.dispatch('lock:status', undefined)).toMatchObject({ value: { state: 'unlocked' } });
    await lockPanel.getByLabel('Staff PIN to turn the lock off').fill(PIN);
    await lockPanel.getByRole('button', { name: 'Turn app lock off' }).click();
    await expect
      .poll(async () => host.dispatch('lock:status', undefined))
      .toMatchObject({
        value: { state: 'off' },
      });
    expect(pageErrors).toEqual([]);
  });
});
