// The form's pickers as a person uses them: an accessible combobox that takes what people type, shows names
// and keeps the code Booster wants.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderApp } from '../../support/renderer/app';
import { validPrivateDraft } from '../../support/renderer/drafts';
import { englishMessages } from '../../support/renderer/setup';

beforeAll(englishMessages);
afterEach(cleanup);

const phoneCountry = () =>
  within(screen.getByRole('group', { name: 'Phone 1' })).getByRole('combobox', { name: 'Phone country' });
const errorOf = (box: HTMLElement) =>
  (box.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

async function typeInto(box: HTMLElement, text: string): Promise<void> {
  await fireEvent.focus(box);
  await fireEvent.input(box, { target: { value: text } });
}

/** A phone row without a number is blank and left out of the record: its country is checked once it has one. */
async function typePhoneNumber(): Promise<void> {
  const phone = within(screen.getByRole('group', { name: 'Phone 1' })).getByLabelText('Phone');
  await fireEvent.input(phone, { target: { value: '347 123 4567' } });
}

describe('pickers', () => {
  it('are WAI-ARIA comboboxes: arrows move through a filtered list, Enter picks without finalizing, Escape closes', async () => {
    const { services, fake } = await renderApp();
    const box = phoneCountry() as HTMLInputElement;
    expect(box.getAttribute('aria-expanded')).toBe('false');

    await typeInto(box, 'ital');
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    const listbox = await screen.findByRole('listbox');
    expect(box.getAttribute('aria-expanded')).toBe('true');
    expect(box.getAttribute('aria-controls')).toBe(listbox.id);
    const options = within(listbox).getAllByRole('option');
    expect(options[0]?.textContent?.trim()).toBe('Italy +39');
    await waitFor(() => expect(box.getAttribute('aria-activedescendant')).toBeTruthy());
    expect(document.getElementById(box.getAttribute('aria-activedescendant')!)?.textContent).toContain(
      'Italy',
    );

    await fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(services.form.data.phones[0]?.countryPrefix).toBe('it'));
    expect(box.value).toBe('Italy +39');
    expect(services.form.submitted).toBe(false);
    expect(fake.calls.some((call) => call.method === 'outbox.enqueue')).toBe(false);

    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    await screen.findByRole('listbox');
    await fireEvent.keyDown(box, { key: 'Escape' });
    await waitFor(() => expect(box.getAttribute('aria-expanded')).toBe('false'));
    expect(services.form.data.phones[0]?.countryPrefix).toBe('it');
  });

  it('take a name, an English name or a dialling code on leaving, and show the name in the box', async () => {
    const { services } = await renderApp();
    const box = phoneCountry() as HTMLInputElement;
    for (const [text, code] of [
      ['Germany', 'de'],
      ['+39', 'it'],
      ['0033', 'fr'],
      ['JP', 'jp'],
    ] as const) {
      await typeInto(box, text);
      await fireEvent.blur(box);
      await waitFor(() => expect(services.form.data.phones[0]?.countryPrefix).toBe(code));
      await waitFor(() => expect(box.value).toMatch(/ \+\d+$/));
    }
  });

  it('keep text that names nothing, say "Choose a … from the list", and block finalize', async () => {
    const { services, fake } = await renderApp();
    await typePhoneNumber();
    const box = phoneCountry() as HTMLInputElement;
    await typeInto(box, 'Italyy');
    await fireEvent.blur(box);
    await waitFor(() => expect(box.getAttribute('aria-invalid')).toBe('true'));
    expect(box.value).toBe('Italyy');
    expect(errorOf(box)).toContain('Choose a Phone country from the list.');
    expect(errorOf(box)).not.toContain('required');
    // The draft keeps what was typed.
    expect(services.form.data.phones[0]?.countryPrefix).toBe('Italyy');

    services.form.data = { ...validPrivateDraft(), phones: services.form.data.phones };
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(services.form.submitted).toBe(true));
    const summaries = await screen.findAllByRole('alert');
    expect(summaries.map((alert) => alert.textContent).join(' ')).toContain(
      'Choose a Phone country from the list.',
    );
    expect(fake.calls.some((call) => call.method === 'outbox.enqueue')).toBe(false);
  });

  it('take "Watches" for the interest CA-2, and never say "required" while the box holds text', async () => {
    const { services } = await renderApp();
    await fireEvent.click(screen.getByRole('button', { name: /Add interest/ }));
    const group = screen.getByRole('group', { name: 'Interest 1' });
    const box = within(group).getByRole('combobox', { name: 'Interest' }) as HTMLInputElement;

    await typeInto(box, 'Watchs');
    await fireEvent.blur(box);
    await waitFor(() => expect(errorOf(box)).toContain('Choose an Interest from the list.'));
    expect(errorOf(box)).not.toContain('required');

    await typeInto(box, 'Watches');
    await fireEvent.blur(box);
    await waitFor(() =>
      expect(services.form.data.interests[0]).toMatchObject({ sapInterestId: 'CA-2', interest: 'Watches' }),
    );
    expect(box.value).toBe('Watches (CA-2)');
    await waitFor(() => expect(box.getAttribute('aria-invalid')).toBeNull());
  });

  it('list every country of a shared dialling code and ask to choose one', async () => {
    const { services } = await renderApp();
    await typePhoneNumber();
    const box = phoneCountry() as HTMLInputElement;
    await typeInto(box, '+1');
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    const listbox = await screen.findByRole('listbox');
    const names = within(listbox)
      .getAllByRole('option')
      .map((option) => option.textContent?.trim());
    expect(names).toEqual(expect.arrayContaining(['United States +1', 'Canada +1']));
    expect(errorOf(box)).toMatch(/\d+ entries match “\+1”: choose one from the list\./);
    await fireEvent.keyDown(box, { key: 'Escape' });
    await fireEvent.blur(box);
    await waitFor(() => expect(errorOf(box)).toContain('Choose a Phone country from the list.'));
    expect(services.form.data.phones[0]?.countryPrefix).toBe('+1');
  });

  it('never write the previous client’s text into a new client started while the box has focus', async () => {
    const { services } = await renderApp();
    const box = phoneCountry() as HTMLInputElement;
    await typeInto(box, 'Italy');
    await waitFor(() => expect(services.form.data.phones[0]?.countryPrefix).toBe('it'));
    await services.form.startNew();
    await waitFor(() => expect(box.value).toBe(''));
    await fireEvent.blur(box);
    expect(services.form.data.phones[0]?.countryPrefix).toBe('');
    expect(services.form.captureId).toBeUndefined();
  });

  it('show a reopened draft’s codes as names', async () => {
    const { services } = await renderApp();
    const draft = validPrivateDraft();
    services.form.data = { ...draft, languageId: 'chi', countryId: 'it' };
    const language = screen.getByRole('combobox', { name: 'Language' }) as HTMLInputElement;
    const country = screen.getByRole('combobox', { name: 'Country' }) as HTMLInputElement;
    await waitFor(() => expect(language.value).toBe('Chinese'));
    expect(country.value).toBe('Italy');
  });
});
