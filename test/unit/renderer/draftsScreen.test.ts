import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { CaptureDb } from '../../../renderer/src/lib/db';
import { createServices } from '../../../renderer/src/lib/services.svelte';
import { createFakeBridge } from '../../support/renderer/fakeBridge';
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
    // Gone from disk at once; "Undo" writes it back from memory.
    expect(await services.drafts.get(ROSSI)).toBeUndefined();
    expect(await services.db.drafts.get(ROSSI)).toBeUndefined();
    await fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await screen.findByText('Rossi, Mario');
    expect((await services.drafts.get(ROSSI))?.data.lastName).toBe('Rossi');
    expect(await services.db.drafts.get(ROSSI)).toBeDefined();

    await fireEvent.click(screen.getByRole('button', { name: 'Resume draft Dubois, Claire' }));
    await screen.findByRole('heading', { name: 'Editing Dubois, Claire', level: 1 });
    expect((screen.getByLabelText('Last name') as HTMLInputElement).value).toBe('Dubois');
    expect(services.form.captureId).toBe(DUBOIS);
  });

  it('a deleted draft stays deleted after the page goes away and the app starts again', async () => {
    const name = `restart-${crypto.randomUUID()}`;
    const fake = createFakeBridge();
    const services = createServices({ bridge: () => fake, db: new CaptureDb(name) });
    await services.drafts.saveNow(ROSSI, validPrivateDraft({ lastName: 'Rossi', firstName: 'Mario' }));
    await services.drafts.saveNow(DUBOIS, validPrivateDraft({ lastName: 'Dubois', firstName: 'Claire' }));
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    services.ui.show('drafts');

    await fireEvent.click(await screen.findByRole('button', { name: 'Delete draft Rossi, Mario' }));
    await screen.findByRole('button', { name: 'Undo' });
    window.dispatchEvent(new Event('pagehide'));
    cleanup();

    const restarted = createServices({ bridge: () => fake, db: new CaptureDb(name) });
    render(App, { props: { services: restarted } });
    restarted.ui.show('drafts');
    await screen.findByText('Dubois, Claire');
    expect(screen.queryByText('Rossi, Mario')).toBeNull();
    expect(await restarted.db.drafts.get(ROSSI)).toBeUndefined();
  });

  it('without the draft key the form keeps what is typed and says drafts cannot be saved', async () => {
    const { services, fake } = testServices();
    fake.draftKeyError = {
      code: 'mainUnreachable',
      message: 'Booster Capture could not reach its background process.',
    };
    render(App, { props: { services } });
    const lastName = (await screen.findByLabelText('Last name')) as HTMLInputElement;
    await fireEvent.input(lastName, { target: { value: 'Ferrari' } });
    await services.drafts.flush();
    await screen.findByText(/nothing is saved on this laptop until it restarts/);
    expect(lastName.value).toBe('Ferrari');
    expect(services.form.data.lastName).toBe('Ferrari');
    expect(await services.db.drafts.count()).toBe(0);
    services.ui.show('drafts');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Drafts are locked/);
  });
});
