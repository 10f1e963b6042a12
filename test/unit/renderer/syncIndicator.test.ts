import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { idleStatus } from '../../support/renderer/fakeBridge';

beforeAll(englishMessages);
afterEach(cleanup);

describe('sync indicator', () => {
  it('is a polite live region that follows pushes from main, and never says "All synced" while a client needs attention', async () => {
    const { services, fake } = testServices();
    fake.status = { ...idleStatus, lastSuccessfulSyncAt: '2026-11-28T10:05:00.000Z' };
    render(App, { props: { services } });
    const status = await screen.findByRole('status', { name: 'Sync status' });
    expect(status.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(status.textContent).toMatch(/All synced at/));

    fake.push({
      status: { ...fake.status, counts: { ...idleStatus.counts, pending: 3 }, activity: 'syncing' },
      changed: [],
    });
    await waitFor(() => expect(status.textContent).toMatch(/Syncing 0 of 3/));

    fake.push({
      status: { ...fake.status, counts: { ...idleStatus.counts, sent: 2, needsAttention: 1 } },
      changed: [],
    });
    await waitFor(() => expect(status.textContent).toMatch(/1 needs attention/));
    expect(status.textContent).not.toMatch(/All synced/);
  });
});
