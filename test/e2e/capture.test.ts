// A new member of staff at a pop-up store: Booster is unreachable, three clients are captured (one reload in the
// middle of typing), Booster comes back, two are sent, one is refused; it is corrected and sent.
//
// Conventions this test relies on (documented for other tests):
// - every input is found by its visible label (English UI): page.getByLabel('Last name', { exact: true });
// - repeated items sit in a group named "<Item> <n>": page.getByRole('group', { name: 'Phone 2' });
// - screens are nav buttons: 'New client', 'Drafts', 'Sent and pending', 'Settings';
// - outbox cards are list items with data-state ('pending' | 'sending' | 'sent' | 'needsAttention').
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../tools/web-host/index';
import { startBoosterSimulator, type BoosterSimulator } from '../../tools/booster-sim/index';
import { launchChromium, saveEventProfile, reservePort, screenshot, tempDir } from './support';

const apiKey = 'e2e-api-key';
const blockedMessage = "Email domain 'blocked.example' is not accepted by Booster.";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function openScreen(page: Page, name: 'New client' | 'Drafts' | 'Sent and pending' | 'Settings') {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
}

async function setEventProfile(page: Page): Promise<void> {
  await openScreen(page, 'Settings');
  await saveEventProfile(page);
  await screenshot(page, 'settings');
  await openScreen(page, 'New client');
}

async function fillPrivateIdentity(
  page: Page,
  person: { title: string; last: string; first: string; gender: string },
) {
  await page.getByLabel('Title', { exact: true }).fill(person.title);
  await page.getByLabel('Last name', { exact: true }).fill(person.last);
  await page.getByLabel('First name', { exact: true }).fill(person.first);
  await page.getByLabel('Gender').selectOption({ label: person.gender });
}

async function finalize(page: Page): Promise<void> {
  await page.keyboard.press('Control+Enter');
  // The notice confirms main acknowledged; the form is then empty for the next client.
  await page.getByRole('status').filter({ hasText: 'is queued for Booster' }).waitFor();
  await expect.poll(() => page.getByLabel('Last name', { exact: true }).inputValue()).toBe('');
}

