import { describe, expect, it } from 'vitest';
import { allInvokeChannels } from '../../../shared/ipc';
import { createIpcDispatcher, toIpcError } from '../../../electron/main/core/ipc-dispatch';
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
      'outbox:findMatches': {},
      'auth:configure': { mode: 'apiKey', baseUrl: 'https://booster.example', apiKey: 'k' },
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
