import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { isUnreadableDate } from '../../../renderer/src/lib/formLayout';
import { validPrivateDraft } from '../../support/renderer/drafts';
import { englishMessages, testServices } from '../../support/renderer/setup';

beforeAll(englishMessages);
afterEach(cleanup);

const impossible = { value: '', validity: { badInput: true } };
const empty = { value: '', validity: { badInput: false } };

/** jsdom has no badInput for date boxes: give the element what Chromium reports for 02/31/2000. */
function showImpossibleDate(box: HTMLElement, badInput = true): void {
  Object.defineProperty(box, 'validity', { value: { badInput }, configurable: true });
}

describe('a date box whose text is not a real date', () => {
  it('is told apart from an empty box by what the element reports', () => {
    expect(isUnreadableDate(impossible)).toBe(true);
    expect(isUnreadableDate(empty)).toBe(false);
    expect(isUnreadableDate({ value: '2000-02-28', validity: { badInput: false } })).toBe(false);
  });

  it('blocks finalize with "This date does not exist" until the date is real (birth, wedding, event dates)', async () => {
    const { services, fake } = testServices();
    const { form } = services;
    form.data = validPrivateDraft();
    form.addItem('events');
    for (const path of ['birthDate', 'weddingDate', 'events.0.eventDate']) form.dateBoxRead(path, impossible);

    const outcome = await form.finalize();
    expect(outcome.kind).toBe('invalid');
    for (const path of ['birthDate', 'weddingDate', 'events.0.eventDate'])
      expect(form.errorFor(path)).toMatchObject({ path, code: 'dateNotReal' });
    expect(fake.enqueued).toHaveLength(0);

    form.data.birthDate = '2000-02-28';
    form.dateBoxRead('birthDate', { value: '2000-02-28', validity: { badInput: false } });
    form.dateBoxRead('weddingDate', empty);
    form.removeItem('events', 0);
    expect((await form.finalize()).kind).toBe('queued');
    expect(fake.enqueued[0]?.record.birthDate).toBe('2000-02-28');
  });

  it('shows the error beside the box with aria-invalid, and in the summary on finalize', async () => {
    const { services, fake } = testServices();
    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'New client', level: 1 });
    const birth = screen.getByLabelText('Birth date') as HTMLInputElement;
    expect(birth.type).toBe('date');

    showImpossibleDate(birth);
    await fireEvent.focus(birth);
    await fireEvent.blur(birth);
    await waitFor(() => expect(birth.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = birth.getAttribute('aria-describedby');
    expect(document.getElementById(describedBy!)?.textContent).toContain('This date does not exist.');

    const wedding = screen.getByLabelText('Wedding date') as HTMLInputElement;
    showImpossibleDate(wedding);
    await fireEvent.blur(wedding);
    await waitFor(() => expect(wedding.getAttribute('aria-invalid')).toBe('true'));

    await fireEvent.click(screen.getByRole('button', { name: /Finalize/ }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getAllByText(/This date does not exist\./)).toHaveLength(2);
    expect(fake.calls.some((call) => call.method === 'outbox.enqueue')).toBe(false);

    // Typing a real date clears it.
    showImpossibleDate(birth, false);
    await fireEvent.input(birth, { target: { value: '2000-02-28' } });
    await waitFor(() => expect(birth.getAttribute('aria-invalid')).toBeNull());
    expect(services.form.data.birthDate).toBe('2000-02-28');
  });
});
