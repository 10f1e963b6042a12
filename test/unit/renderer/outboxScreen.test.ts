import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { OUTBOX_PAGE_SIZE } from '../../../renderer/src/lib/syncState.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { idleStatus, summaryFor } from '../../support/renderer/fakeBridge';
import { ManualClock } from '../../support/renderer/manualClock';

beforeAll(englishMessages);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function captureId(index: number): string {
  return `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

/** `count` pending clients one second apart, oldest first. */
function clients(count: number) {
  return Array.from({ length: count }, (_, index) =>
    summaryFor(
      captureId(index),
      `Client ${index}`,
      new Date(Date.UTC(2026, 10, 28, 9, 0, index)).toISOString(),
    ),
  );
}

/** jsdom's Blob has no text(): read it as a page of old would. */
function textOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

describe('sent and pending screen', () => {
  it('shows "Next try" only while that time is ahead, never a time already past', async () => {
    const clock = new ManualClock('2026-11-28T10:00:00.000Z');
    const { services, fake } = testServices({ clock });
    fake.entries = [
      { ...summaryFor(captureId(1), 'Rossi, Mario'), nextAttemptAt: '2026-11-28T10:05:00.000Z' },
    ];
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('outbox');
    const list = await screen.findByRole('list', { name: 'Sent and pending' });
    await waitFor(() => expect(within(list).getByText(/^Next try/)).toBeTruthy());

    clock.advance(6 * 60_000);
    clock.runTimers();
    await waitFor(() => expect(within(list).queryByText(/^Next try/)).toBeNull());
  });

  it('250 entries: shows the 200 newest first; "Show more" asks main for the next page newest first', async () => {
    const { services, fake } = testServices();
    const total = OUTBOX_PAGE_SIZE + 50;
    fake.entries = clients(total);
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('outbox');

    const list = await screen.findByRole('list', { name: 'Sent and pending' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(OUTBOX_PAGE_SIZE));
    const names = () =>
      within(list)
        .getAllByRole('heading', { level: 2 })
        .map((heading) => heading.textContent);
    expect(names()[0]).toBe(`Client ${total - 1}`);
    expect(names().at(-1)).toBe(`Client ${total - OUTBOX_PAGE_SIZE}`);

    await fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(total));
    expect(names()).toEqual(Array.from({ length: total }, (_, index) => `Client ${total - 1 - index}`));
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    // The button went away with the last page: focus stays on the screen.
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('heading', { name: 'Sent and pending', level: 1 }),
      ),
    );

    const listCalls = fake.calls.filter((call) => call.method === 'outbox.list').map((call) => call.request);
    expect(listCalls[0]).toEqual({ order: 'newestFirst', limit: OUTBOX_PAGE_SIZE });
    expect(listCalls.at(-1)).toEqual({
      order: 'newestFirst',
      limit: OUTBOX_PAGE_SIZE,
      cursor: expect.any(String),
    });
  });

  it('a filter asks main for its states, and shows entries not on any loaded page', async () => {
    const { services, fake } = testServices();
    const total = OUTBOX_PAGE_SIZE + 50;
    // The held clients are among the 50 oldest: not on the first page of "All".
    fake.entries = clients(total).map((entry, index) =>
      index < 3 ? { ...entry, state: 'needsAttention' as const } : entry,
    );
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('outbox');
    const list = await screen.findByRole('list', { name: 'Sent and pending' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(OUTBOX_PAGE_SIZE));

    await fireEvent.click(screen.getByRole('button', { name: /^Need attention/ }));
    await waitFor(() =>
      expect(
        within(list)
          .getAllByRole('heading', { level: 2 })
          .map((heading) => heading.textContent),
      ).toEqual(['Client 2', 'Client 1', 'Client 0']),
    );
    expect(fake.calls.filter((call) => call.method === 'outbox.list').at(-1)?.request).toEqual({
      order: 'newestFirst',
      limit: OUTBOX_PAGE_SIZE,
      states: ['needsAttention'],
    });
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: /^Pending/ }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(OUTBOX_PAGE_SIZE));
    expect(fake.calls.filter((call) => call.method === 'outbox.list').at(-1)?.request).toMatchObject({
      states: ['pending', 'sending'],
    });
  });

  it('takes every count (filters, navigation badge) from the engine status, not from loaded entries', async () => {
    const { services, fake } = testServices();
    fake.entries = clients(5);
    fake.status = {
      ...idleStatus,
      counts: { pending: 240, sending: 1, sent: 2, needsAttention: 7, possibleDuplicate: 0 },
    };
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    const nav = screen.getByRole('navigation');
    await waitFor(() => expect(within(nav).getByRole('button', { name: 'Sent and pending 7' })).toBeTruthy());
    services.ui.show('outbox');
    expect(await screen.findByRole('button', { name: 'All 250' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Need attention 7' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Pending 241' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sent 2' })).toBeTruthy();

    // A push moves the counts with it, whatever is loaded.
    fake.push({
      status: { ...fake.status, counts: { ...fake.status.counts, needsAttention: 8, pending: 239 } },
      changed: [],
    });
    await waitFor(() => expect(within(nav).getByRole('button', { name: 'Sent and pending 8' })).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Need attention 8' })).toBeTruthy();
  });

  it('discards a needs-attention entry after confirmation and keeps focus on the screen', async () => {
    const { services, fake } = testServices();
    fake.entries = [{ ...summaryFor(captureId(1), 'Martin, Paul'), state: 'needsAttention' }];
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('outbox');

    const discard = await screen.findByRole('button', { name: 'Discard Martin, Paul' });
    discard.focus();
    await fireEvent.click(discard);
    await waitFor(() => expect(screen.queryByText('Martin, Paul')).toBeNull());
    expect(fake.calls.some((call) => call.method === 'outbox.discard')).toBe(true);
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('heading', { name: 'Sent and pending', level: 1 }),
      ),
    );
  });

  it('erases a client that has not reached Booster only after a confirmation saying it never will', async () => {
    const { services, fake } = testServices();
    fake.entries = [summaryFor(captureId(1), 'Rossi, Anna'), summaryFor(captureId(2), 'Verdi, Luca')];
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('outbox');

    const erase = await screen.findByRole('button', { name: 'Erase local data of Rossi, Anna' });
    await fireEvent.click(erase);
    expect(confirm).toHaveBeenLastCalledWith(expect.stringMatching(/Rossi, Anna.*never reach Booster/));
    // Cancelled: nothing asked of main.
    expect(fake.calls.some((call) => call.method === 'outbox.erase')).toBe(false);

    await fireEvent.click(erase);
    await waitFor(() => expect(screen.queryByText('Rossi, Anna')).toBeNull());
    expect(fake.calls.filter((call) => call.method === 'outbox.erase').map((call) => call.request)).toEqual([
      { captureId: captureId(1), confirmUnsent: true },
    ]);
    expect(await screen.findByText('The local data of Rossi, Anna was erased.')).toBeTruthy();
    expect(screen.getByText('Verdi, Luca')).toBeTruthy();
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('heading', { name: 'Sent and pending', level: 1 }),
      ),
    );
  });

  it('erases a sent client after a confirmation that Booster keeps its copy', async () => {
    const { services, fake } = testServices();
    fake.entries = [
      {
        ...summaryFor(captureId(3), 'Bianchi, Giulia'),
        state: 'sent',
        boosterCustomerId: 77,
        sentAt: '2026-11-28T10:01:00.000Z',
      },
    ];
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('outbox');

    await fireEvent.click(await screen.findByRole('button', { name: 'Erase local data of Bianchi, Giulia' }));
    expect(confirm).toHaveBeenCalledWith(
      expect.stringMatching(/Bianchi, Giulia.*Booster keeps its own copy/),
    );
    await waitFor(() => expect(screen.queryByText('Bianchi, Giulia')).toBeNull());
    expect(fake.calls.find((call) => call.method === 'outbox.erase')?.request).toEqual({
      captureId: captureId(3),
      confirmUnsent: false,
    });
  });

  it('downloads the consent evidence of one client for a data-subject request, from a focusable button', async () => {
    const { services, fake } = testServices();
    fake.entries = [
      { ...summaryFor(captureId(4), 'Bianchi, Giulia'), state: 'sent', boosterCustomerId: 78 },
      summaryFor(captureId(5), 'Rossi, Mario'),
    ];
    for (const [purpose, given] of [
      ['privacyPolicyAcceptanceStorage', true],
      ['canBeContactedByMaison', true],
      ['canBeContactedByMaison', false],
    ] as const)
      await fake.consent.record({
        captureId: captureId(4),
        purpose,
        given,
        textId: `consent.${purpose}`,
        version: 1,
        language: 'fr',
        tickedBy: 'client',
      });
    // The download as the browser sees it: a Blob URL on an <a download> that is clicked.
    const blobs = new Map<string, Blob>();
    Object.defineProperty(URL, 'createObjectURL', {
      configurable: true,
      value: (blob: Blob) => {
        const url = `blob:test/${blobs.size}`;
        blobs.set(url, blob);
        return url;
      },
    });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => undefined });
    const clicked: { href: string; download: string; inPage: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, inPage: document.body.contains(this) });
    });
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('outbox');

    const button = await screen.findByRole('button', { name: 'Export consent evidence of Bianchi, Giulia' });
    expect(button.textContent).toBe('Export consent evidence');
    expect(button.getAttribute('style')).toBeNull();
    // A native button: Enter and Space press it; focus reaches it by Tab like every card action.
    expect(button.tagName).toBe('BUTTON');
    button.focus();
    expect(document.activeElement).toBe(button);
    await fireEvent.click(button);
    await screen.findByText(
      `The consent evidence of Bianchi, Giulia was saved as consent-evidence-${captureId(4)}.json.`,
    );
    expect(fake.calls.filter((call) => call.method === 'consent.export').map((call) => call.request)).toEqual(
      [{ captureId: captureId(4) }],
    );
    expect(clicked).toEqual([
      { href: 'blob:test/0', download: `consent-evidence-${captureId(4)}.json`, inPage: true },
    ]);
    const blob = blobs.get('blob:test/0')!;
    expect(blob.type).toBe('application/json');
    const document_ = JSON.parse(await textOf(blob)) as {
      kind: string;
      captureId: string;
      evidence: {
        purpose: string;
        given: boolean;
        tickedBy: string;
        language: string;
        version: number;
        textHash: string;
      }[];
      texts: { id: string; hash: string }[];
    };
    expect(document_).toMatchObject({ kind: 'booster-capture/consent-evidence', captureId: captureId(4) });
    expect(
      document_.evidence.map((row) => [row.purpose, row.given, row.tickedBy, row.language, row.version]),
    ).toEqual([
      ['privacyPolicyAcceptanceStorage', true, 'client', 'fr', 1],
      ['canBeContactedByMaison', true, 'client', 'fr', 1],
      ['canBeContactedByMaison', false, 'client', 'fr', 1],
    ]);
    for (const row of document_.evidence) expect(row.textHash).toMatch(/^[0-9a-f]{64}$/);
    // Every card offers it, sent or not.
    expect(screen.getByRole('button', { name: 'Export consent evidence of Rossi, Mario' })).toBeTruthy();
  });

  it('says why a client being sent cannot be erased yet, and keeps it listed', async () => {
    const { services, fake } = testServices();
    fake.entries = [{ ...summaryFor(captureId(4), 'Neri, Carla'), state: 'sending' }];
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('outbox');

    await fireEvent.click(await screen.findByRole('button', { name: 'Erase local data of Neri, Carla' }));
    expect(await screen.findByText(/Being sent right now/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Neri, Carla', level: 2 })).toBeTruthy();
  });
});
