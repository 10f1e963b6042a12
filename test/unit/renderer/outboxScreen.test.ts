import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { OUTBOX_PAGE_SIZE } from '../../../renderer/src/lib/syncState.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { summaryFor } from '../../support/renderer/fakeBridge';
import { ManualClock } from '../../support/renderer/manualClock';

beforeAll(englishMessages);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function captureId(index: number): string {
  return `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
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

  it('pages through the outbox with "Show more", using the contract cursor', async () => {
    const { services, fake } = testServices();
    const total = OUTBOX_PAGE_SIZE + 5;
    fake.entries = Array.from({ length: total }, (_, index) =>
      summaryFor(
        captureId(index),
        `Client ${index}`,
        new Date(Date.UTC(2026, 10, 28, 9, 0, index)).toISOString(),
      ),
    );
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('outbox');

    const list = await screen.findByRole('list', { name: 'Sent and pending' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(OUTBOX_PAGE_SIZE));
    await fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(total));
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    // The button went away with the last page: focus stays on the screen.
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('heading', { name: 'Sent and pending', level: 1 }),
      ),
    );

    const listCalls = fake.calls.filter((call) => call.method === 'outbox.list');
    expect(listCalls.at(-1)?.request).toEqual({ limit: OUTBOX_PAGE_SIZE, cursor: String(OUTBOX_PAGE_SIZE) });
    // Newest first across pages.
    expect(within(list).getAllByRole('heading', { level: 2 })[0]?.textContent).toBe(`Client ${total - 1}`);
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
