import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { boosterStanding } from '../../../renderer/src/lib/settings.svelte';
import { summarizeSync } from '../../../renderer/src/lib/syncSummary';
import type { EnvironmentView, SyncStatus } from '../../../shared/ipc';
import { idleStatus } from '../../support/renderer/fakeBridge';
import { englishMessages, testServices } from '../../support/renderer/setup';

beforeAll(englishMessages);
afterEach(cleanup);

const neverContacted: SyncStatus = { ...idleStatus, connectivity: 'unknown' };
const environment: EnvironmentView = {
  baseUrl: 'https://booster.example',
  authMode: 'apiKey',
  signedIn: true,
};
const now = new Date('2026-11-28T10:30:00.000Z');

describe('before Booster has answered', () => {
  it('the summary says "not checked" (checking while a check is under way), never "all synced"', () => {
    expect(summarizeSync(neverContacted, now)).toEqual({ kind: 'notChecked', checking: false });
    expect(summarizeSync(neverContacted, now, true)).toEqual({ kind: 'notChecked', checking: true });
    // A success known from before, or an answer now, is a real state again.
    const at = '2026-11-28T10:05:00.000Z';
    expect(summarizeSync({ ...neverContacted, lastSuccessfulSyncAt: at }, now)).toEqual({
      kind: 'allSynced',
      at,
    });
    expect(summarizeSync(idleStatus, now)).toEqual({ kind: 'allSynced' });
    // A person's action still comes first.
    expect(
      summarizeSync({ ...neverContacted, activity: 'paused', pausedReason: 'notConfigured' }, now),
    ).toEqual({ kind: 'notConfigured' });
  });

  it('Settings says signed in only once Booster answered', () => {
    expect(boosterStanding(undefined, neverContacted)).toBe('loading');
    expect(boosterStanding(null, neverContacted)).toBe('notConfigured');
    expect(boosterStanding({ ...environment, signedIn: false }, idleStatus)).toBe('notSignedIn');
    expect(boosterStanding(environment, undefined)).toBe('notChecked');
    expect(boosterStanding(environment, neverContacted)).toBe('notChecked');
    expect(boosterStanding(environment, idleStatus)).toBe('signedIn');
    expect(
      boosterStanding(environment, { ...neverContacted, lastSuccessfulSyncAt: '2026-11-28T10:05:00.000Z' }),
    ).toBe('signedIn');
  });

  it('the indicator says "Not checked yet", "Connecting…" during Sync now, then what Booster answered', async () => {
    const { services, fake } = testServices();
    fake.status = neverContacted;
    render(App, { props: { services } });
    const status = await screen.findByRole('status', { name: 'Sync status' });
    await waitFor(() => expect(status.textContent).toMatch(/Not checked yet/));
    expect(status.textContent).not.toMatch(/All synced/);

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const answer = fake.sync.now.bind(fake.sync);
    fake.sync.now = async () => {
      await gate;
      return answer();
    };
    fake.status = { ...idleStatus, connectivity: 'online' };
    await fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(status.textContent).toMatch(/Connecting…/));

    release();
    await waitFor(() => expect(status.textContent).toMatch(/All synced/));
  });

  it('Settings says the environment is set up but not checked, then "Signed in" once Booster answered', async () => {
    const { services, fake } = testServices();
    fake.status = neverContacted;
    fake.environmentView = environment;
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('settings');
    await screen.findByRole('heading', { name: 'Settings', level: 1 });
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'Set up for https://booster.example; not checked yet: Booster has not answered since the app started.',
      ),
    );
    expect(document.body.textContent).not.toContain('Signed in to');

    fake.push({ status: { ...idleStatus, connectivity: 'online' }, changed: [] });
    await waitFor(() => expect(document.body.textContent).toContain('Signed in to https://booster.example'));
  });
});

describe('saving the Booster connection', () => {
  it('says "Signed in" after a user name and password Booster accepted, not after an API key only stored', async () => {
    const { services, fake } = testServices();
    fake.status = neverContacted;
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('settings');
    await screen.findByRole('heading', { name: 'Settings', level: 1 });

    await fireEvent.input(screen.getByLabelText('Booster address'), {
      target: { value: 'https://booster.example' },
    });
    await fireEvent.input(screen.getByLabelText('API key', { selector: 'input[type="password"]' }), {
      target: { value: 'key' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save and sign in' }));
    await waitFor(() => expect(document.body.textContent).toContain('Set up for https://booster.example'));
    expect(document.body.textContent).not.toContain('Signed in to');

    await fireEvent.click(screen.getByLabelText('User name and password'));
    await fireEvent.input(screen.getByLabelText('User name'), { target: { value: 'staff' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save and sign in' }));
    await waitFor(() => expect(document.body.textContent).toContain('Signed in to https://booster.example'));

    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(document.body.textContent).not.toContain('Signed in to'));
  });
});
