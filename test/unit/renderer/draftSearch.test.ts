// Draft search over 5,000 sealed drafts: opened once into memory, then every keystroke searches there.
// Prints the figures (a busy CI machine must not fail on time); the target is under 50 ms p95.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { importDraftKey } from '../../../renderer/src/lib/draftCrypto';
import { emptyDraft } from '../../../renderer/src/lib/draftData';
import { DraftStore } from '../../../renderer/src/lib/drafts.svelte';
import { sealRow } from '../../../renderer/src/lib/sealedDrafts';
import { TEST_DRAFT_KEY } from '../../support/renderer/fakeBridge';
import { ManualClock } from '../../support/renderer/manualClock';
import { uniqueDb } from '../../support/renderer/setup';

const DRAFTS = 5_000;
const SEARCHES = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

describe('draft search at 5,000 drafts', () => {
  it('searches by name, email and phone in memory (prints p50/p95)', async () => {
    const key = await importDraftKey(TEST_DRAFT_KEY);
    const db = uniqueDb();
    const rows = await Promise.all(
      Array.from({ length: DRAFTS }, (_, i) => {
        const at = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
        return sealRow(key, {
          captureId: crypto.randomUUID(),
          createdAt: at,
          updatedAt: at,
          data: {
            ...emptyDraft(),
            lastName: `Surname${i}`,
            firstName: `Given${i % 97}`,
            emails: [{ email: `client${i}@maison.example`, isMainEmail: true }],
            phones: [
              {
                phone: `347 ${String(i).padStart(7, '0')}`,
                countryPrefix: 'it',
                phoneType: 'Mobile',
                isMainPhone: true,
              },
            ],
          },
          fieldErrors: [],
        });
      }),
    );
    await db.drafts.bulkPut(rows);

    const store = new DraftStore(db, {
      draftKey: () => importDraftKey(TEST_DRAFT_KEY),
      clock: new ManualClock(),
    });
    const openStart = performance.now();
    await store.start();
    const openMs = performance.now() - openStart;
    expect(store.count).toBe(DRAFTS);

    const queries = ['surname4321', 'client1234@', '347 000 12', 'given5', '+39 347 0004', 'nobody'];
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < SEARCHES; i += 1) {
      store.search = queries[i % queries.length] ?? '';
      const start = performance.now();
      found += store.visible.length;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    expect(found).toBeGreaterThan(0);
    store.search = 'client4321@maison.example';
    expect(store.visible.map((row) => row.data.lastName)).toEqual(['Surname4321']);
    console.log(
      `draft search over ${DRAFTS} drafts: p50 ${percentile(times, 50).toFixed(2)} ms, ` +
        `p95 ${percentile(times, 95).toFixed(2)} ms, max ${percentile(times, 100).toFixed(2)} ms ` +
        `(target < 50 ms p95); opening and decrypting them all: ${openMs.toFixed(0)} ms`,
    );
  }, 120_000);
});
