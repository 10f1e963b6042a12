// Keyboard-only use: Escape closes what floats over the form, and focus never falls back to <body> after an action.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDuplicateWarning, renderApp } from '../../support/renderer/app';
import { englishMessages } from '../../support/renderer/setup';
import { validPrivateDraft } from '../../support/renderer/drafts';

beforeAll(englishMessages);
afterEach(cleanup);

const ROSSI = '77777777-7777-4777-8777-777777777777';
const DUBOIS = '88888888-8888-4888-8888-888888888888';

describe('keyboard-only use', () => {
  it('Escape closes the possible-duplicate warning and nothing is sent', async () => {
    const { services, fake } = await renderApp();
    const warning = await openDuplicateWarning(services, fake);
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep editing' })),
    );
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(warning.isConnected).toBe(false));
    expect(fake.enqueued).toHaveLength(0);
    expect(document.activeElement).not.toBe(document.body);
  });

  it('after deleting a draft focus moves to the next card; Undo brings it back and focuses it; Escape closes the notice', async () => {
    const { services } = await renderApp();
    await services.drafts.saveNow(ROSSI, validPrivateDraft({ lastName: 'Rossi', firstName: 'Mario' }));
    await services.drafts.saveNow(DUBOIS, validPrivateDraft({ lastName: 'Dubois', firstName: 'Claire' }));
    services.ui.show('drafts');

    // Newest first: Dubois, then Rossi.
    const deleteDubois = await screen.findByRole('button', { name: 'Delete draft Dubois, Claire' });
    deleteDubois.focus();
    await fireEvent.click(deleteDubois);
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Resume draft Rossi, Mario' })),
    );

    await fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('button', { name: 'Resume draft Dubois, Claire' }),
      ),
    );

    await fireEvent.click(screen.getByRole('button', { name: 'Delete draft Rossi, Mario' }));
    const undo = await screen.findByRole('button', { name: 'Undo' });
    undo.focus();
    await fireEvent.keyDown(undo, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull());
  });

  it('deleting the last draft leaves focus on the Drafts heading', async () => {
    const { services } = await renderApp();
    await services.drafts.saveNow(ROSSI, validPrivateDraft({ lastName: 'Rossi', firstName: 'Mario' }));
    services.ui.show('drafts');
    await fireEvent.click(await screen.findByRole('button', { name: 'Delete draft Rossi, Mario' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: /^Drafts/, level: 1 })),
    );
  });

  it('when main cannot queue the client, focus moves to the message that says why and the draft stays', async () => {
    const { services, fake } = await renderApp();
    fake.enqueueError = { code: 'internal', message: 'The disk is full.' };
    services.form.data = validPrivateDraft();
    services.form.changed();
    await fireEvent.keyDown(window, { key: 'Enter', code: 'Enter', ctrlKey: true });

    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('alert'));
    expect(document.activeElement?.textContent).toMatch(/Not finalized: .*disk is full/);
    expect((await services.drafts.get(services.form.captureId!))?.data.lastName).toBe('Rossi');
  });
});
