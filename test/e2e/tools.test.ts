// Event tools in real Chromium through the web host: the receipt lists the day's clients with their Booster
// ids and the consents each gave (as evidenced), and downloads a CSV whose rows match; the rescue export downloads a file that a second laptop (a fresh
// web host and data folder) imports, bringing the unsent clients over (issue 12).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import type { OutboxEntrySummary, SyncStatus } from '../../shared/ipc';
import { startWebHost, type WebHost } from '../../tools/web-host/index';
import { newCaptureId, sampleRecord } from '../support/core/records';
import { testKeySource } from '../support/core/testKeys';
import { waitUntil } from '../support/waitUntil';
import { launchChromium, screenshot, tempDir } from './support';

const axePath = path.resolve('node_modules/axe-core/axe.min.js');

/** WCAG 2.1 A/AA violations of the page as it is (axe-core, as test/e2e/accessibility.test.ts runs it). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: object): Promise<AxeResults> };
    };
    const results = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    if (results.passes.length === 0) return ['no rule passed'];
    return results.violations.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
    );
  });
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function host(
  name: string,
  options: Partial<Parameters<typeof startWebHost>[0]> = {},
): Promise<WebHost> {
  const data = await tempDir(`booster-e2e-tools-${name}-`);
  cleanups.push(() => data.remove());
  const started = await startWebHost({ dataDir: data.dir, keySource: testKeySource(data.dir), ...options });
  cleanups.push(() => started.close());
  return started;
}

async function dispatch<T>(target: WebHost, channel: string, request?: unknown): Promise<T> {
  const result = await target.dispatch(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

const todayInBrowser = () => {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

describe('event tools', () => {
  it('prints and downloads the receipt, and carries the unsent clients to another laptop', async () => {
    const laptop = await host('a', { simulator: true });
    // Arranged through the services as the page would: two clients sent, then one captured offline.
    const sent = [newCaptureId(), newCaptureId()];
    for (const [index, captureId] of sent.entries())
      await dispatch(laptop, 'outbox:enqueue', {
        captureId,
        record: sampleRecord(index, { lastName: `Sentclient${index}` }),
      });
    await waitUntil(
      async () => (await dispatch<SyncStatus>(laptop, 'sync:status')).counts.sent === 2,
      'two clients sent',
    );
    // The first client's ticks, recorded as the form records them (self-entry, in French): one consent given,
    // one given then withdrawn.
    for (const [purpose, given] of [
      ['privacyPolicyAcceptanceStorage', true],
      ['canBeContactedByMaison', true],
      ['canBeContactedByMaison', false],
    ] as const)
      await dispatch(laptop, 'consent:record', {
        captureId: sent[0],
        purpose,
        given,
        textId: `consent.${purpose}`,
        version: 1,
        language: 'fr',
        tickedBy: 'client',
      });
    await dispatch(laptop, 'auth:signOut');
    const unsent = newCaptureId();
    await dispatch(laptop, 'outbox:enqueue', {
      captureId: unsent,
      record: sampleRecord(7, { lastName: 'Unsentclient' }),
    });
    const ids = new Map(
      (await dispatch<{ items: OutboxEntrySummary[] }>(laptop, 'outbox:list', { limit: 10 })).items.map(
        (entry) => [entry.captureId, entry.boosterCustomerId],
      ),
    );

    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
      bypassCSP: true,
    });
    await page.goto(laptop.url);
    await page.getByRole('navigation').getByRole('button', { name: 'New client' }).waitFor();
    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { name: 'Event tools', level: 1 }).waitFor();

    // Receipt: a missing POS code is refused naming the field; then the day's three clients with their ids.
    await page.getByLabel('Point of sale code').fill('');
    await page.getByRole('button', { name: 'Show receipt' }).click();
    await page.getByRole('alert').filter({ hasText: 'point of sale' }).waitFor();
    await page.getByLabel('Point of sale code').fill('ES100:102048');
    await page.getByLabel('First day').fill(todayInBrowser());
    await page.getByLabel('Last day').fill(todayInBrowser());
    await page.getByRole('button', { name: 'Show receipt' }).click();
    const table = page.locator('table.receipt-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    for (const captureId of sent) {
      const row = table.locator(`tr[data-capture-id="${captureId}"]`);
      expect(await row.locator('td.booster-id').textContent()).toBe(String(ids.get(captureId)));
      expect(await row.textContent()).toContain('Sent');
    }
    expect(await table.locator(`tr[data-capture-id="${unsent}"]`).textContent()).toContain('Waiting to send');
    const consents = table.locator(`tr[data-capture-id="${sent[0]}"] td.consents li`);
    expect(await consents.allTextContents()).toEqual([
      'Privacy policy acceptance for data storage: given by the client (fr, v1)',
      'Can be contacted by maison: withdrawn by the client (fr, v1)',
    ]);
    expect(await table.locator(`tr[data-capture-id="${sent[1]}"] td.consents`).textContent()).toContain(
      'No consent recorded',
    );
    await screenshot(page, 'tools-receipt');
    expect(await axeViolations(page)).toEqual([]);
    // Printed (to paper or PDF): only the receipt and its signature line, none of the tools around it.
    await page.emulateMedia({ media: 'print' });
    expect(await table.isVisible()).toBe(true);
    expect(await page.getByText("Store manager's name and signature").isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Rescue export' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toBe(
      `receipt-ES100_102048-${todayInBrowser()}-${todayInBrowser()}.csv`,
    );
    const csv = await readFile((await csvDownload.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...csvRows] = csv.slice(1).split('\r\n').filter(Boolean);
    expect(header).toBe(
      'Captured at (UTC),Client,State,Booster id,Possible duplicate,Attempts,Capture id,' +
        'privacyPolicyAcceptanceStorage,canBeContactedByMaison,dataSharingConsent,allowStoreDataAbroad,' +
        'tvPrivacyPolicyAcceptanceStorage,tvAllowStoreDataAbroad',
    );
    expect(csvRows).toHaveLength(3);
    for (const captureId of [...sent, unsent]) {
      const line = csvRows.find((candidate) => candidate.includes(`,${captureId},`));
      expect(line, captureId).toBeDefined();
      expect(line).toContain(`,${ids.get(captureId) ?? ''},`);
    }
    expect(csvRows.find((line) => line.includes(`,${sent[0]},`))).toContain(
      `,${sent[0]},"given by client (fr, v1)","withdrawn by client (fr, v1)",none,none,none,none`,
    );
    expect(csvRows.find((line) => line.includes(`,${unsent},`))).toContain(
      `,${unsent},none,none,none,none,none,none`,
    );

    // Rescue export: two passphrases that differ are refused, then the file downloads.
    await page.getByLabel('Passphrase (at least 12 characters)').fill('rescue for the shop');
    await page.getByLabel('Passphrase again').fill('rescue for the shoq');
    await page.getByRole('button', { name: 'Export unsent clients' }).click();
    await page.getByRole('alert').filter({ hasText: 'not the same' }).waitFor();
    await page.getByLabel('Passphrase again').fill('rescue for the shop');
    const [rescueDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export unsent clients' }).click(),
    ]);
    await page.getByRole('status').filter({ hasText: '1 unsent client saved' }).waitFor();
    const rescueFile = (await rescueDownload.path())!;
    const rescueBytes = await readFile(rescueFile);
    expect(rescueBytes.toString('latin1')).not.toContain('Unsentclient');

    // A second laptop: a fresh data folder; a wrong passphrase changes nothing, the right one imports.
    const spare = await host('b');
    const sparePage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await sparePage.goto(spare.url);
    await sparePage.getByRole('navigation').getByRole('button', { name: 'Event tools' }).click();
    await sparePage.getByLabel('Rescue file').setInputFiles({
      name: path.basename(rescueDownload.suggestedFilename()),
      mimeType: 'application/octet-stream',
      buffer: rescueBytes,
    });
    await sparePage.getByLabel('Passphrase of the file').fill('not the passphrase');
    await sparePage.getByRole('button', { name: 'Import' }).click();
    await sparePage
      .getByRole('alert')
      .filter({ hasText: 'not the passphrase the rescue file was made with' })
      .waitFor();
    expect(
      (await dispatch<{ items: OutboxEntrySummary[] }>(spare, 'outbox:list', { limit: 10 })).items,
    ).toEqual([]);

    await sparePage.getByLabel('Passphrase of the file').fill('rescue for the shop');
    await sparePage.getByRole('button', { name: 'Import' }).click();
    await sparePage
      .getByRole('status')
      .filter({ hasText: '1 imported, 0 already on this laptop.' })
      .waitFor();
    const brought = (await dispatch<{ items: OutboxEntrySummary[] }>(spare, 'outbox:list', { limit: 10 }))
      .items;
    expect(brought.map((entry) => [entry.captureId, entry.state])).toEqual([[unsent, 'pending']]);
    await sparePage.getByRole('navigation').getByRole('button', { name: 'Sent and pending' }).click();
    await sparePage.getByText('Unsentclient', { exact: false }).first().waitFor();
    await screenshot(sparePage, 'tools-imported');
  });
});
