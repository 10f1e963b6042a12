import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { OUTBOX_PAGE_SIZE } from '../../../renderer/src/lib/syncState.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { summaryFor } from '../../support/renderer/fakeBridge';

beforeAll(englishMessages);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function captureId(index: number): string {
  return `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

describe('sent and pending screen', () => {
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
});
