// Start-up asks for no more than the capture form needs: with 5,000 drafts on a slow disk, the form shows the
// draft it had open, and saves it, before the drafts list has finished opening; the list fills in afterwards.
import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import App from '../../../renderer/src/App.svelte';
import { importDraftKey } from '../../../renderer/src/lib/draftCrypto';
import { emptyDraft } from '../../../renderer/src/lib/draftData';
import { sealRow } from '../../../renderer/src/lib/sealedDrafts';
import { createServices, startServices } from '../../../renderer/src/lib/services.svelte';
import type { CaptureDb } from '../../../renderer/src/lib/db';
import { createFakeBridge, TEST_DRAFT_KEY } from '../../support/renderer/fakeBridge';
import { englishMessages, uniqueDb } from '../../support/renderer/setup';

beforeAll(englishMessages);
afterEach(cleanup);

const DRAFTS = 5_000;
const OPEN_ID = '44444444-4444-4444-8444-444444444444';

async function fill(db: CaptureDb): Promise<void> {
  const key = await importDraftKey(TEST_DRAFT_KEY);
  const rows = await Promise.all(
    Array.from({ length: DRAFTS }, (_, i) => {
      const at = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
      return sealRow(key, {
        captureId: i === 0 ? OPEN_ID : crypto.randomUUID(),
        createdAt: at,
        updatedAt: at,
        data: { ...emptyDraft(), lastName: i === 0 ? 'Opened' : `Surname${i}`, firstName: 'Giulia' },
        fieldErrors: [],
      });
    }),
  );
  await db.drafts.bulkPut(rows);
}

/** A disk whose read of every draft waits until released. */
function slowList(db: CaptureDb): { reading: () => boolean; release: () => void } {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reading = false;
  const toArray = db.drafts.toArray.bind(db.drafts);
  db.drafts.toArray = (async () => {
    reading = true;
    await released;
    return toArray();
  }) as typeof db.drafts.toArray;
  return { reading: () => reading, release };
}

function memory(captureId: string | undefined) {
  let value = captureId;
  return { get: () => value, set: (id: string | undefined) => (value = id) };
}

describe('start-up', () => {
  it('shows and saves the open draft before 5,000 drafts have finished opening', async () => {
    const db = uniqueDb();
    await fill(db);
    const disk = slowList(db);
    const fake = createFakeBridge();
    const services = createServices({ bridge: () => fake, db, openDraft: memory(OPEN_ID) });

    render(App, { props: { services } });
    await screen.findByRole('heading', { name: 'Editing Opened, Giulia', level: 1 });
    await waitFor(() => expect(disk.reading()).toBe(true));
    expect(services.drafts.loaded).toBe(false);

    services.form.data.lastName = 'Typed';
    services.form.changed();
    await services.drafts.flush();
    expect(services.drafts.saveError).toBeUndefined();
    expect(services.drafts.lastSaved?.captureId).toBe(OPEN_ID);
    expect(services.drafts.loaded).toBe(false);
    // The list says it is still loading, rather than "no drafts", and already shows the draft just saved.
    services.ui.show('drafts');
    await screen.findByText('Loading drafts…');
    expect(screen.queryByText(/^No drafts\./)).toBeNull();

    disk.release();
    await waitFor(() => expect(screen.queryByText('Loading drafts…')).toBeNull(), { timeout: 60_000 });
    await waitFor(() => expect(services.drafts.loaded).toBe(true), { timeout: 60_000 });
    expect(services.drafts.count).toBe(DRAFTS);
    expect(services.drafts.all[0]?.captureId).toBe(OPEN_ID);
    expect(services.drafts.all[0]?.data.lastName).toBe('Typed');
  }, 120_000);

  it('loads settings while main answers the lock, and asks for client data only once it is open', async () => {
    const fake = createFakeBridge();
    const services = createServices({ bridge: () => fake, db: uniqueDb() });
    const load = vi.spyOn(services.settings, 'load');
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const errors: unknown[] = [];
    const started = startServices(services, { whenOpen: () => opened, onError: (e) => errors.push(e) });

    await waitFor(() => expect(load).toHaveBeenCalled());
    const asked = () => fake.calls.map((call) => call.method);
    expect(asked()).not.toContain('drafts.key');
    expect(asked().some((method) => method.startsWith('sync.') || method.startsWith('outbox.'))).toBe(false);

    open();
    await started;
    expect(asked()).toContain('drafts.key');
    await waitFor(() => expect(services.drafts.loaded).toBe(true));
    await waitFor(() => expect(asked()).toContain('sync.status'));
    expect(errors).toEqual([]);
  });
});
