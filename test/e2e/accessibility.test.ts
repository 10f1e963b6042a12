// Every screen, as staff reach it, checked with axe-core (WCAG 2.0/2.1 A and AA) in real Chromium through the
// web host and the Booster simulator: capture (empty, with errors, with the duplicate warning), drafts (none,
// some), sent and pending (sent, pending, needs attention) and settings, in English, French and Chinese.
// Also: a field near the bottom is never hidden under the sticky action bar, and the first paint is the
// form's skeleton, not a blank page.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AxeResults } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { OutboxEntrySummary } from '../../shared/ipc/outbox';
import { startWebHost, type WebHost } from '../../tools/web-host/index';
import { minimalPrivateClientExample } from '../support/arbitraries';
import { waitUntil } from '../support/waitUntil';
import { launchChromium, tempDir } from './support';

const axePath = path.resolve('node_modules/axe-core/axe.min.js');
const wcagAA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const blockedMessage = "Email domain 'blocked.example' is not accepted by Booster.";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function startHost(): Promise<WebHost> {
  const data = await tempDir('booster-e2e-a11y-');
  cleanups.push(() => data.remove());
  const host = await startWebHost({
    dataDir: data.dir,
    simulator: {
      rejectRules: [{ field: 'emails.*.email', matches: '@blocked\\.example$', message: blockedMessage }],
    },
  });
  cleanups.push(() => host.close());
  return host;
}

async function openBrowser(): Promise<Browser> {
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  return browser;
}