describe('capture at a pop-up store', () => {
  it('captures three clients offline, survives a reload, syncs when Booster is back, and resends a refused one', async () => {
    const data = await tempDir('booster-e2e-');
    cleanups.push(() => data.remove());
    const boosterPort = await reservePort();
    const host: WebHost = await startWebHost({
      dataDir: data.dir,
      boosterUrl: `http://127.0.0.1:${boosterPort}`,
      apiKey,
    });
    cleanups.push(() => host.close());
    const browser: Browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(host.url);
    await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();
    await setEventProfile(page);

    // 1. A private client with two phones and an address.
    await fillPrivateIdentity(page, { title: 'Mrs.', last: 'Dubois', first: 'Claire', gender: 'Female' });
    // The picker shows the profile's country by its name; Booster still receives 'fr'.
    await expect.poll(() => page.getByLabel('Country', { exact: true }).inputValue()).toBe('France');
    await page
      .getByRole('group', { name: 'Email 1' })
      .getByLabel('Email', { exact: true })
      .fill('claire.dubois@example.com');
    await page
      .getByRole('group', { name: 'Phone 1' })
      .getByLabel('Phone', { exact: true })
      .fill('06 12 34 56 78');
    await page.getByRole('button', { name: 'Add phone' }).click();
    const phone2 = page.getByRole('group', { name: 'Phone 2' });
    await phone2.getByLabel('Phone', { exact: true }).fill('01 42 68 53 00');
    await phone2.getByLabel('Phone type').selectOption('Home');
    await page.getByRole('button', { name: 'Add address' }).click();
    const address = page.getByRole('group', { name: 'Address 1' });
    await address.getByLabel('Street name and number').fill('12 rue de la Paix');
    await address.getByLabel('Postal code').fill('75002');
    await address.getByLabel('City name').fill('Paris');
    await page.getByLabel('Privacy policy acceptance for data storage', { exact: true }).check();
    await page.getByLabel('By email', { exact: true }).check();
    await screenshot(page, 'capture-private');
    await finalize(page);

    // 2. A company, with a reload in the middle of typing: the draft is intact afterwards.
    await page.getByLabel('Company', { exact: true }).check();
    await page
      .getByRole('group', { name: 'Email 1' })
      .getByLabel('Email', { exact: true })
      .fill('contact@lumiere.example');
    await page.getByText(/Draft saved at/).waitFor();
    // The last keystrokes are still inside the autosave delay when the page goes away.
    await page.getByLabel('Company name').pressSequentially('Maison Lumière SARL');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('Company name').inputValue()).toBe('Maison Lumière SARL');
    // Nothing personal outside IndexedDB: the copy kept for the moment of the reload is gone once
    // IndexedDB has the draft, and what localStorage keeps names no client.
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('booster-capture.draftRescue')))
      .toBe(null);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toMatch(/Lumière|lumiere|Dubois|claire/i);
    await openScreen(page, 'Drafts');
    await page.getByText('Maison Lumière SARL').waitFor();
    await screenshot(page, 'drafts');
    await page.getByRole('button', { name: 'Resume draft Maison Lumière SARL' }).click();
    await expect
      .poll(() =>
        page.getByRole('group', { name: 'Email 1' }).getByLabel('Email', { exact: true }).inputValue(),
      )
      .toBe('contact@lumiere.example');
    await page
      .getByRole('group', { name: 'Phone 1' })
      .getByLabel('Phone', { exact: true })
      .fill('01 45 00 00 01');
    await page.getByLabel('Privacy policy acceptance for data storage', { exact: true }).check();
    await finalize(page);

    // 3. A client Booster will refuse (the simulator rejects this email domain).
    await fillPrivateIdentity(page, { title: 'Mr.', last: 'Martin', first: 'Paul', gender: 'Male' });
    await page
      .getByRole('group', { name: 'Email 1' })
      .getByLabel('Email', { exact: true })
      .fill('paul@blocked.example');
    await page
      .getByRole('group', { name: 'Phone 1' })
      .getByLabel('Phone', { exact: true })
      .fill('06 98 76 54 32');
    // Finalizing too early shows the problem beside the field and moves focus there.
    await page.keyboard.press('Control+Enter');
    await page.getByRole('alert').filter({ hasText: 'problem' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('f-privacyPolicyAcceptanceStorage');
    await screenshot(page, 'capture-errors');
    await page.getByLabel('Privacy policy acceptance for data storage', { exact: true }).check();
    await finalize(page);

    // All three wait in the outbox while Booster is unreachable.
    await openScreen(page, 'Sent and pending');
    await expect.poll(() => page.locator('li.card[data-state="pending"]').count()).toBe(3);
    await page
      .getByRole('status')
      .filter({ hasText: /Offline|waiting/ })
      .first()
      .waitFor();
    await screenshot(page, 'outbox-pending');

    // Booster comes back.
    const simulator: BoosterSimulator = await startBoosterSimulator({
      port: boosterPort,
      apiKey,
      rejectRules: [{ field: 'emails.*.email', matches: '@blocked\\.example$', message: blockedMessage }],
    });
    cleanups.push(() => simulator.close());
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => page.locator('li.card[data-state="sent"]').count(), { timeout: 60_000 }).toBe(2);
    await expect
      .poll(() => page.locator('li.card[data-state="needsAttention"]').count(), { timeout: 60_000 })
      .toBe(1);
    await expect(
      page
        .locator('li.card[data-state="sent"]')
        .first()
        .getByText(/Booster id \d+/)
        .count(),
    ).resolves.toBe(1);
    expect(simulator.customers()).toHaveLength(2);
    await screenshot(page, 'outbox-synced');

    // Edit and resend: Booster's message is on the email field.
    await page.getByRole('button', { name: 'Edit and resend Martin, Paul' }).click();
    const email = page.getByRole('group', { name: 'Email 1' }).getByLabel('Email', { exact: true });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    // Focus lands on the field Booster refused, ready to type.
    await expect.poll(() => email.evaluate((element) => element === document.activeElement)).toBe(true);
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    await expect
      .poll(() => page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent())
      .toContain(blockedMessage);
    await screenshot(page, 'resend');
    await email.fill('paul.martin@example.com');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe(null);
    await finalize(page);

    await openScreen(page, 'Sent and pending');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => page.locator('li.card[data-state="sent"]').count(), { timeout: 60_000 }).toBe(3);
    expect(await page.locator('li.card[data-state="needsAttention"]').count()).toBe(0);
    expect(simulator.customers()).toHaveLength(3);
    await page
      .getByRole('status')
      .filter({ hasText: /All synced/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'outbox-all-sent');
    expect(pageErrors).toEqual([]);
  });
});
