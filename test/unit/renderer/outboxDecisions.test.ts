// "Booster may already have this client": the card shows why, the attempt history in the locale's clock, and
// the two decisions (send again; it is in Booster, record its id) through the fake bridge, by keyboard too.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import type { OutboxEntrySummary } from '../../../shared/ipc';
import { englishMessages, testServices } from '../../support/renderer/setup';
import { summaryFor } from '../../support/renderer/fakeBridge';
import { ManualClock } from '../../support/renderer/manualClock';

beforeAll(englishMessages);
afterEach(cleanup);

const heldId = '00000000-0000-4000-8000-000000000001';
const sentId = '00000000-0000-4000-8000-000000000002';

function held(): OutboxEntrySummary {
  return {
    ...summaryFor(heldId, 'Rossi, Anna'),
    state: 'needsAttention',
    attentionReason: 'mayAlreadyExist',
    possibleDuplicate: true,
    attempts: 2,
    lastError: { code: 'mayAlreadyExist', message: 'Booster may already have this client.' },
    history: [
      {
        startedAt: '2026-11-28T09:58:05.000Z',
        finishedAt: '2026-11-28T09:58:25.000Z',
        outcome: 'ambiguous',
        ambiguity: 'timeout',
      },
      {
        startedAt: '2026-11-28T09:59:40.000Z',
        finishedAt: '2026-11-28T09:59:41.000Z',
        outcome: 'ambiguous',
        ambiguity: 'connectionLost',
      },
    ],
  };
}

async function openOutbox(entries: OutboxEntrySummary[]) {
  const clock = new ManualClock('2026-11-28T10:00:00.000Z');
  const { services, fake } = testServices({ clock });
  fake.entries = entries;
  render(App, { props: { services } });
  await screen.findByRole('heading', { name: 'New client', level: 1 });
  services.ui.show('outbox');
  const list = await screen.findByRole('list', { name: 'Sent and pending' });
  const card = await waitFor(() => {
    const found = list.querySelector<HTMLElement>(`[data-capture-id="${heldId}"]`);
    if (!found) throw new Error('no card yet');
    return found;
  });
  return { services, fake, list, card };
}

const clockTime = (iso: string) =>
  new Intl.DateTimeFormat('en', { timeStyle: 'medium' }).format(new Date(iso));

describe('a client Booster may already have', () => {
  it('says so, shows each attempt with its times in the locale clock and how its answer was lost', async () => {
    const { card } = await openOutbox([held()]);
    expect(
      within(card).getByText(/^Booster may already have this client: its answers were lost/),
    ).toBeTruthy();
    const history = within(card).getByRole('region', { name: 'Attempt history' });
    const lines = within(history).getAllByRole('listitem');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.textContent).toContain(
      `${clockTime('2026-11-28T09:58:05.000Z')} – ${clockTime('2026-11-28T09:58:25.000Z')}`,
    );
    expect(lines[0]!.textContent).toContain('No answer in time: Booster may have created it');
    expect(lines[1]!.textContent).toContain('Connection lost after sending: Booster may have created it');
    expect(within(card).getByRole('button', { name: 'Send again: Rossi, Anna' })).toBeTruthy();
    expect(
      within(card).getByRole('button', { name: 'It is in Booster: record its id — Rossi, Anna' }),
    ).toBeTruthy();
  });

  it('"Send again" asks main and shows the client waiting again', async () => {
    const { fake, card } = await openOutbox([held()]);
    await fireEvent.click(within(card).getByRole('button', { name: 'Send again: Rossi, Anna' }));
    await waitFor(() => expect(within(card).getByText('Waiting to send')).toBeTruthy());
    expect(fake.calls.filter((call) => call.method === 'outbox.sendAgain')).toEqual([
      { method: 'outbox.sendAgain', request: { captureId: heldId } },
    ]);
    expect(within(card).getByText('Sent again by a person')).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Send again: Rossi, Anna' })).toBeNull();
    expect(await screen.findByText('Rossi, Anna will be sent again.')).toBeTruthy();
  });

  it('records the id typed in the inline form, refusing what is not an id; keyboard only', async () => {
    const { fake, card } = await openOutbox([held()]);
    await fireEvent.click(
      within(card).getByRole('button', { name: 'It is in Booster: record its id — Rossi, Anna' }),
    );
    const input = within(card).getByRole('textbox', { name: 'Booster client id' });
    await waitFor(() => expect(document.activeElement).toBe(input));

    for (const bad of ['', 'abc', '0', '12.5', '-4']) {
      await fireEvent.input(input, { target: { value: bad } });
      await fireEvent.submit(input.closest('form')!);
      expect(within(card).getByRole('alert').textContent).toBe(
        "Enter Booster's client id: a whole number above 0.",
      );
      expect(input.getAttribute('aria-invalid')).toBe('true');
    }
    expect(fake.calls.some((call) => call.method === 'outbox.recordBoosterId')).toBe(false);

    await fireEvent.input(input, { target: { value: ' 4242 ' } });
    await fireEvent.submit(input.closest('form')!);
    await waitFor(() =>
      expect(within(card).getByText('Booster id 4242 (recorded by a person)')).toBeTruthy(),
    );
    expect(fake.calls.filter((call) => call.method === 'outbox.recordBoosterId')).toEqual([
      { method: 'outbox.recordBoosterId', request: { captureId: heldId, boosterCustomerId: 4242 } },
    ]);
    expect(within(card).getByText('Sent')).toBeTruthy();
    expect(within(card).queryByRole('textbox')).toBeNull();
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('heading', { name: 'Sent and pending', level: 1 }),
      ),
    );
  });

  it('Escape closes the form and gives focus back to its button', async () => {
    const { card } = await openOutbox([held()]);
    const open = within(card).getByRole('button', { name: 'It is in Booster: record its id — Rossi, Anna' });
    await fireEvent.click(open);
    const input = within(card).getByRole('textbox', { name: 'Booster client id' });
    await fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(within(card).queryByRole('textbox')).toBeNull());
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(card).getByRole('button', { name: 'It is in Booster: record its id — Rossi, Anna' }),
      ),
    );
  });

  it("main's refusal of an id another client holds is shown beside the field", async () => {
    const other = { ...summaryFor(sentId, 'Verdi, Luca'), state: 'sent' as const, boosterCustomerId: 77 };
    const { fake, card } = await openOutbox([held(), other]);
    await fireEvent.click(
      within(card).getByRole('button', { name: 'It is in Booster: record its id — Rossi, Anna' }),
    );
    const input = within(card).getByRole('textbox', { name: 'Booster client id' });
    await fireEvent.input(input, { target: { value: '77' } });
    await fireEvent.submit(input.closest('form')!);
    await waitFor(() =>
      expect(within(card).getByRole('alert').textContent).toMatch(
        /77 is already recorded for another client/,
      ),
    );
    expect(fake.entries.find((entry) => entry.captureId === heldId)?.state).toBe('needsAttention');
  });
});
