import { Writable } from 'node:stream';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  createConsoleLogger,
  createLineLogger,
  MAX_LOGGED_TEXT,
  NOT_LOGGED,
  toLoggedFields,
  toLoggedText,
  type LogFields,
  type Logger,
} from '../../../electron/main/core/platform/logger';
import { toIpcError } from '../../../electron/main/core/ipc-dispatch';
import { openBoosterServices } from '../../../electron/main/core/boosterServices';
import { createMemorySecretStore } from '../../../electron/main/core/platform/secretStore';
import { createIpcDispatcher } from '../../../electron/main/core/ipc-dispatch';
import { FakeClock } from '../../support/core/fakeClock';
import { createFakeFetch, jsonResponse, probeAnswer } from '../../support/core/fakeFetch';
import { newCaptureId, sampleRecord } from '../../support/core/records';
import { makeTempDir } from '../../support/core/tempDir';
import { waitFor } from '../../support/core/servicesHarness';

/** A logger at debug level whose lines the test reads, as the console and file loggers would write them. */
function captureLogger(): Logger & { lines: string[]; entries: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = createLineLogger((_level, line) => lines.push(line), { minLevel: 'debug' });
  return {
    ...logger,
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Fields as a call site outside the allow-list would pass them (the type forbids it in our code). */
const unlisted = (fields: Record<string, unknown>) => fields as unknown as LogFields;

describe('log fields are an allow-list', () => {
  it('writes a listed field and marks an unlisted one [not logged], whatever its name', () => {
    const logger = captureLogger();
    logger.info('sync: record needs attention', {
      captureId: '3f0c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      reason: 'rejected',
      retryInMs: 2_000,
      ...unlisted({
        customer: 'Bianchi, Giulia',
        contact: 'giulia.bianchi@example.com',
        hostname: 'laptop-42',
        fileName: 'outbox.journal',
      }),
    });
    const [entry] = logger.entries();
    expect(entry).toEqual({
      time: expect.any(String),
      level: 'info',
      message: 'sync: record needs attention',
      captureId: '3f0c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      reason: 'rejected',
      retryInMs: 2_000,
      customer: NOT_LOGGED,
      contact: NOT_LOGGED,
      hostname: NOT_LOGGED,
      fileName: NOT_LOGGED,
    });
    expect(logger.lines.join('')).not.toMatch(/Giulia|giulia|laptop-42/);
  });

  it('never writes an object, even under a listed name; lists hold scalars only, bounded', () => {
    const fields = toLoggedFields({
      reason: { firstName: 'Giulia' },
      captureIds: ['a', { email: 'giulia@example.com' }, ...Array.from({ length: 30 }, (_, index) => index)],
      count: () => 'Giulia',
    });
    expect(fields['reason']).toBe(NOT_LOGGED);
    expect(fields['count']).toBe(NOT_LOGGED);
    const captureIds = fields['captureIds'] as unknown[];
    expect(captureIds.slice(0, 2)).toEqual(['a', NOT_LOGGED]);
    expect(captureIds).toHaveLength(21);
    expect(captureIds.at(-1)).toBe('… 12 more');
  });

  it('cannot overwrite the time, level or message of a line', () => {
    const logger = captureLogger();
    logger.warn('outbox: recovered interrupted sends', unlisted({ message: 'Giulia', level: 'debug' }));
    expect(logger.entries()[0]).toMatchObject({
      level: 'warn',
      message: 'outbox: recovered interrupted sends',
    });
  });

  it('bounds every string', () => {
    const long = 'x'.repeat(5_000);
    expect(toLoggedText(long)).toHaveLength(MAX_LOGGED_TEXT + 1);
    expect(String(toLoggedFields({ detail: long })['detail']).length).toBeLessThanOrEqual(
      MAX_LOGGED_TEXT + 1,
    );
  });

  it('takes paths, emails, URL queries and credentials, and bearer tokens out of text', () => {
    expect(
      toLoggedText("ENOENT: no such file or directory, open '/home/giulia/.config/Booster/data/x'"),
    ).toBe("ENOENT: no such file or directory, open '<path>'");
    expect(toLoggedText('EPERM: operation not permitted, C:\\Users\\Giulia\\AppData\\x.json')).toBe(
      'EPERM: operation not permitted, <path>',
    );
    expect(toLoggedText('at ~/Library/Logs/x.log and \\\\server\\share\\giulia')).toBe(
      'at <path> and <path>',
    );
    expect(toLoggedText('cannot reach https://staff:pw@booster.example/api/customer?email=g@x.it#top')).toBe(
      'cannot reach https://booster.example/api/customer',
    );
    expect(toLoggedText('loaded file:///home/giulia/app/index.html')).toBe('loaded <path>');
    expect(toLoggedText("'giulia.bianchi@example.com' is already used")).toBe("'<email>' is already used");
    expect(toLoggedText('sent Authorization: Bearer abc.def.ghi')).toBe(
      'sent Authorization: Bearer [secret]',
    );
    // What is not a path stays readable.
    expect(toLoggedText('POST /customer answered 500 after 2/3 tries')).toBe(
      'POST /customer answered 500 after 2/3 tries',
    );
  });

  it('keeps a URL field to its origin and path', () => {
    expect(toLoggedFields({ url: '/ipc/outbox:list?q=Giulia' })).toEqual({ url: '/ipc/outbox:list' });
    expect(toLoggedFields({ url: 'https://evil.example/page?token=t#x' })).toEqual({
      url: 'https://evil.example/page',
    });
  });
});

describe('errors are logged as name, code and message', () => {
  const thrown = () => {
    const error = Object.assign(
      new Error("EACCES: permission denied, open '/home/giulia/data/outbox.journal'"),
      {
        code: 'EACCES',
        record: { lastName: 'Bianchi' },
        cause: new Error('Giulia'),
      },
    );
    error.stack = `Error: EACCES\n    at open (/home/giulia/app/out/main/index.js:10:5)`;
    return error;
  };

  it('keeps the code and the message (its paths replaced), never the stack, cause or other properties', () => {
    const logger = captureLogger();
    logger.error('outbox: pruning failed', { error: thrown() });
    expect(logger.entries()[0]!['error']).toEqual({
      name: 'Error',
      code: 'EACCES',
      message: "EACCES: permission denied, open '<path>'",
    });
    expect(logger.lines.join('')).not.toMatch(/home|giulia|Bianchi|index\.js| {4}at /i);
  });

  it('the IPC door logs an unexpected error the same way: no stack, no absolute path', () => {
    const logger = captureLogger();
    expect(toIpcError(thrown(), logger, 'outbox:list')).toMatchObject({ code: 'internal' });
    const [entry] = logger.entries();
    expect(entry).toMatchObject({ channel: 'outbox:list', error: { code: 'EACCES' } });
    expect(logger.lines.join('')).not.toMatch(/home|giulia|index\.js|stack/i);
  });

  it('a thrown value that is not an error is written as bounded text, or not at all', () => {
    expect(toLoggedFields({ error: 'lost /home/giulia/x' })).toEqual({ error: 'lost <path>' });
    expect(toLoggedFields({ error: { lastName: 'Bianchi' } })).toEqual({ error: NOT_LOGGED });
  });
});

describe('console logger', () => {
  it('writes JSON lines through the same allow-list, from its level up', () => {
    const written: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createConsoleLogger(stream, 'warn');
    logger.info('quiet', { count: 1 });
    logger.warn('loud', { count: 2, ...unlisted({ email: 'giulia@example.com' }) });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/\n$/);
    expect(JSON.parse(written[0]!)).toMatchObject({ level: 'warn', count: 2, email: NOT_LOGGED });
  });
});

describe('a capture, sync and discard through the real services log nothing personal', () => {
  it('writes no name, contact, birth date, API key, password or token, and no unlisted field', async () => {
    const unique = newCaptureId().slice(0, 8);
    const person = {
      firstName: `Zephyrine${unique}`,
      lastName: `Quillfeather${unique}`,
      email: `zq.${unique}@privacy-check.example`,
      phone: '349 817 2635',
      birthDate: '1979-11-23',
    };
    const other = { lastName: `Marchetti${unique}`, email: `m.${unique}@privacy-check.example` };
    const secrets = {
      apiKey: `api-key-${unique}`,
      password: `password-${unique}`,
      token: `bearer-${unique}`,
      refresh: `refresh-${unique}`,
    };
    const recordOf = (index: number, fields: { lastName: string; email: string; firstName?: string }) =>
      sampleRecord(index, {
        firstName: fields.firstName ?? 'Anna',
        lastName: fields.lastName,
        emails: [{ email: fields.email, isMainEmail: true }],
        ...(index === 1
          ? {
              birthDate: person.birthDate,
              phones: [{ phone: person.phone, countryPrefix: 'it', isMainPhone: true }],
            }
          : {}),
      });

    // Booster echoes personal data back in its errors, as real services do.
    const attempts = new Map<string, number>();
    const net = createFakeFetch();
    net.respond(async (request) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith('/auth/credentials'))
        return jsonResponse(200, {
          bearerToken: secrets.token,
          refreshToken: secrets.refresh,
          userName: 'staff',
        });
      if (!request.headers.get('authorization')) return probeAnswer();
      const body = await request.text();
      const key = body.includes(person.lastName) ? 'person' : 'other';
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      if (key === 'other')
        return jsonResponse(400, {
          responseStatus: {
            errorCode: 'Email',
            message: `'${other.email}' is already used by ${other.lastName}`,
            errors: [
              { errorCode: 'Email', fieldName: 'Emails[0].Email', message: `${other.email} is taken` },
            ],
          },
        });
      // Not processed (503): retried without counting as a lost answer; the reset that follows is the one
      // lost answer this client may have before it waits for a person.
      if (attempt === 1)
        return jsonResponse(503, {
          responseStatus: { errorCode: 'Unavailable', message: `Duplicate check failed for ${person.email}` },
        });
      if (attempt === 2)
        throw Object.assign(new TypeError(`fetch failed for ${person.lastName}`), {
          cause: { code: 'ECONNRESET' },
        });
      return jsonResponse(200, { boosterCustomerId: 77 });
    });

    const logger = captureLogger();
    const clock = new FakeClock();
    const dataDir = await makeTempDir();
    const services = await openBoosterServices({
      dataDir,
      fetch: net.fetch,
      secretStore: createMemorySecretStore(),
      clock,
      logger,
      random: () => 0.5,
      settings: { requestTimeoutMs: 2_000, probeTimeoutMs: 1_000 },
    });
    try {
      const dispatch = createIpcDispatcher(services.handlers, { logger });
      const baseUrl = 'https://booster.example/api';
      const status = async () => (await services.handlers.sync.status(undefined)).counts;

      await dispatch('auth:configure', { mode: 'apiKey', baseUrl, apiKey: secrets.apiKey });
      const otherId = newCaptureId();
      expect(
        await dispatch('outbox:enqueue', { captureId: otherId, record: recordOf(2, other) }),
      ).toMatchObject({
        ok: true,
      });
      await waitFor(async () => (await status()).needsAttention === 1, 'the other client rejected');

      await dispatch('auth:configure', {
        mode: 'credentials',
        baseUrl,
        userName: 'staff',
        password: secrets.password,
      });
      const personId = newCaptureId();
      expect(
        await dispatch('outbox:enqueue', { captureId: personId, record: recordOf(1, person) }),
      ).toMatchObject({
        ok: true,
      });
      await waitFor(async () => {
        clock.advance(60_000);
        return (await status()).sent === 1;
      }, 'sent after a 503 and a network error');
      expect(await dispatch('outbox:discard', { captureId: otherId })).toEqual({
        ok: true,
        value: { discarded: true },
      });
      expect(attempts.get('person')).toBe(3);
    } finally {
      await services.stop();
      await rm(dataDir, { recursive: true, force: true });
    }

    const logged = logger.lines.join('\n');
    // The run did log: retries, the record needing attention, the discard.
    expect(logged).toContain('sync: attempt failed, will retry');
    expect(logged).toContain('sync: record needs attention');
    expect(logged).toContain('outbox: discarded on request');
    const phoneDigits = person.phone.replaceAll(' ', '');
    const forbidden = [
      ...Object.values(person),
      ...Object.values(other),
      ...Object.values(secrets),
      phoneDigits,
      phoneDigits.slice(-7),
      unique,
    ];
    for (const value of forbidden) expect(logged, value).not.toContain(value);
    expect(logged).not.toContain(dataDir);
    expect(logged).not.toContain(NOT_LOGGED);
  });
});
