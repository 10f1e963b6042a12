import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { validPrivateDraft } from '../../support/renderer/drafts';

beforeAll(englishMessages);
afterEach(cleanup);

const ROSSI = '77777777-7777-4777-8777-777777777777';
const DUBOIS = '88888888-8888-4888-8888-888888888888';

describe('drafts screen', () => {
  it('searches, deletes with undo, and resumes into the form', async () => {
    const { services } = testServices();
    await services.drafts.saveNow(ROSSI, validPrivateDraft({ lastName: 'Rossi', firstName: 'Mario' }));
    await services.drafts.saveNow(
      DUBOIS,
      validPrivateDraft({
        lastName: 'Dubois',
        firstName: 'Claire',
        emails: [{ email: 'claire@example.com', isMainEmail: true }],
      }),
    );
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('drafts');

    await screen.findByText('Rossi, Mario');
    await fireEvent.input(screen.getByLabelText('Search drafts'), { target: { value: 'claire@' } });
    await waitFor(() => expect(screen.queryByText('Rossi, Mario')).toBeNull());
    expect(screen.getByText('Dubois, Claire')).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Search drafts'), { target: { value: '' } });

    await fireEvent.click(await screen.findByRole('button', { name: 'Delete draft Rossi, Mario' }));
    await waitFor(() => expect(screen.queryByText('Rossi, Mario')).toBeNull());
    // Only marked deleted while "Undo" is offered, so a crash now would not lose it.
    expect(await services.drafts.get(ROSSI)).toBeUndefined();
    expect((await services.db.drafts.get(ROSSI))?.deletedAt).toBeDefined();
    await fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await screen.findByText('Rossi, Mario');
    expect((await services.db.drafts.get(ROSSI))?.data.lastName).toBe('Rossi');

    await fireEvent.click(screen.getByRole('button', { name: 'Resume draft Dubois, Claire' }));
    await screen.findByRole('heading', { name: 'Editing Dubois, Claire', level: 1 });
    expect((screen.getByLabelText('Last name') as HTMLInputElement).value).toBe('Dubois');
    expect(services.form.captureId).toBe(DUBOIS);
  });

  it('a deletion is final once the page goes away normally; after a crash the draft is back at start', async () => {
    const { services } = testServices();
    await services.drafts.saveNow(ROSSI, validPrivateDraft({ lastName: 'Rossi', firstName: 'Mario' }));
    await services.drafts.saveNow(DUBOIS, validPrivateDraft({ lastName: 'Dubois', firstName: 'Claire' }));
    // Dubois was deleted just before a crash: marked, not gone.
    await services.drafts.remove(DUBOIS);
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('drafts');
    await screen.findByText('Dubois, Claire');

    await fireEvent.click(await screen.findByRole('button', { name: 'Delete draft Rossi, Mario' }));
    await waitFor(() => expect(screen.queryByText('Rossi, Mario')).toBeNull());
    window.dispatchEvent(new Event('pagehide'));
    await waitFor(async () => expect(await services.db.drafts.get(ROSSI)).toBeUndefined());
    const dubois = await services.db.drafts.get(DUBOIS);
    expect(dubois?.data.lastName).toBe('Dubois');
    expect(dubois?.deletedAt).toBeUndefined();
  });
});