/** axe is injected as an inline script: the page's CSP (script-src 'self') is bypassed for the test only. */
async function openPage(browser: Browser, locale: string, viewport = { width: 1280, height: 800 }) {
  const context: BrowserContext = await browser.newContext({ locale, viewport, bypassCSP: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { page, pageErrors };
}

/** Each violation as one line a person can act on: screen, rule, impact, where, and what to do. */
async function axeViolations(page: Page, screen: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async (runOnly) => {
    const { axe } = window as unknown as {
      axe: { run(context: Document, options: object): Promise<AxeResults> };
    };
    const results = await axe.run(document, { runOnly });
    // A check that checked nothing (axe not run, an empty page) must not pass as "no violation".
    if (results.passes.length === 0) return [{ id: 'no-rule-passed', impact: null, help: '', targets: [] }];
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }, wcagAA);
  return violations.map(
    (violation) =>
      `${screen}: ${violation.id} (${violation.impact}) at ${violation.targets.join(' | ')}: ${violation.help}`,
  );
}

/** Nav buttons in their fixed order, so the same helper works in every language. */
const screenIndex = { capture: 0, drafts: 1, outbox: 2, settings: 3 } as const;
async function openScreen(page: Page, screen: keyof typeof screenIndex): Promise<void> {
  await page.getByRole('navigation').getByRole('button').nth(screenIndex[screen]).click();
  await page.locator('main h1').waitFor();
}

/** Each entry's state; none while a list fails (it can, when an entry changes while it is read: see report). */
async function outboxStates(host: WebHost): Promise<Record<string, string>> {
  const listed = await host.dispatch('outbox:list', { limit: 100 });
  if (!listed.ok) return {};
  const { items } = listed.value as { items: OutboxEntrySummary[] };
  return Object.fromEntries(items.map((item) => [item.captureId, item.state]));
}

async function enqueue(host: WebHost, record: Record<string, unknown>): Promise<string> {
  const captureId = randomUUID();
  const answer = await host.dispatch('outbox:enqueue', { captureId, record });
  if (!answer.ok) throw new Error(answer.error.message);
  return captureId;
}

/** One client sent, one Booster refused, and one pending while Booster answers 503 for the next hour. */
async function arrangeOutbox(host: WebHost): Promise<{ sentEmail: string; refusedName: string }> {
  const sentEmail = 'giulia.rossi@example.com';
  const sent = await enqueue(host, {
    ...minimalPrivateClientExample,
    emails: [{ email: sentEmail, isMainEmail: true }],
  });
  const refused = await enqueue(host, {
    ...minimalPrivateClientExample,
    lastName: 'Martin',
    firstName: 'Paul',
    emails: [{ email: 'paul@blocked.example', isMainEmail: true }],
  });
  await waitUntil(async () => {
    const states = await outboxStates(host);
    return states[sent] === 'sent' && states[refused] === 'needsAttention';
  }, 'the sent and the refused client');
  host.simulator!.configure({
    faults: { unavailable: { count: 1000, probability: 0, routes: ['customer'], retryAfterSeconds: 3600 } },
  });
  const pending = await enqueue(host, { ...minimalPrivateClientExample, lastName: 'Bianchi' });
  await waitUntil(
    async () => (await outboxStates(host))[pending] === 'pending' && host.simulator!.requests().length > 0,
    'the pending client',
  );
  return { sentEmail, refusedName: 'Martin, Paul' };
}

async function showFieldErrors(page: Page): Promise<void> {
  await page.keyboard.press('Control+Enter');
  await page.locator('.error-summary').waitFor();
  await page.locator('form [aria-invalid="true"]').first().waitFor();
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('finds no violation on any screen in English', async () => {
    const host = await startHost();
    const { sentEmail, refusedName } = await arrangeOutbox(host);
    const browser = await openBrowser();
    const { page, pageErrors } = await openPage(browser, 'en-US');
    const found: string[] = [];

    await page.goto(host.url);
    await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();
    found.push(...(await axeViolations(page, 'capture, empty')));

    await openScreen(page, 'drafts');
    await page.getByText('No drafts.', { exact: false }).waitFor();
    found.push(...(await axeViolations(page, 'drafts, none')));

    await openScreen(page, 'settings');
    found.push(...(await axeViolations(page, 'settings')));

    await openScreen(page, 'capture');
    await showFieldErrors(page);
    found.push(...(await axeViolations(page, 'capture, field errors')));

    await page.getByLabel('Last name', { exact: true }).fill('Lefèvre');
    await page.getByText(/Draft saved at/).waitFor();
    await openScreen(page, 'drafts');
    await page.getByRole('button', { name: /Resume draft Lefèvre/ }).waitFor();
    found.push(...(await axeViolations(page, 'drafts, one')));

    await openScreen(page, 'outbox');
    for (const state of ['sent', 'pending', 'needsAttention']) {
      await page.locator(`li.card[data-state="${state}"]`).first().waitFor();
    }
    found.push(...(await axeViolations(page, 'sent and pending')));

    // The refused client, corrected to the email of the sent one: the duplicate warning opens.
    await page.getByRole('button', { name: `Edit and resend ${refusedName}` }).click();
    const email = page.getByRole('group', { name: 'Email 1' }).getByLabel('Email', { exact: true });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    await email.fill(sentEmail);
    await page.keyboard.press('Control+Enter');
    await page.locator('.duplicate-warning').waitFor();
    found.push(...(await axeViolations(page, 'capture, duplicate warning')));

    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('finds no violation in French and in Chinese', async () => {
    const host = await startHost();
    await arrangeOutbox(host);
    const browser = await openBrowser();
    const found: string[] = [];
    for (const [locale, lang] of [
      ['fr-FR', 'fr'],
      ['zh-CN', 'zh-Hans'],
    ] as const) {
      const { page, pageErrors } = await openPage(browser, locale);
      await page.goto(host.url);
      await page.locator('main h1').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      found.push(...(await axeViolations(page, `${lang} capture, empty`)));
      await showFieldErrors(page);
      found.push(...(await axeViolations(page, `${lang} capture, field errors`)));
      await openScreen(page, 'drafts');
      found.push(...(await axeViolations(page, `${lang} drafts`)));
      await openScreen(page, 'outbox');
      await page.locator('li.card[data-state="needsAttention"]').first().waitFor();
      found.push(...(await axeViolations(page, `${lang} sent and pending`)));
      await openScreen(page, 'settings');
      found.push(...(await axeViolations(page, `${lang} settings`)));
      expect(pageErrors).toEqual([]);
      await page.context().close();
    }
    expect(found).toEqual([]);
  });
});

/** Where the bar covers `selector`'s element, if anywhere: its box overlaps the bar, or another element is
 *  drawn at its centre. */
async function coveredByActionBar(page: Page, selector: string): Promise<string | undefined> {
  return page.evaluate((selector) => {
    const element = document.querySelector(selector);
    const bar = document.querySelector('.action-bar');
    if (!element || !bar) return `missing ${element ? '.action-bar' : selector}`;
    const box = element.getBoundingClientRect();
    const barTop = bar.getBoundingClientRect().top;
    if (box.bottom > barTop) return `${selector} ends at ${box.bottom}px, the bar starts at ${barTop}px`;
    const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (!atCentre || !element.contains(atCentre))
      return `${selector} is under ${atCentre?.outerHTML.slice(0, 80)}`;
    return undefined;
  }, selector);
}

describe('the sticky action bar', () => {
  // A small laptop window, and a touch laptop (coarse pointer: taller controls and bar).
  it.each([
    { window: 'small window', hasTouch: false },
    { window: 'touch screen', hasTouch: true },
  ])('never hides the last wrong field or an error beside it ($window)', async ({ hasTouch }) => {
    const data = await tempDir('booster-e2e-a11y-bar-');
    cleanups.push(() => data.remove());
    const host = await startWebHost({ dataDir: data.dir });
    cleanups.push(() => host.close());
    const browser = await openBrowser();
    const context = await browser.newContext({ viewport: { width: 760, height: 560 }, hasTouch });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'New client', level: 1 }).waitFor();
    await showFieldErrors(page);

    // The last wrong field, its error, and the error of the wrong field before it (the one Tab comes from).
    const wrong = page.locator('form [aria-invalid="true"]');
    const last = wrong.last();
    const ids = await wrong.evaluateAll((elements) =>
      elements.slice(-2).map((element) => ({
        field: element.id,
        error: element.getAttribute('aria-describedby')?.split(' ')[0] ?? '',
      })),
    );
    expect(ids).toHaveLength(2);
    const [before, lastIds] = ids as [(typeof ids)[0], (typeof ids)[0]];
    expect(lastIds.error).toMatch(/error/);
    const field = `[id="${lastIds.field}"]`;
    const watched = [field, `[id="${lastIds.error}"]`];
    // The error beside it in the same row is as much in view as its own.
    const sameRow = await page.evaluate(
      (selectors: string[]) => {
        const [a, b] = selectors.map((selector) => document.querySelector(selector)!.getBoundingClientRect());
        return Math.abs(a!.top - b!.top) < 1;
      },
      [`[id="${before.field}"]`, field],
    );
    if (sameRow) watched.push(`[id="${before.error}"]`);

    const check = async (how: string) => {
      await expect.poll(() => last.evaluate((element) => element === document.activeElement)).toBe(true);
      for (const selector of watched) {
        expect({ how, selector, covered: await coveredByActionBar(page, selector) }).toEqual({
          how,
          selector,
          covered: undefined,
        });
      }
    };

    // Focus given by script (as finalize and the error summary do), from the top of the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await last.focus();
    await check('focus()');

    // The error summary's link to it.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('.error-summary a').last().click();
    await check('error summary link');

    // Tab from the control before it, with the page scrolled so that the field starts just above the bar.
    await page.evaluate((selector) => {
      const element = document.querySelector(selector)!;
      const bar = document.querySelector('.action-bar')!;
      window.scrollBy(0, element.getBoundingClientRect().bottom - bar.getBoundingClientRect().top + 2);
    }, field);
    await page.evaluate((selector) => {
      const controls = [...document.querySelectorAll<HTMLElement>('form input, form select, form textarea')];
      const index = controls.indexOf(document.querySelector<HTMLElement>(selector)!);
      controls[index - 1]!.focus({ preventScroll: true });
    }, field);
    await page.keyboard.press('Tab');
    await check('Tab');
    expect(pageErrors).toEqual([]);
  });
});

