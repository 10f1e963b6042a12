// Training mode end to end, in Chromium through the web host: staff switch to training, the banner is on every
// screen, a practice client is captured and "sent" (to the built-in training Booster, with its id); back in
// real work the real outbox does not show it, and the real Booster (the simulator) received nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type WebHost } from '../../tools/web-host/index';
import { launchChromium, saveEventProfile, screenshot, tempDir } from './support';

const banner = 'Training mode — nothing is sent to Booster';
const screens = ['New client', 'Drafts', 'Sent and pending', 'Settings'] as const;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function openScreen(page: Page, name: (typeof screens)[number]) {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
}

async function setTrainingMode(page: Page, on: boolean): Promise<void> {
  await openScreen(page, 'Settings');
  const toggle = page.getByRole('switch', { name: 'Training mode' });
  // The page reloads onto the other mode's drafts once main has switched.
  const reloaded = page.waitForEvent('load');
  if (on) await toggle.check();
  else await toggle.uncheck();
  await reloaded;
  await page.getByRole('heading', { level: 1 }).waitFor();
}

async function setEventProfile(page: Page): Promise<void> {
  await openScreen(page, 'Settings');
  await saveEventProfile(page);
}

describe('training mode', () => {
  it('marks every screen, sends only to the training Booster, and keeps training clients out of real work', async () => {
    const data = await tempDir('booster-e2e-training-');
    cleanups.push(() => data.remove());
    const host: WebHost = await startWebHost({ dataDir: data.dir, simulator: true });
    cleanups.push(() => host.close());
    const simulator = host.simulator!;
    const browser: Browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(host.url);
    await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();
    expect(await page.getByText(banner).count()).toBe(0);

    await setTrainingMode(page, true);
    // Announced once to assistive tech, and shown on every screen.
    await page.getByRole('status').filter({ hasText: 'Training mode is on' }).waitFor();
    for (const screen of screens) {
      await openScreen(page, screen);
      await page
        .getByRole('heading', { name: screen === 'Sent and pending' ? /Sent/ : screen, level: 1 })
        .waitFor();
      expect(await page.getByText(banner).isVisible(), screen).toBe(true);
    }
    await screenshot(page, 'training-settings');

    await setEventProfile(page);
    await openScreen(page, 'New client');
    await page.getByLabel('Title', { exact: true }).fill('Mrs.');
    await page.getByLabel('Last name', { exact: true }).fill('Traineeson');
    await page.getByLabel('First name', { exact: true }).fill('Practice');
    await page.getByLabel('Gender').selectOption({ label: 'Female' });
    await page
      .getByRole('group', { name: 'Email 1' })
      .getByLabel('Email', { exact: true })
      .fill('practice.traineeson@example.com');
    await page.getByLabel('Privacy policy acceptance for data storage', { exact: true }).check();
    await page.getByLabel('By email', { exact: true }).check();
    await page.keyboard.press('Control+Enter');
    await page.getByRole('status').filter({ hasText: 'is queued for Booster' }).waitFor();

    await openScreen(page, 'Sent and pending');
    const sent = page.locator('li.card[data-state="sent"]');
    await expect.poll(() => sent.count(), { timeout: 30_000 }).toBe(1);
    await sent.getByText('Traineeson').first().waitFor();
    await sent.getByText(/Booster id 1\b/).waitFor();
    expect(await page.getByText(banner).isVisible()).toBe(true);
    await screenshot(page, 'training-outbox');

    // Back to real work: no banner, no training client, and the real Booster never heard of it.
    await setTrainingMode(page, false);
    expect(await page.getByText(banner).count()).toBe(0);
    await openScreen(page, 'Sent and pending');
    await page.getByRole('heading', { name: /Sent/, level: 1 }).waitFor();
    expect(await page.locator('li.card').count()).toBe(0);
    expect(await page.getByText('Traineeson').count()).toBe(0);
    expect(simulator.customers()).toEqual([]);
    expect(simulator.requests().filter((request) => /customer/i.test(request.path))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
