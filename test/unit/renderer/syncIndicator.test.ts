import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { idleStatus } from '../../support/renderer/fakeBridge';
import { ManualClock } from '../../support/renderer/manualClock';
import type { SyncStatus } from '../../../shared/ipc';

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

  it('shows damaged outbox entries beside the state until they are acknowledged', async () => {
    const { services, fake } = testServices();
    fake.status = { ...idleStatus };
    render(App, { props: { services } });
    const status = await screen.findByRole('status', { name: 'Sync status' });
    await waitFor(() => expect(status.textContent).toMatch(/All synced/));

    fake.push({
      status: { ...idleStatus, damage: { lines: 2, captureIds: [], files: ['outbox.journal.damaged-x'] } },
      changed: [],
    });
    await waitFor(() => expect(status.textContent).toMatch(/2 damaged outbox entries: call IT support/));

    fake.push({ status: { ...idleStatus }, changed: [] });
    await waitFor(() => expect(status.textContent).not.toMatch(/damaged/));
  });

  it('says when the disk is full or cannot be written, and when Booster is failing', async () => {
    const { services, fake } = testServices({ clock: new ManualClock('2026-11-28T10:00:00.000Z') });
    fake.status = { ...idleStatus };
    render(App, { props: { services } });
    const status = await screen.findByRole('status', { name: 'Sync status' });
    await waitFor(() => expect(status.textContent).toMatch(/All synced/));
    const pending = { ...idleStatus.counts, pending: 4 };

    fake.push({
      status: {
        ...idleStatus,
        counts: pending,
        activity: 'paused',
        pausedReason: 'storageFailed',
        lastError: { code: 'diskFull', message: 'Disk full: free space on this laptop.' },
      },
      changed: [],
    });
    await waitFor(() =>
      expect(status.textContent).toMatch(/Disk full: sending paused\. Free space; nothing was lost\./),
    );

    fake.push({
      status: {
        ...idleStatus,
        counts: pending,
        activity: 'paused',
        pausedReason: 'storageFailed',
        lastError: { code: 'storageFailed', message: 'Clients cannot be saved to disk right now (EIO).' },
      },
      changed: [],
    });
    await waitFor(() => expect(status.textContent).toMatch(/the disk cannot be written\. Nothing was lost/));

    fake.push({
      status: {
        ...idleStatus,
        counts: pending,
        connectivity: 'online',
        activity: 'waiting',
        nextRetryAt: '2026-11-28T10:35:00.000Z',
        lastError: { code: 'boosterFailing', message: 'Booster is failing (HTTP 500); …' },
      },
      changed: [],
    });
    await waitFor(() => expect(status.textContent).toMatch(/Booster is failing: next try at \d{1,2}:\d\d/));
  });

  it('never shows a retry time already past: "retrying now" once it is reached, and from the start', async () => {
    const clock = new ManualClock('2026-11-28T09:00:00.000Z');
    const { services, fake } = testServices({ clock });
    const failing: SyncStatus = {
      ...idleStatus,
      counts: { ...idleStatus.counts, pending: 2 },
      activity: 'waiting',
      nextRetryAt: '2026-11-28T09:05:00.000Z',
      lastError: { code: 'boosterFailing', message: 'Booster is failing (HTTP 500); …' },
    };
    fake.status = failing;
    render(App, { props: { services } });
    const status = await screen.findByRole('status', { name: 'Sync status' });
    const retryTime = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(
      new Date('2026-11-28T09:05:00.000Z'),
    );
    await waitFor(() => expect(status.textContent).toContain(`Booster is failing: next try at ${retryTime}`));

    clock.advance(5 * 60_000);
    clock.runTimers();
    await waitFor(() => expect(status.textContent).toMatch(/Booster is failing: retrying now/));
    expect(status.textContent).not.toContain(retryTime);

    // A status pushed with a retry time already past never shows it either.
    fake.push({ status: { ...failing, nextRetryAt: '2026-11-28T09:04:00.000Z' }, changed: [] });
    await waitFor(() => expect(status.textContent).toMatch(/retrying now/));
  });

  it('answers Sync now when Booster is still unreachable, with the time of the try in the UI locale', async () => {
    const clock = new ManualClock('2026-11-28T10:42:00.000Z');
    const { services, fake } = testServices({ clock });
    fake.status = { ...idleStatus, connectivity: 'offline', counts: { ...idleStatus.counts, pending: 1 } };
    render(App, { props: { services } });
    await screen.findByRole('status', { name: 'Sync status' });

    await fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));

    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(clock.now());
    expect(await screen.findByText(`Still offline: Booster did not answer at ${time}.`)).toBeTruthy();
    expect(fake.calls.filter((call) => call.method === 'sync.now')).toHaveLength(1);
  });

  it('answers Sync now when sending is paused for sign-in, and when Booster answered', async () => {
    const clock = new ManualClock('2026-11-28T10:42:00.000Z');
    const { services, fake } = testServices({ clock });
    fake.status = {
      ...idleStatus,
      activity: 'paused',
      pausedReason: 'signInNeeded',
      counts: { ...idleStatus.counts, pending: 1 },
    };
    render(App, { props: { services } });
    await screen.findByRole('status', { name: 'Sync status' });

    await fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText('Not sent: Booster needs you to sign in again (Settings).')).toBeTruthy();

    fake.status = { ...idleStatus, lastSuccessfulSyncAt: clock.now().toISOString() };
    await fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(clock.now());
    expect(await screen.findByText(`Booster answered at ${time}. All synced at ${time}`)).toBeTruthy();
  });
});
