// One scenario suite for `outbox:list`, run against main (the real Outbox through the real IPC dispatcher and
// handlers, on an in-memory store) and against the renderer's fake bridge: the fake must page exactly as main
// does, or renderer tests prove things about a list main never answers.
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, OutboxEntrySummary } from '../../../shared/ipc';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { FakeClock } from '../../support/core/fakeClock';
import { boosterRoutes, jsonResponse } from '../../support/core/fakeFetch';
import { sampleRecord } from '../../support/core/records';
import { createHarness, waitFor, type Harness } from '../../support/core/servicesHarness';
import { listPage, summaryFor } from '../../support/renderer/fakeBridge';

type Page = { items: OutboxEntrySummary[]; nextCursor?: string };

interface ListDriver {
  /** Queues `count` clients one second apart, oldest first (ids from `captureId`). With `held`, each client
   *  is then sent, or held in needsAttention where `held(index)`; without, all stay pending. */
  seed(count: number, held?: (index: number) => boolean): Promise<void>;
  list(request: unknown): Promise<IpcResult<Page>>;
  stop(): Promise<void>;
}

const start = Date.UTC(2026, 10, 28, 9, 0, 0);

/** Not in enqueue order when sorted as text, so a page ordered by id alone would show it. */
function captureId(index: number): string {
  return `00000000-0000-4000-8000-${String((index * 7919) % 100_000).padStart(12, '0')}`;
}

function indexOfRecord(body: unknown): number {
  return Number(String((body as { lastName: string }).lastName).replace('Bianchi', ''));
}

async function mainDriver(): Promise<ListDriver & { harness(): Harness }> {
  let harness: Harness | undefined;
  return {
    harness() {
      if (!harness) throw new Error('seed first');
      return harness;
    },
    async seed(count, held) {
      const clock = new FakeClock(start);
      harness = await createHarness({ clock });
      for (let index = 0; index < count; index += 1) {
        await harness.services.handlers.outbox.enqueue({
          captureId: captureId(index),
          record: sampleRecord(index),
        });
        clock.advance(1_000);
      }
      if (!held) return;
      harness.net.respond(
        boosterRoutes(async (request) => {
          const index = indexOfRecord(await request.json());
          return held(index)
            ? new Response('Forbidden', { status: 403, headers: { 'Content-Type': 'text/plain' } })
            : jsonResponse(200, { boosterCustomerId: index + 1 });
        }),
      );
      const services = harness.services;
      await services.handlers.auth.configure({
        mode: 'apiKey',
        baseUrl: 'https://booster.example/api',
        apiKey: 'secret-key',
      });
      await waitFor(async () => {
        const { counts } = await services.handlers.sync.status(undefined);
        return counts.sent + counts.needsAttention === count;
      }, 'every client sent or held');
    },
    async list(request) {
      if (!harness) throw new Error('seed first');
      return (await createIpcDispatcher(harness.services.handlers)(
        'outbox:list',
        request,
      )) as IpcResult<Page>;
    },
    async stop() {
      await harness?.services.stop();
    },
  };
}

function fakeDriver(): ListDriver {
  let entries: OutboxEntrySummary[] = [];
  return {
    async seed(count, held) {
      entries = Array.from({ length: count }, (_, index) => {
        const summary = summaryFor(
          captureId(index),
          `Bianchi${index}`,
          new Date(start + index * 1_000).toISOString(),
        );
        if (!held) return summary;
        return { ...summary, state: held(index) ? ('needsAttention' as const) : ('sent' as const) };
      });
    },
    async list(request) {
      return listPage(entries, request);
    },
    async stop() {},
  };
}

const ids = (page: IpcResult<Page>) => (page.ok ? page.value.items.map((item) => item.captureId) : page);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, offset) => from + offset);
const newestFirst = (indexes: number[]) => indexes.map(captureId).reverse();

