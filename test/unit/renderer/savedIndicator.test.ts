// The draft's saved indicator: every save shows, to the second, in the locale's own clock.
import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { ManualClock } from '../../support/renderer/manualClock';
import { validPrivateDraft } from '../../support/renderer/drafts';

beforeAll(englishMessages);
afterEach(cleanup);

describe('saved indicator', () => {
  it('a second save within the same minute reads differently from the first', async () => {
    const clock = new ManualClock('2026-11-28T09:00:05.000Z');
    const { services } = testServices({ clock });
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    const seconds = (at: Date) =>
      new Intl.DateTimeFormat([...navigator.languages, 'en'], { timeStyle: 'medium' }).format(at);

    services.form.data = validPrivateDraft();
    services.form.changed();
    clock.runTimers();
    const first = await screen.findByText(`Draft saved at ${seconds(clock.now())}`);

    clock.advance(20_000);
    services.form.data = validPrivateDraft({ firstName: 'Maria' });
    services.form.changed();
    clock.runTimers();
    const second = await screen.findByText(`Draft saved at ${seconds(clock.now())}`);
    // A new element each save, so the pulse plays again.
    await waitFor(() => expect(first.isConnected).toBe(false));
    expect(second.classList.contains('saved-pulse')).toBe(true);
  });
});
