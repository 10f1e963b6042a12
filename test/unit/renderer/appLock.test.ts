// The lock screen in the renderer on the fake bridge (main's rules): first-run PIN, wrong PIN messages, the
// app hidden and inert while locked, and the draft in progress exactly as it was after unlocking.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { AppLockState } from '../../../renderer/src/lib/appLock.svelte';
import type { Clock } from '../../../renderer/src/lib/clock';
import { englishMessages, testServices } from '../../support/renderer/setup';

beforeAll(englishMessages);
afterEach(cleanup);

const PIN = '482917';

/** No polling timer: tests ask for a refresh when they want one. */
const stillClock: Clock = {
  now: () => new Date(),
  setTimeout: () => 0,
  clearTimeout: () => undefined,
};

function renderWithLock(arrange: (fake: ReturnType<typeof testServices>['fake']) => void) {
  const { services, fake } = testServices();
  arrange(fake);
  const lock = new AppLockState(() => fake, { clock: stillClock, activityEveryMs: 0 });
  render(App, { props: { services, lock } });
  return { services, fake, lock };
}

function appShell(): HTMLElement {
  return document.querySelector<HTMLElement>('.app-shell')!;
}

describe('app lock screen', () => {
  it('asks for a PIN twice at first run, explains the rules, then opens the app', async () => {
    const { fake } = renderWithLock((fake) => fake.lockFake.arrange({ askForPinAtFirstRun: true }));
    await screen.findByRole('heading', { name: 'Set a staff PIN' });
    expect(appShell().hidden).toBe(true);
    expect(appShell().inert).toBe(true);
    // No client data was asked for while the PIN screen was up.
    expect(fake.calls.map((call) => call.method)).not.toContain('drafts.key');

    const pin = screen.getByLabelText('New staff PIN');
    const again = screen.getByLabelText('Staff PIN again');
    expect(document.activeElement).toBe(pin);
    await fireEvent.input(pin, { target: { value: '123456' } });
    await fireEvent.input(again, { target: { value: '123456' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Set PIN' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Staff PIN: must not be a run of digits (such as 123456 or 987654).',
    );

    await fireEvent.input(pin, { target: { value: PIN } });
    await fireEvent.input(again, { target: { value: '482918' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Set PIN' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'The two PINs are not the same. Type the second one again.',
      ),
    );

    await fireEvent.input(pin, { target: { value: PIN } });
    await fireEvent.input(again, { target: { value: PIN } });
    await fireEvent.click(screen.getByRole('button', { name: 'Set PIN' }));
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    expect(appShell().hidden).toBe(false);
    expect(fake.lockFake.pin).toBe(PIN);
  });

  it('offers no lock at first run without a policy', async () => {
    renderWithLock((fake) => fake.lockFake.arrange({ askForPinAtFirstRun: true }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Continue without app lock' }));
    await screen.findByRole('heading', { name: 'New client', level: 1 });
  });

  it('does not offer to skip the PIN when IT requires one', async () => {
    renderWithLock((fake) =>
      fake.lockFake.arrange({
        policy: { state: 'broken', source: '/etc/p.json', problems: ['version: must be 1'] },
      }),
    );
    await screen.findByText('IT requires an app lock on this laptop.');
    expect(screen.queryByRole('button', { name: 'Continue without app lock' })).toBeNull();
  });

  it('says how many attempts are left, then when to try again, in the clock of the locale', async () => {
    renderWithLock((fake) => fake.lockFake.arrange({ pin: PIN, locked: true }));
    await screen.findByRole('heading', { name: 'Booster Capture is locked' });
    const field = screen.getByLabelText('Staff PIN');
    const expected = [
      'Wrong PIN. 2 attempts left before a wait.',
      'Wrong PIN. 1 attempt left before a wait.',
    ];
    for (const message of expected) {
      await fireEvent.input(field, { target: { value: '000001' } });
      await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
      await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(message));
      expect((field as HTMLInputElement).value).toBe('');
    }
    await fireEvent.input(field, { target: { value: '000001' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(/^Too many attempts: try again at \d\d:\d\d/),
    );
  });

  it('hides the app while locked and gives back the draft in progress exactly, with the caret', async () => {
    const { fake, lock } = renderWithLock((fake) => fake.lockFake.arrange({ pin: PIN, locked: false }));
    const lastName = (await screen.findByLabelText('Last name', { exact: true })) as HTMLInputElement;
    lastName.focus();
    await fireEvent.input(lastName, { target: { value: 'Zqxwyt-Lambert' } });
    lastName.setSelectionRange(3, 5);

    await fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    await screen.findByRole('heading', { name: 'Booster Capture is locked' });
    expect(appShell().hidden).toBe(true);
    expect(appShell().inert).toBe(true);
    // Nothing of the app is left in the accessibility tree: no field, no navigation.
    expect(screen.queryAllByRole('textbox')).toEqual([]);
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(fake.lockFake.pin).toBe(PIN);
    expect(lock.covered).toBe(true);

    // Shortcuts do nothing behind the lock.
    await fireEvent.keyDown(window, { key: 'n', code: 'KeyN', altKey: true });
    await fireEvent.input(screen.getByLabelText('Staff PIN'), { target: { value: PIN } });
    await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(appShell().hidden).toBe(false));
    expect(lastName.value).toBe('Zqxwyt-Lambert');
    await waitFor(() => expect(document.activeElement).toBe(lastName));
    expect([lastName.selectionStart, lastName.selectionEnd]).toEqual([3, 5]);
  });

  it('locks when main says it is idle, found by the next status check', async () => {
    const { fake, lock } = renderWithLock((fake) => fake.lockFake.arrange({ pin: PIN, locked: false }));
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    await fake.lock.lockNow();
    await lock.refresh();
    await screen.findByRole('heading', { name: 'Booster Capture is locked' });
  });
});
