// Training mode and updates in the page: the banner on every screen, drafts kept apart per mode, the
// switch asking for the PIN when IT says so, and the update notice offering the restart only when safe.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { captureDbName, storageForMode } from '../../../renderer/src/lib/db';
import { switchMode, TRAINING_ENTERED_KEY } from '../../../renderer/src/lib/trainingMode';
import { createFakeBridge } from '../../support/renderer/fakeBridge';
import { englishMessages, testServices } from '../../support/renderer/setup';

beforeAll(englishMessages);
afterEach(cleanup);

const banner = 'Training mode — nothing is sent to Booster';

async function openScreen(name: RegExp): Promise<void> {
  await fireEvent.click(screen.getByRole('button', { name }));
}

describe('training banner', () => {
  it('is on every screen in training mode', async () => {
    const { services } = testServices();
    services.mode = 'training';
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    for (const [nav, heading] of [
      [/^Drafts/, /^Drafts/],
      [/^Sent and pending/, /Sent/],
      [/^Settings/, 'Settings'],
      [/^New client/, 'New client'],
    ] as const) {
      await openScreen(nav);
      await screen.findByRole('heading', { name: heading, level: 1 });
      expect(screen.getByText(banner)).toBeTruthy();
    }
  });

  it('is absent in real work', async () => {
    const { services } = testServices();
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    expect(screen.queryByText(banner)).toBeNull();
  });
});

describe('drafts kept apart per mode', () => {
  it('uses another database and other storage keys in training', () => {
    expect(captureDbName('real')).toBe('booster-capture');
    expect(captureDbName('training')).not.toBe(captureDbName('real'));
    const backing = new Map<string, string>();
    const storage = {
      getItem: (key: string) => backing.get(key) ?? null,
      setItem: (key: string, value: string) => void backing.set(key, value),
      removeItem: (key: string) => void backing.delete(key),
    };
    storageForMode(storage, 'real').setItem('booster-capture.openDraft', 'real-id');
    storageForMode(storage, 'training').setItem('booster-capture.openDraft', 'training-id');
    expect(storageForMode(storage, 'real').getItem('booster-capture.openDraft')).toBe('real-id');
    expect(storageForMode(storage, 'training').getItem('booster-capture.openDraft')).toBe('training-id');
  });
});

describe('switching mode', () => {
  it('writes the open draft first, asks main, then reloads and notes training was entered', async () => {
    const fake = createFakeBridge();
    const steps: string[] = [];
    const noted = new Map<string, string>();
    const error = await switchMode({
      bridge: () => fake,
      mode: 'training',
      flushDrafts: async () => void steps.push('flushed'),
      reload: () => void steps.push(`reloaded in ${fake.modeView.mode}`),
      storage: { setItem: (key, value) => void noted.set(key, value) },
    });
    expect(error).toBeUndefined();
    expect(steps).toEqual(['flushed', 'reloaded in training']);
    expect(noted.get(TRAINING_ENTERED_KEY)).toBe('1');
  });

  it('with an IT policy asks for the PIN in Settings; a wrong PIN is said and nothing reloads', async () => {
    const { services, fake } = testServices();
    fake.modeView = { mode: 'real', pinNeeded: true };
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    await openScreen(/^Settings/);
    await fireEvent.click(await screen.findByRole('switch', { name: 'Training mode' }));
    const pin = await screen.findByLabelText('Staff PIN (IT requires it to switch)');
    expect(fake.calls.filter((call) => call.method === 'mode.set')).toEqual([]);
    await fireEvent.input(pin, { target: { value: '111111' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Switch' }));
    await screen.findByText('That PIN is not right.');
    expect(fake.modeView.mode).toBe('real');
    expect(fake.calls.filter((call) => call.method === 'mode.set')).toEqual([
      { method: 'mode.set', request: { mode: 'training', pin: '111111' } },
    ]);
  });
});

describe('update notice', () => {
  it('says what changed and offers the restart only when main says it is safe', async () => {
    const { services, fake } = testServices();
    fake.update = {
      state: 'ready',
      version: '1.2.0',
      releaseNotes: 'Training mode.',
      canInstallNow: false,
      waitingFor: ['sending'],
    };
    fake.status = { ...fake.status, counts: { ...fake.status.counts, sending: 1 } };
    render(App, { props: { services } });
    await screen.findByText('Update ready: version 1.2.0');
    screen.getByText(/What changed: Training mode\./);
    const restart = screen.getByRole('button', { name: 'Restart to update' }) as HTMLButtonElement;
    expect(restart.disabled).toBe(true);
    screen.getByText('It can install once the clients being sent are done.');

    // Sending is done: main says so at the next look (the window comes back to the front).
    fake.update = { ...fake.update, canInstallNow: true, waitingFor: [] };
    await fireEvent.focus(window);
    await waitFor(() => expect(restart.disabled).toBe(false));
    await fireEvent.click(restart);
    await waitFor(() => expect(fake.calls.some((call) => call.method === 'app.installUpdate')).toBe(true));
  });

  it('tells main when a draft is open and when it is not', async () => {
    const { services, fake } = testServices();
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    await waitFor(() => expect(fake.draftOpenReports.at(-1)).toBe(false));
    await fireEvent.input(screen.getByLabelText('Last name'), { target: { value: 'Rossi' } });
    await waitFor(() => expect(fake.draftOpenReports.at(-1)).toBe(true));
  });
});
