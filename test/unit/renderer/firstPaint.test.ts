// While the drafts load (main has not handed over the draft key yet), the page shows the form's skeleton, busy
// and hidden from assistive tech, never an empty main; the form replaces it once they are loaded.
import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';

beforeAll(englishMessages);
afterEach(cleanup);

describe('first paint', () => {
  it('shows the form skeleton until the drafts are loaded, then the form', async () => {
    const { services, fake } = testServices();
    const answerKey = fake.drafts.key.bind(fake.drafts);
    let release: () => void = () => undefined;
    const keyHandedOver = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    fake.drafts.key = async () => {
      asked = true;
      await keyHandedOver;
      return answerKey();
    };

    const { container } = render(App, { props: { services } });
    await waitFor(() => expect(asked).toBe(true));
    const main = container.querySelector('main')!;
    expect(main.getAttribute('aria-busy')).toBe('true');
    const skeleton = main.querySelector('.form-skeleton');
    expect(skeleton?.getAttribute('aria-hidden')).toBe('true');
    expect(skeleton?.querySelectorAll('.skeleton-box').length).toBeGreaterThanOrEqual(6);
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();

    release();
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    expect(main.getAttribute('aria-busy')).toBe('false');
    expect(main.querySelector('.form-skeleton')).toBeNull();
  });
});
