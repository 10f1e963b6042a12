import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { summaryFor } from '../../support/renderer/fakeBridge';
import { sampleRecord } from '../../support/core/records';

beforeAll(englishMessages);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const today = new Date().toISOString().slice(0, 10);
const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

async function openTools() {
  const { services, fake } = testServices();
  const now = new Date().toISOString();
  fake.entries = [
    { ...summaryFor(ids[0]!, 'Bianchi, Giulia', now), state: 'sent', boosterCustomerId: 4711 },
    summaryFor(ids[1]!, 'Rossi, Mario', now),
  ];
  for (const captureId of ids) fake.enqueued.push({ captureId, record: sampleRecord(0) });
  render(App, { props: { services } });
  await screen.findByRole('heading', { name: 'New client', level: 1 });
  await fireEvent.keyDown(window, { key: '5', code: 'Digit5', altKey: true });
  await screen.findByRole('heading', { name: 'Event tools', level: 1 });
  return { services, fake };
}

function setClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
}

describe('event tools screen', () => {
  it('shows the receipt of the day with Booster ids, and names the field of a bad query', async () => {
    const { fake } = await openTools();
    await fireEvent.input(screen.getByLabelText('Point of sale code'), { target: { value: '' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show receipt' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('posCode');
    expect(screen.getByLabelText('Point of sale code').getAttribute('aria-invalid')).toBe('true');

    await fireEvent.input(screen.getByLabelText('Point of sale code'), { target: { value: 'ES100:102048' } });
    await fireEvent.input(screen.getByLabelText('First day'), { target: { value: today } });
    await fireEvent.input(screen.getByLabelText('Last day'), { target: { value: today } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show receipt' }));
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('4711'),
      expect.stringContaining('Waiting to send'),
    ]);
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeTruthy();
    expect(fake.calls.filter((call) => call.method === 'operations.receipt')).toHaveLength(2);
  });

  it('shows on the receipt the consents each client gave or withdrew, who ticked, language and version', async () => {
    const { fake } = await openTools();
    for (const [purpose, given, tickedBy] of [
      ['privacyPolicyAcceptanceStorage', true, 'client'],
      ['dataSharingConsent', true, 'client'],
      ['dataSharingConsent', false, 'staff'],
    ] as const)
      await fake.consent.record({
        captureId: ids[0]!,
        purpose,
        given,
        textId: `consent.${purpose}`,
        version: 1,
        language: purpose === 'dataSharingConsent' && !given ? 'en' : 'fr',
        tickedBy,
      });
    await fireEvent.input(screen.getByLabelText('Point of sale code'), { target: { value: 'ES100:102048' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Show receipt' }));
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Consents' })).toBeTruthy();
    const [given, none] = within(table).getAllByRole('row').slice(1);
    expect(
      within(given!)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.trim()),
    ).toEqual([
      'Privacy policy acceptance for data storage: given by the client (fr, v1)',
      'Data sharing consent: withdrawn by staff (en, v1)',
    ]);
    expect(none!.textContent).toContain('No consent recorded');
  });

  it('copies the diagnostics, and offers the text to select when the clipboard is refused', async () => {
    const written: string[] = [];
    setClipboard(async (text) => void written.push(text));
    await openTools();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    await screen.findByText('Diagnostics copied: paste them into your message to IT.');
    expect(written[0]).toContain('[Queue]');

    setClipboard(() => Promise.reject(new Error('NotAllowedError')));
    await fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    const box = (await screen.findByLabelText('Diagnostics text')) as HTMLTextAreaElement;
    expect(box.value).toContain('[Queue]');
    expect(screen.queryByText('Diagnostics copied: paste them into your message to IT.')).toBeNull();
  });

  it('refuses two different passphrases before asking main, naming the second field', async () => {
    const { fake } = await openTools();
    await fireEvent.input(screen.getByLabelText('Passphrase (at least 12 characters)'), {
      target: { value: 'a long passphrase' },
    });
    await fireEvent.input(screen.getByLabelText('Passphrase again'), {
      target: { value: 'a long passphrasf' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Export unsent clients' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not the same');
    expect(screen.getByLabelText('Passphrase again').getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls.some((call) => call.method === 'operations.exportRescue')).toBe(false);
  });

  it('asks for a file before importing', async () => {
    const { fake } = await openTools();
    await fireEvent.input(screen.getByLabelText('Passphrase of the file'), {
      target: { value: 'a long passphrase' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Rescue file: choose the file');
    expect(screen.getByLabelText('Rescue file').getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls.some((call) => call.method === 'operations.importRescue')).toBe(false);
  });
});
