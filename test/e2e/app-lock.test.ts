// The app lock in a real Chromium through the web host, with an IT policy file (BOOSTER_POLICY_FILE): the
// staff PIN is set at first run (no way around it under a policy), part of a client is typed, the app is
// locked; nothing of the client is visible nor in the accessibility tree, main refuses client data, a wrong
// PIN says how many attempts are left, the right one gives back the draft exactly as typed, caret included.
// A reload while locked asks for the PIN again and then restores the same draft from disk.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startWebHost } from '../../tools/web-host/index';
import { launchChromium, screenshot, tempDir } from './support';

const PIN = '482917';
const LAST_NAME = 'Zqxwytlock';
const FIRST_NAME = 'Amélie';

const cleanups: (() => Promise<unknown>)[] = [];
const savedPolicyEnv = process.env['BOOSTER_POLICY_FILE'];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  if (savedPolicyEnv === undefined) delete process.env['BOOSTER_POLICY_FILE'];
  else process.env['BOOSTER_POLICY_FILE'] = savedPolicyEnv;
});

async function expectNoClientShown(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  const tree = await page.locator('body').ariaSnapshot();
  for (const value of [LAST_NAME, FIRST_NAME, 'Last name', 'Sent and pending']) {
    expect(text, `visible text shows "${value}"`).not.toContain(value);
    expect(tree, `accessibility tree shows "${value}"`).not.toContain(value);
  }
  expect(await page.getByLabel('Last name', { exact: true }).isVisible()).toBe(false);
}

async function unlock(page: Page, pin: string): Promise<void> {
  await page.getByLabel('Staff PIN', { exact: true }).fill(pin);
  await page.keyboard.press('Enter');
}

describe('app lock with an IT policy', () => {
  it('sets the PIN at first run, hides the client while locked, and gives the draft back exactly', async () => {
    const data = await tempDir('booster-e2e-lock-');
    cleanups.push(() => data.remove());
    const policyFile = path.join(data.dir, 'policy.json');
    await writeFile(
      policyFile,
      JSON.stringify({
        version: 1,
        environments: [
          { id: 'eu', name: 'Booster Europe', baseUrl: 'https://booster.example.com', authMode: 'apiKey' },
        ],
        idleLockMinutes: 1,
      }),
    );
    process.env['BOOSTER_POLICY_FILE'] = policyFile;
    const host = await startWebHost({ dataDir: path.join(data.dir, 'data') });
    cleanups.push(() => host.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // First run under a policy: the PIN must be set, twice, and the rules are explained.
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Set a staff PIN' }).waitFor();
    await page.getByText('IT requires an app lock on this laptop.').waitFor();
    expect(await page.getByRole('button', { name: 'Continue without app lock' }).count()).toBe(0);
    await expectNoClientShown(page);
    await page.getByLabel('New staff PIN').fill('111111');
    await page.getByLabel('Staff PIN again').fill('111111');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'must not be one digit repeated' }).waitFor();
    await page.getByLabel('New staff PIN').fill(PIN);
    await page.getByLabel('Staff PIN again').fill(PIN);
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();

    // Part of a client, the caret left inside the first name.
    await page.getByLabel('Last name', { exact: true }).fill(LAST_NAME);
    const firstName = page.getByLabel('First name', { exact: true });
    await firstName.fill(FIRST_NAME);
    await firstName.evaluate((input: HTMLInputElement) => input.setSelectionRange(2, 2));

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Booster Capture is locked' }).waitFor();
    await expectNoClientShown(page);
    await screenshot(page, 'app-locked');
    // Main refuses client data to anyone while locked, not only to this page.
    expect(await host.dispatch('outbox:list', undefined)).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(await host.dispatch('drafts:key', undefined)).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });

    await unlock(page, '000001');
    await page.getByRole('alert').filter({ hasText: 'Wrong PIN. 2 attempts left before a wait.' }).waitFor();
    await expectNoClientShown(page);

    await unlock(page, PIN);
    await page.getByLabel('Last name', { exact: true }).waitFor();
    expect(await page.getByLabel('Last name', { exact: true }).inputValue()).toBe(LAST_NAME);
    expect(await firstName.inputValue()).toBe(FIRST_NAME);
    await expect
      .poll(() =>
        firstName.evaluate((input: HTMLInputElement) => [
          document.activeElement === input,
          input.selectionStart,
          input.selectionEnd,
        ]),
      )
      .toEqual([true, 2, 2]);
    // Typing goes on where it stopped.
    await page.keyboard.type('x');
    expect(await firstName.inputValue()).toBe('Amxélie');
    await page.keyboard.press('Backspace');

    // A reload while locked: the PIN first, then the same draft, read back from disk.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Booster Capture is locked' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Booster Capture is locked' }).waitFor();
    await expectNoClientShown(page);
    await unlock(page, PIN);
    await page.getByLabel('Last name', { exact: true }).waitFor();
    await expect.poll(() => page.getByLabel('Last name', { exact: true }).inputValue()).toBe(LAST_NAME);
    expect(await page.getByLabel('First name', { exact: true }).inputValue()).toBe(FIRST_NAME);
    expect(pageErrors).toEqual([]);
  });
});