describe.each([
  ['main (Outbox through the IPC dispatcher)', mainDriver],
  ['the renderer fake bridge', async () => fakeDriver()],
])('outbox:list paging: %s', (_name, makeDriver) => {
  let driver: ListDriver | undefined;
  afterEach(async () => {
    await driver?.stop();
    driver = undefined;
  });

  async function seeded(count: number, held?: (index: number) => boolean): Promise<ListDriver> {
    driver = await makeDriver();
    await driver.seed(count, held);
    return driver;
  }

  it('250 entries: the first page is the 200 newest, newest first; "Show more" gives the 50 oldest', async () => {
    const list = await seeded(250);
    const first = await list.list({ order: 'newestFirst', limit: 200 });
    expect(ids(first)).toEqual(newestFirst(range(50, 250)));
    const cursor = first.ok ? first.value.nextCursor : undefined;
    expect(cursor).toBeDefined();
    const rest = await list.list({ order: 'newestFirst', limit: 200, cursor });
    expect(ids(rest)).toEqual(newestFirst(range(0, 50)));
    expect(rest.ok && rest.value.nextCursor).toBeUndefined();
  });

  it('without an order pages oldest first, as every earlier caller (the CLI) expects', async () => {
    const list = await seeded(5);
    const first = await list.list({ limit: 3 });
    expect(ids(first)).toEqual(range(0, 3).map(captureId));
    const rest = await list.list({ limit: 3, cursor: first.ok ? first.value.nextCursor : undefined });
    expect(ids(rest)).toEqual(range(3, 5).map(captureId));
  });

  it('filters by state before paging: bounded pages of only those states, newest first', async () => {
    const held = (index: number) => index % 5 === 0;
    const list = await seeded(250, held);
    const heldIds = newestFirst(range(0, 250).filter(held));
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list.list({ order: 'newestFirst', states: ['needsAttention'], limit: 20, cursor });
      if (!page.ok) throw new Error(page.error.message);
      expect(page.value.items.length).toBeLessThanOrEqual(20);
      expect(page.value.items.every((item) => item.state === 'needsAttention')).toBe(true);
      pages.push(page.value.items.map((item) => item.captureId));
      cursor = page.value.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([20, 20, 10]);
    expect(pages.flat()).toEqual(heldIds);
    const sent = await list.list({ order: 'newestFirst', states: ['sent', 'pending'], limit: 500 });
    expect(ids(sent)).toEqual(newestFirst(range(0, 250).filter((index) => !held(index))));
    expect(ids(await list.list({ states: ['sending'], limit: 10 }))).toEqual([]);
  });

  it('refuses a cursor that no page handed out, naming the cursor field', async () => {
    const list = await seeded(3);
    for (const cursor of ['abc:def', 'garbage', '', captureId(1)]) {
      for (const order of ['newestFirst', 'oldestFirst'])
        expect(await list.list({ order, limit: 2, cursor }), cursor).toMatchObject({
          ok: false,
          error: {
            code: 'invalidRequest',
            message: expect.stringMatching(/cursor/),
            fields: [expect.objectContaining({ path: 'cursor' })],
          },
        });
    }
  });
});

describe('outbox:list in main', () => {
  it('a page filtered by state reads only entries of those states, however large the rest of the backlog', async () => {
    const driver = await mainDriver();
    try {
      await driver.seed(250, (index) => index % 50 === 0);
      const store = driver.harness().store;
      const getMeta = store.getMeta.bind(store);
      let lookups = 0;
      store.getMeta = (captureId) => {
        lookups += 1;
        return getMeta(captureId);
      };
      const page = await driver.list({ order: 'newestFirst', states: ['needsAttention'], limit: 2 });
      expect(ids(page)).toEqual(newestFirst([100, 150, 200]).slice(0, 2));
      expect(lookups).toBeLessThanOrEqual(2 * 3);
    } finally {
      await driver.stop();
    }
  });
});
