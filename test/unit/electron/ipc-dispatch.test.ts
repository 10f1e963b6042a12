import { afterEach, describe, expect, it } from 'vitest';
import { allInvokeChannels } from '../../../shared/ipc';
import { createIpcDispatcher, toIpcError } from '../../../electron/main/core/ipc-dispatch';
import { defaultRequestBudget, findBudgetExcess } from '../../../electron/main/core/ipc-request-budget';
import { largestValidRecord, minimalPrivateClientExample } from '../../support/arbitraries';
import { createHarness, type Harness } from '../../support/core/servicesHarness';
import { captureId, createFakeHandlers, idleStatus, recordingLogger } from './fake-handlers';

class DraftRejectedError extends Error {
  readonly code = 'invalidRecord';
  constructor(readonly fields: unknown) {
    super('Some fields are missing or not valid. Correct them and finalize again.');
  }
}

describe('createIpcDispatcher', () => {
  it('answers unknownChannel for a channel outside the contract', async () => {
    const dispatch = createIpcDispatcher(createFakeHandlers());
    for (const channel of ['outbox:drop', 'constructor', '__proto__', 'sync:status ', '']) {
      const result = await dispatch(channel, undefined);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknownChannel');
    }
  });

  it('routes every contract channel to its handler', async () => {
    const dispatch = createIpcDispatcher(createFakeHandlers());
    const requests: Record<string, unknown> = {
      'outbox:enqueue': { captureId, record: {} },
      'outbox:reopen': { captureId },
      'outbox:discard': { captureId },
      'outbox:erase': { captureId },
      'outbox:findMatches': {},
      'outbox:sendAgain': { captureId },
      'outbox:recordBoosterId': { captureId, boosterCustomerId: 1 },
      'auth:configure': { mode: 'apiKey', baseUrl: 'https://booster.example', apiKey: 'k' },
      'auth:switchCheck': { mode: 'apiKey', baseUrl: 'https://booster.example' },
      'lock:verifyPin': { pin: '482917' },
      'lock:setPin': { pin: '482917' },
      'lock:changePin': { currentPin: '482917', pin: '590318' },
      'lock:unlock': { pin: '482917' },
      'operations:exportRescue': { passphrase: 'a long rescue passphrase' },
      'operations:importRescue': { contentBase64: 'AAAA', passphrase: 'a long rescue passphrase' },
      'operations:receipt': { posCode: 'ES100:102048', from: '2026-11-01', to: '2026-11-30' },
      'mode:set': { mode: 'training' },
      'app:reportDraftOpen': { open: false },
      'consent:record': {
        captureId,
        purpose: 'allowStoreDataAbroad',
        given: true,
        textId: 'consent.allowStoreDataAbroad',
        version: 1,
        language: 'fr',
        tickedBy: 'client',
      },
      'consent:listForCapture': { captureId },
      'consent:export': { captureId },
    };
    for (const { channel } of allInvokeChannels) {
      const result = await dispatch(channel, requests[channel]);
      expect(result, channel).toMatchObject({ ok: true });
    }
  });

  it('refuses an invalid request with a message naming the field, without calling the handler', async () => {
    const handlers = createFakeHandlers();
    let called = false;
    handlers.outbox.enqueue = async () => {
      called = true;
      throw new Error('must not run');
    };
    const result = await createIpcDispatcher(handlers)('outbox:enqueue', {
      captureId: 'not-a-uuid',
      record: {},
    });
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalidRequest');
    expect(result.error.message).toContain('captureId');
    expect(result.error.fields?.map((field) => field.path)).toEqual(['captureId']);
  });

  it('counts every problem of an invalid request', async () => {
    const result = await createIpcDispatcher(createFakeHandlers())('auth:configure', {
      mode: 'credentials',
      baseUrl: 'ftp://booster.example',
      userName: ' ',
      password: '',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.fields?.map((field) => field.path).sort()).toEqual([
      'baseUrl',
      'password',
      'userName',
    ]);
    expect(result.error.message).toMatch(/and 2 more problems/);
  });

  it('hands the handler the parsed request, with the contract defaults applied', async () => {
    const handlers = createFakeHandlers();
    const seen: unknown[] = [];
    handlers.outbox.list = async (request) => {
      seen.push(request);
      return { items: [] };
    };
    await createIpcDispatcher(handlers)('outbox:list', undefined);
    expect(seen).toEqual([{ limit: 100 }]);
  });

  it('turns a named error into its code, message and fields', async () => {
    const handlers = createFakeHandlers();
    const fields = [{ path: 'lastName', code: 'too_small', message: 'Enter the last name' }];
    handlers.outbox.enqueue = async () => {
      throw new DraftRejectedError(fields);
    };
    const result = await createIpcDispatcher(handlers)('outbox:enqueue', { captureId, record: {} });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalidRecord',
        message: 'Some fields are missing or not valid. Correct them and finalize again.',
        fields,
      },
    });
  });

  it('drops fields that are not field issues rather than passing them on', () => {
    const error = toIpcError(new DraftRejectedError([{ secret: 'x' }]), recordingLogger());
    expect(error).toEqual({ code: 'invalidRecord', message: expect.any(String) });
  });

  it('hides unexpected errors behind code internal and logs them', async () => {
    const handlers = createFakeHandlers();
    const logger = recordingLogger();
    const osError = Object.assign(new Error("ENOENT: no such file, open '/home/anna/data/outbox.jsonl'"), {
      code: 'ENOENT',
    });
    const thrown: unknown[] = [
      new TypeError('cannot read properties of undefined'),
      osError,
      'a string',
      null,
    ];
    for (const error of thrown) {
      handlers.sync.now = async () => {
        throw error;
      };
      const result = await createIpcDispatcher(handlers, { logger })('sync:now', undefined);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('internal');
      expect(result.error.message).not.toMatch(/ENOENT|anna|undefined/);
    }
    expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(thrown.length);
  });

  it('catches a handler that throws synchronously', async () => {
    const handlers = createFakeHandlers();
    handlers.sync.status = (() => {
      throw new Error('sync throw');
    }) as unknown as typeof handlers.sync.status;
    const result = await createIpcDispatcher(handlers)('sync:status', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('never lets an answer outside the contract leave main', async () => {
    const handlers = createFakeHandlers();
    const logger = recordingLogger();
    handlers.sync.status = async () =>
      ({ ...idleStatus, connectivity: 'maybe' }) as unknown as typeof idleStatus;
    const result = await createIpcDispatcher(handlers, { logger })('sync:status', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logger.lines[0]?.message).toMatch(/outside the contract/);
  });

  it('refuses to start when a channel has no handler', () => {
    const handlers = createFakeHandlers();
    delete (handlers.outbox as Partial<typeof handlers.outbox>).discard;
    expect(() => createIpcDispatcher(handlers)).toThrow(/outbox:discard/);
  });
});

// Issue 7, item 2: an absurdly large request is refused cheaply, with a named error, before deep work.
describe('createIpcDispatcher: request size', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.services.stop();
  });

  function refusingHandlers() {
    const handlers = createFakeHandlers();
    const calls = { count: 0 };
    handlers.outbox.enqueue = async () => {
      calls.count += 1;
      throw new Error('must not run');
    };
    return { handlers, calls };
  }

  // Cheap means bounded work, counted rather than timed (a timer fails on a loaded machine): the walk stops
  // at the budget instead of reading all million items.
  const itemsRead = { count: 0 };
  const millionItems = new Proxy(new Array<unknown>(1_000_000).fill({ email: 'a@b.com' }), {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) itemsRead.count += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });

  it.each([
    ['a million-item array', { emails: millionItems }, 'values'],
    [
      'a million keys',
      Object.fromEntries(Array.from({ length: 1_000_000 }, (_, i) => [`k${i}`, i])),
      'values',
    ],
    ['a 10 MB string in an unexpected field', { comment: 'x'.repeat(10 * 1024 * 1024) }, 'characters'],
  ])('refuses %s in the record with invalidRequest naming where', async (_name, record, what) => {
    const { handlers, calls } = refusingHandlers();
    itemsRead.count = 0;
    const result = await createIpcDispatcher(handlers)('outbox:enqueue', { captureId, record });
    expect(itemsRead.count).toBeLessThanOrEqual(defaultRequestBudget.maxValues);
    expect(calls.count).toBe(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalidRequest');
    expect(result.error.message).toMatch(
      new RegExp(`outbox:enqueue is too large: more than [\\d,]+ ${what}`),
    );
    expect(result.error.message).toContain('reached at record.');
    expect(result.error.fields?.[0]).toMatchObject({
      code: 'tooLarge',
      path: expect.stringMatching(/^record\./),
    });
  });

  it('refuses nesting deep enough to exhaust the stack, without overflowing it', async () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    const { handlers, calls } = refusingHandlers();
    const result = await createIpcDispatcher(handlers)('outbox:enqueue', { captureId, record: { deep } });
    expect(calls.count).toBe(0);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalidRequest' } });
    if (!result.ok) expect(result.error.message).toContain('more than 32 levels of nesting');
  });

  it('the largest valid record is far within the budget', () => {
    expect(findBudgetExcess({ captureId, record: largestValidRecord() })).toBeUndefined();
    expect(findBudgetExcess('x'.repeat(4 * 1024 * 1024))).toBeUndefined();
    expect(findBudgetExcess('x'.repeat(4 * 1024 * 1024 + 1))).toMatchObject({ path: '' });
  });

  it('a 2.2-million-character last name is refused by the real services, naming lastName; nothing is queued', async () => {
    const harness = await createHarness();
    harnesses.push(harness);
    const dispatch = createIpcDispatcher(harness.services.handlers);
    const result = await dispatch('outbox:enqueue', {
      captureId,
      record: { ...minimalPrivateClientExample, lastName: 'R'.repeat(2_200_000) },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalidRecord');
    expect(result.error.fields).toEqual([
      {
        path: 'lastName',
        code: 'tooLong',
        message: 'Last name is too long: at most 255 characters (this one has 2,200,000).',
      },
    ]);
    expect(await dispatch('outbox:list', {})).toEqual({ ok: true, value: { items: [] } });
  });
});
