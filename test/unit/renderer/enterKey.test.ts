// Enter never finalizes by accident: only Ctrl/Cmd+Enter does, and the duplicate warning opens on its safe choice.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDuplicateWarning, renderApp } from '../../support/renderer/app';
import { englishMessages } from '../../support/renderer/setup';
import { validPrivateDraft } from '../../support/renderer/drafts';
import { fieldId } from '../../../renderer/src/lib/fieldIds';

beforeAll(englishMessages);
afterEach(cleanup);

/**
 * Enter as a browser handles it: jsdom has no implicit submission, so after the page's own handlers, a
 * keydown nobody cancelled in a single-line box submits its form, as Chromium and Firefox do.
 */
async function pressEnter(element: HTMLElement, modifiers: { ctrlKey?: boolean } = {}): Promise<void> {
  const notCancelled = await fireEvent.keyDown(element, { key: 'Enter', code: 'Enter', ...modifiers });
  const singleLine =
    element instanceof HTMLInputElement && !['submit', 'button', 'reset', 'image'].includes(element.type);
  if (notCancelled && singleLine) element.form?.requestSubmit();
}

const lastNameBox = () => document.getElementById(fieldId('lastName')) as HTMLInputElement;
const summaryShown = () => screen.queryByText(/problems? to fix before finalizing/) !== null;

describe('Enter in the capture form', () => {
  it('in a single-line box does not finalize: no summary, focus stays, nothing queued', async () => {
    const { fake } = await renderApp();
    const lastName = lastNameBox();
    lastName.focus();
    await fireEvent.input(lastName, { target: { value: 'Rossi' } });

    await pressEnter(lastName);

    expect(summaryShown()).toBe(false);
    expect(document.activeElement).toBe(lastName);
    expect(fake.calls.some((call) => call.method === 'outbox.enqueue')).toBe(false);
  });

  it('in a multi-line box is left to add a line', async () => {
    await renderApp();
    const textarea = document.querySelector<HTMLTextAreaElement>('form textarea');
    expect(textarea).not.toBeNull();
    textarea!.focus();

    const notCancelled = await fireEvent.keyDown(textarea!, { key: 'Enter', code: 'Enter' });

    expect(notCancelled).toBe(true);
    expect(summaryShown()).toBe(false);
  });

  it('Ctrl+Enter in a single-line box finalizes, once', async () => {
    const { services, fake } = await renderApp();
    services.form.data = validPrivateDraft();
    services.form.changed();
    const lastName = lastNameBox();
    lastName.focus();

    await pressEnter(lastName, { ctrlKey: true });

    await waitFor(() => expect(fake.enqueued).toHaveLength(1));
    expect(fake.calls.filter((call) => call.method === 'outbox.enqueue')).toHaveLength(1);
  });

  it('Ctrl+Enter with problems shows the summary', async () => {
    await renderApp();
    const lastName = lastNameBox();
    lastName.focus();

    await pressEnter(lastName, { ctrlKey: true });

    await waitFor(() => expect(summaryShown()).toBe(true));
  });
});

describe('the possible-duplicate warning', () => {
  it('opens with focus on "Keep editing": Enter there (a click) keeps the form and sends nothing', async () => {
    const { services, fake } = await renderApp();
    const warning = await openDuplicateWarning(services, fake);
    const keepEditing = screen.getByRole('button', { name: 'Keep editing' });
    await waitFor(() => expect(document.activeElement).toBe(keepEditing));

    // Enter on a focused button activates it.
    await fireEvent.click(document.activeElement!);
    await waitFor(() => expect(warning.isConnected).toBe(false));
    expect(fake.enqueued).toHaveLength(0);
    expect(services.form.data.lastName).toBe('Rossi');
  });
});
