// A date that does not exist, typed with the keyboard in real Chromium: the box keeps showing it while the
// browser reports its value as '' (validity.badInput). The form must say so and refuse to finalize.
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost } from '../../tools/web-host/index';
import { launchChromium, tempDir } from './support';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('impossible dates', () => {
  it('02/31/2000 typed into Birth date shows "This date does not exist" and blocks finalize', async () => {
    const data = await tempDir('booster-e2e-dates-');
    cleanups.push(() => data.remove());
    const host = await startWebHost({ dataDir: data.dir });
    cleanups.push(() => host.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();

    const birth = page.getByLabel('Birth date', { exact: true });
    // Focus lands on the month: type as a person does, month, day and year.
    await birth.focus();
    await page.keyboard.type('02312000');
    // The browser's own reading: the text is there, the value is not.
    expect(await birth.evaluate((box: HTMLInputElement) => [box.value, box.validity.badInput])).toEqual([
      '',
      true,
    ]);
    await page.getByLabel('Last name', { exact: true }).focus();

    await expect.poll(() => birth.getAttribute('aria-invalid')).toBe('true');
    const errorId = await birth.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain('This date does not exist.');

    await page.keyboard.press('Control+Enter');
    const summary = page.getByRole('alert').filter({ hasText: /to fix before finalizing/ });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('This date does not exist.');

    // A real date clears it.
    await birth.fill('2000-02-28');
    await page.getByLabel('Last name', { exact: true }).focus();
    await expect.poll(() => birth.getAttribute('aria-invalid')).toBeNull();
  });
});