describe('the first paint', () => {
  it('is the form skeleton in the served HTML, replaced by a usable form once the app runs', async () => {
    const data = await tempDir('booster-e2e-a11y-paint-');
    cleanups.push(() => data.remove());
    const host = await startWebHost({ dataDir: data.dir });
    cleanups.push(() => host.close());
    const browser = await openBrowser();

    // Before any script runs: the skeleton is in the page, styled by the linked stylesheet.
    const still = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 800 },
    });
    const stillPage = await still.newPage();
    await stillPage.goto(host.url);
    const skeleton = stillPage.locator('#app .app-skeleton');
    expect(await skeleton.getAttribute('aria-hidden')).toBe('true');
    expect(await stillPage.locator('#app').getAttribute('aria-busy')).toBe('true');
    expect(await skeleton.locator('.form-skeleton .skeleton-box').count()).toBeGreaterThanOrEqual(6);
    const look = await skeleton
      .locator('.skeleton-box')
      .first()
      .evaluate((box) => {
        const style = getComputedStyle(box);
        return { height: box.getBoundingClientRect().height, border: style.borderTopStyle };
      });
    expect(look.height).toBeGreaterThan(30);
    expect(look.border).toBe('solid');
    await still.close();

    // Once the app runs: the skeleton is gone and the form takes typing.
    const { page, pageErrors } = await openPage(browser, 'en-US');
    await page.goto(host.url);
    const lastName = page.getByLabel('Last name', { exact: true });
    await lastName.fill('Dupont');
    expect(await lastName.inputValue()).toBe('Dupont');
    expect(await page.locator('.app-skeleton, .form-skeleton').count()).toBe(0);
    expect(await page.locator('#app').getAttribute('aria-busy')).toBe(null);
    expect(await page.locator('main').getAttribute('aria-busy')).toBe('false');
    expect(pageErrors).toEqual([]);
  });
});
