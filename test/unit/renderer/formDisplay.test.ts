import 'fake-indexeddb/auto';
import { render, screen, within, fireEvent, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/svelte';
import App from '../../../renderer/src/App.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';

beforeAll(englishMessages);
afterEach(cleanup);

async function renderApp() {
  const { services, fake } = testServices();
  const result = render(App, { props: { services } });
  await screen.findByRole('heading', { name: 'New client', level: 1 });
  return { ...result, services, fake };
}

describe('capture form display', () => {
  it('shows a field error on blur with aria-invalid and aria-describedby', async () => {
    await renderApp();
    const lastName = screen.getByLabelText('Last name');
    expect(lastName.getAttribute('aria-invalid')).toBeNull();

    await fireEvent.focus(lastName);
    await fireEvent.blur(lastName);

    await waitFor(() => expect(lastName.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = lastName.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(document.getElementById(describedBy!)?.textContent).toContain('Last name is required.');

    await fireEvent.input(lastName, { target: { value: 'Rossi' } });
    await waitFor(() => expect(lastName.getAttribute('aria-invalid')).toBeNull());
  });

  it('on finalize shows a summary of every problem and moves focus to the first invalid field', async () => {
    const { fake } = await renderApp();
    await fireEvent.click(screen.getByRole('button', { name: /Finalize/ }));

    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('heading').textContent).toMatch(/problems to fix/);
    expect(within(summary).getByText('Title is required.')).toBeTruthy();
    expect(
      within(summary).getByText('The client must accept the privacy policy before they can be stored.'),
    ).toBeTruthy();
    // Title is the first field of a private client that is wrong.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Title')));
    expect(fake.calls.some((call) => call.method === 'outbox.enqueue')).toBe(false);
  });

  it('labels repeated items inside groups named "Email 1", "Email 2", with one main radio', async () => {
    const { services } = await renderApp();
    await fireEvent.click(screen.getByRole('button', { name: /Add email/ }));
    const first = screen.getByRole('group', { name: 'Email 1' });
    const second = screen.getByRole('group', { name: 'Email 2' });
    expect(within(first).getByLabelText('Email')).toBeTruthy();

    const mainFirst = within(first).getByLabelText('Main email') as HTMLInputElement;
    const mainSecond = within(second).getByLabelText('Main email') as HTMLInputElement;
    expect(mainFirst.checked).toBe(true);
    await fireEvent.click(mainSecond);
    await waitFor(() => expect(mainSecond.checked).toBe(true));
    expect(mainFirst.checked).toBe(false);
    expect(services.form.data.emails.map((item) => item.isMainEmail)).toEqual([false, true]);

    await fireEvent.click(within(second).getByRole('button', { name: 'Remove email 2' }));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Email 2' })).toBeNull());
    expect(services.form.data.emails.map((item) => item.isMainEmail)).toEqual([true]);
  });

  it('switching to COMPANY shows the company name and hides person-only fields', async () => {
    await renderApp();
    expect(screen.queryByLabelText('Company name')).toBeNull();
    expect(screen.getByLabelText('Gender')).toBeTruthy();
    await fireEvent.click(screen.getByLabelText('Company'));
    await waitFor(() => expect(screen.getByLabelText('Company name')).toBeTruthy());
    expect(screen.queryByLabelText('Gender')).toBeNull();
    expect(screen.queryByLabelText('Title')).toBeNull();
  });

  it('shows Booster errors of a reopened record on their fields at once', async () => {
    const { services } = await renderApp();
    services.form.serverErrors = {
      'emails.0.email': {
        path: 'emails.0.email',
        code: 'rejected',
        message: 'Email domain is blocked',
        source: 'booster',
      },
    };
    const email = within(screen.getByRole('group', { name: 'Email 1' })).getByLabelText('Email');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(email.getAttribute('aria-describedby')!)?.textContent).toContain(
      'Booster: Email domain is blocked',
    );
  });
});

describe('fields derived from the contract', () => {
  const markOf = (input: HTMLElement) => input.closest('.field, .check')?.querySelector('.required-mark');

  it('marks what the client needs as required, and what an added item needs more quietly', async () => {
    await renderApp();
    expect(markOf(screen.getByLabelText('Last name'))?.classList.contains('if-added')).toBe(false);
    expect(screen.getByLabelText('Last name').getAttribute('aria-required')).toBe('true');
    const email = within(screen.getByRole('group', { name: 'Email 1' })).getByLabelText('Email');
    expect(markOf(email)?.classList.contains('if-added')).toBe(true);
    expect(email.getAttribute('aria-required')).toBeNull();
    expect(markOf(screen.getByLabelText('First name'))).toBeNull();
    expect(markOf(screen.getByLabelText('Privacy policy acceptance for data storage'))).toBeTruthy();
  });

  it('fills the description and translation of an interest from the picked catalogue entry', async () => {
    const { services } = await renderApp();
    await fireEvent.click(screen.getByRole('button', { name: /Add interest/ }));
    const picker = within(screen.getByRole('group', { name: 'Interest 1' })).getByLabelText('Interest');
    await fireEvent.input(picker, { target: { value: 'ca-1' } });
    await fireEvent.blur(picker);
    await waitFor(() =>
      expect(services.form.data.interests[0]).toMatchObject({ sapInterestId: 'CA-1', interest: 'Jewellery' }),
    );
  });

  it('shows more address lines when asked', async () => {
    await renderApp();
    await fireEvent.click(screen.getByRole('button', { name: /Add address/ }));
    const address = screen.getByRole('group', { name: 'Address 1' });
    expect(within(address).queryByLabelText('Street 2')).toBeNull();
    await fireEvent.click(within(address).getByRole('button', { name: /Street 2/ }));
    await waitFor(() => expect(within(address).getByLabelText('Street 5')).toBeTruthy());
  });
});

describe('keyboard', () => {
  it('Ctrl+Enter finalizes and Alt+2 opens the drafts', async () => {
    const { services, fake } = await renderApp();
    services.form.data.lastName = 'Keyboard';
    services.form.edited('lastName');
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await screen.findByRole('alert');
    expect(services.form.submitted).toBe(true);
    expect(fake.calls.some((call) => call.method === 'outbox.enqueue')).toBe(false);

    await fireEvent.keyDown(window, { key: '2', altKey: true });
    await screen.findByRole('heading', { name: /Drafts/, level: 1 });
    await screen.findByText('Keyboard');
  });
});
