import { describe, expect, it } from 'vitest';
import {
  classifyTransportError,
  decodeCreateCustomerResponse,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
} from '../../../shared/booster';

const NOW = Date.UTC(2026, 10, 28, 16, 0, 0);

function answer(status: number, bodyText = '', headers: Record<string, string> = {}) {
  return decodeCreateCustomerResponse({ status, headers: new Headers(headers), bodyText }, NOW);
}

const json = { 'content-type': 'application/json; charset=utf-8' };
const lastNameError = JSON.stringify({
  responseStatus: {
    errorCode: 'NotEmpty',
    message: "'Last Name' must not be empty.",
    errors: [
      { errorCode: 'NotEmpty', fieldName: 'LastName', message: "'Last Name' must not be empty." },
      { errorCode: 'Email', fieldName: 'Emails[0].Email', message: "'Email' is not a valid email address." },
      { errorCode: 'Predicate', fieldName: 'ContactBySmsFlag', message: 'Bad flag.' },
    ],
  },
});

describe('decodeCreateCustomerResponse: success', () => {
  it('200 with a positive id is created', () => {
    expect(answer(200, '{"boosterCustomerId":123456}', json)).toEqual({
      kind: 'created',
      boosterCustomerId: 123456,
    });
  });

  it('201 with a positive id is created too, and a PascalCase body is read', () => {
    expect(answer(201, '{"BoosterCustomerId":7}', json)).toEqual({ kind: 'created', boosterCustomerId: 7 });
  });

  it.each([
    [
      'id 0 with a responseStatus',
      '{"boosterCustomerId":0,"responseStatus":{"errorCode":"ArgumentException","message":"Brand unknown"}}',
    ],
    ['id 0 alone', '{"boosterCustomerId":0}'],
    ['no id', '{}'],
    ['a negative id', '{"boosterCustomerId":-4}'],
    ['a fractional id', '{"boosterCustomerId":1.5}'],
    ['an id as text', '{"boosterCustomerId":"123"}'],
    [
      'a positive id with an error status',
      '{"boosterCustomerId":5,"responseStatus":{"errorCode":"Exception","message":"Partly failed"}}',
    ],
    ['JSON null', 'null'],
  ])('200 with %s is a final failure that Booster may have created', (_case, body) => {
    expect(answer(200, body, json)).toMatchObject({ kind: 'failed', status: 200, mayHaveCreated: true });
  });

  it.each([
    ['0', '0'],
    ['-5', '-5'],
    ['"12"', '"12"'],
    ['1.5', '1.5'],
    ['9007199254740993', '9007199254740992'],
    ['1e21', '1e+21'],
    ['true', 'true'],
  ])('2xx with boosterCustomerId %s is not a success: flagged, and the value is named', (raw, shown) => {
    for (const status of [200, 201]) {
      const outcome = answer(status, `{"boosterCustomerId":${raw}}`, json);
      expect(outcome).toEqual({
        kind: 'failed',
        status,
        mayHaveCreated: true,
        message: `Booster answered HTTP ${status} with a client id that is not valid (${shown}): it may have created this client, so check in Booster before sending it again.`,
      });
    }
  });

  it('the largest safe integer is still an id; the next one is not', () => {
    expect(answer(200, `{"boosterCustomerId":${Number.MAX_SAFE_INTEGER}}`, json)).toEqual({
      kind: 'created',
      boosterCustomerId: Number.MAX_SAFE_INTEGER,
    });
    expect(answer(200, '{"boosterCustomerId":9007199254740992}', json)).toMatchObject({
      kind: 'failed',
      mayHaveCreated: true,
    });
  });

  it('a validation rejection inside a 2xx is not flagged: nothing was created', () => {
    const body = lastNameError.replace('{"responseStatus"', '{"boosterCustomerId":0,"responseStatus"');
    expect(answer(200, body, json)).not.toHaveProperty('mayHaveCreated');
  });

  it('failures outside 2xx are not flagged as possibly created', () => {
    expect(answer(404, 'Handler for Request not found')).not.toHaveProperty('mayHaveCreated');
    expect(answer(418, '')).not.toHaveProperty('mayHaveCreated');
  });

  it('200 with a responseStatus carries the server message', () => {
    const outcome = answer(
      200,
      '{"boosterCustomerId":0,"responseStatus":{"errorCode":"ArgumentException","message":"Brand unknown"}}',
    );
    expect(outcome).toMatchObject({
      kind: 'failed',
      message: expect.stringContaining('Brand unknown') as string,
    });
  });

  it('200 with a positive id and an error names the id, so that a person checks Booster first', () => {
    const outcome = answer(
      200,
      '{"boosterCustomerId":5,"responseStatus":{"errorCode":"Exception","message":"Partly failed"}}',
      json,
    );
    expect(outcome).toEqual({
      kind: 'failed',
      status: 200,
      mayHaveCreated: true,
      message:
        'Booster answered HTTP 200 with client id 5 but also an error: it may have created this client, so check in Booster before sending it again. Booster said: Partly failed',
    });
  });

  it('200 with field errors in its responseStatus is a rejection with our paths, not a lost failure', () => {
    const body = lastNameError.replace('{"responseStatus"', '{"boosterCustomerId":0,"responseStatus"');
    const outcome = answer(200, body, json);
    expect(outcome).toMatchObject({ kind: 'rejected', status: 200 });
    expect(outcome.kind === 'rejected' && outcome.fieldErrors.map((error) => error.path)).toEqual([
      'lastName',
      'emails.0.email',
      'contactBySMSFlag',
    ]);
  });

  it('200 with a body that is not JSON is a final failure that says so', () => {
    const outcome = answer(200, '<html><body>Welcome to nginx</body></html>', {
      'content-type': 'text/html',
    });
    expect(outcome).toMatchObject({
      kind: 'failed',
      status: 200,
      message: expect.stringContaining('without a JSON body') as string,
    });
  });

  it('200 with an empty body is a final failure', () => {
    expect(answer(200, '')).toMatchObject({ kind: 'failed', status: 200, mayHaveCreated: true });
  });
});

describe('decodeCreateCustomerResponse: validation', () => {
  it('400 maps each field error to our path, keeping the server code and message', () => {
    const outcome = answer(400, lastNameError, json);
    expect(outcome).toEqual({
      kind: 'rejected',
      status: 400,
      message: expect.stringContaining("'Last Name' must not be empty.") as string,
      fieldErrors: [
        { path: 'lastName', code: 'NotEmpty', message: "'Last Name' must not be empty." },
        { path: 'emails.0.email', code: 'Email', message: "'Email' is not a valid email address." },
        { path: 'contactBySMSFlag', code: 'Predicate', message: 'Bad flag.' },
      ],
    });
  });

  it('400 without field errors is still a rejection, with the whole-record message', () => {
    const outcome = answer(
      400,
      '{"responseStatus":{"errorCode":"SerializationException","message":"Could not parse body"}}',
    );
    expect(outcome).toMatchObject({ kind: 'rejected', status: 400, fieldErrors: [] });
    expect(outcome.kind === 'rejected' && outcome.message).toContain('Could not parse body');
  });

  it('400 in plain text is a rejection with that text', () => {
    expect(answer(400, 'Bad Request', { 'content-type': 'text/plain' })).toMatchObject({
      kind: 'rejected',
      fieldErrors: [],
      message: expect.stringContaining('Bad Request') as string,
    });
  });
});

describe('decodeCreateCustomerResponse: authentication', () => {
  it('401 with an empty body and WWW-Authenticate means credentials are missing', () => {
    const outcome = answer(401, '', { 'www-authenticate': 'credentials realm="/auth/credentials"' });
    expect(outcome).toMatchObject({ kind: 'unauthorized', reason: 'credentialsMissing' });
  });

  it('401 TokenException means the token expired', () => {
    const outcome = answer(
      401,
      '{"responseStatus":{"errorCode":"TokenException","message":"Token has expired"}}',
      json,
    );
    expect(outcome).toMatchObject({ kind: 'unauthorized', reason: 'tokenExpired' });
  });

  it('401 Invalid Username or Password means the credentials are wrong', () => {
    const outcome = answer(
      401,
      '{"responseStatus":{"errorCode":"Unauthorized","message":"Invalid Username or Password"}}',
      json,
    );
    expect(outcome).toMatchObject({ kind: 'unauthorized', reason: 'invalidCredentials' });
  });

  it('401 with an empty body and an RFC 6750 invalid_token challenge means the token expired', () => {
    const outcome = answer(401, '', {
      'www-authenticate': 'Bearer realm="booster", error="invalid_token", error_description="expired"',
    });
    expect(outcome).toMatchObject({ kind: 'unauthorized', reason: 'tokenExpired' });
    expect(answer(401, '', { 'www-authenticate': 'Bearer realm="booster"' })).toMatchObject({
      reason: 'credentialsMissing',
    });
  });

  it('401 Not Authenticated means credentials are missing', () => {
    const outcome = answer(
      401,
      '{"responseStatus":{"errorCode":"Unauthorized","message":"Not Authenticated"}}',
      json,
    );
    expect(outcome).toMatchObject({ kind: 'unauthorized', reason: 'credentialsMissing' });
  });

  it('403 in plain text is forbidden, with the text', () => {
    const outcome = answer(403, 'Forbidden: missing role Customer.Create', { 'content-type': 'text/plain' });
    expect(outcome).toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('missing role Customer.Create') as string,
    });
  });

  it('403 with a ResponseStatus is forbidden, with its message', () => {
    const outcome = answer(
      403,
      '{"responseStatus":{"errorCode":"Forbidden","message":"Invalid Role"}}',
      json,
    );
    expect(outcome).toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('Invalid Role') as string,
    });
  });
});

describe('decodeCreateCustomerResponse: final failures', () => {
  it('404 in plain text is a final failure pointing at the address', () => {
    const outcome = answer(404, 'Handler for Request not found (404):\n  Request.HttpMethod: POST', {
      'content-type': 'text/plain',
    });
    expect(outcome).toMatchObject({
      kind: 'failed',
      status: 404,
      message: expect.stringContaining('address') as string,
    });
  });

  it('405 with a ResponseStatus is a final failure', () => {
    const outcome = answer(
      405,
      '{"responseStatus":{"errorCode":"NotImplementedException","message":"Could not find method named Post"}}',
    );
    expect(outcome).toMatchObject({
      kind: 'failed',
      status: 405,
      message: expect.stringContaining('Could not find method') as string,
    });
  });

  it.each([301, 302, 409, 410, 415, 422])('%i is a final failure', (status) => {
    expect(answer(status, '')).toMatchObject({ kind: 'failed', status });
  });

  it('never repeats an HTML page to a person', () => {
    const outcome = answer(404, '<!DOCTYPE html><html><body>Not here</body></html>');
    expect(outcome.kind === 'failed' && outcome.message).not.toContain('<');
  });
});

describe('decodeCreateCustomerResponse: retry later', () => {
  it('408 is retryable and not ambiguous', () => {
    expect(answer(408, '')).toEqual({
      kind: 'retryable',
      reason: 'http',
      status: 408,
      ambiguous: false,
      message: expect.any(String) as string,
    });
  });

  it('429 with Retry-After in seconds', () => {
    expect(answer(429, 'Too Many Requests', { 'retry-after': '120' })).toMatchObject({
      kind: 'retryable',
      reason: 'http',
      status: 429,
      retryAfterMs: 120_000,
      ambiguous: false,
    });
  });

  it('429 with Retry-After as an HTTP-date', () => {
    const at = new Date(NOW + 90_000).toUTCString();
    expect(answer(429, 'slow down', { 'retry-after': at })).toMatchObject({
      kind: 'retryable',
      retryAfterMs: 90_000,
    });
  });

  it('500 with a ResponseStatus is retryable and ambiguous (the client may exist)', () => {
    const outcome = answer(
      500,
      '{"responseStatus":{"errorCode":"SqlException","message":"Timeout expired"}}',
      json,
    );
    expect(outcome).toMatchObject({ kind: 'retryable', reason: 'http', status: 500, ambiguous: true });
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });

  it.each([
    [502, true],
    [503, false],
    [504, true],
  ])('%i is retryable, ambiguous: %s', (status, ambiguous) => {
    expect(answer(status, '<html>Bad gateway</html>', { 'content-type': 'text/html' })).toMatchObject({
      kind: 'retryable',
      status,
      ambiguous,
    });
  });

  it('503 with Retry-After keeps the delay', () => {
    expect(answer(503, 'Service Unavailable', { 'retry-after': '5' })).toMatchObject({
      kind: 'retryable',
      retryAfterMs: 5000,
    });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['30', 30_000],
    [' 7 ', 7000],
  ])('%j seconds', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('an HTTP-date gives the time left, never negative', () => {
    expect(parseRetryAfter(new Date(NOW + 60_000).toUTCString(), NOW)).toBe(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
  });

  it('reads the obsolete RFC 850 and asctime forms, asctime as GMT whatever the laptop zone', () => {
    const previousZone = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(parseRetryAfter('Saturday, 28-Nov-26 16:01:00 GMT', NOW)).toBe(60_000);
      expect(parseRetryAfter('Sat Nov 28 16:02:00 2026', NOW)).toBe(120_000);
      expect(parseRetryAfter('Sat Nov  8 16:02:00 2026', NOW)).toBe(0);
    } finally {
      process.env.TZ = previousZone;
    }
  });

  it('caps an absurd delay at a day, so that no timer overflows and the outbox is not parked for ever', () => {
    expect(parseRetryAfter('99999999999999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it.each([
    null,
    '',
    'soon',
    '-5',
    '1.5',
    '1e3',
    'a 5',
    '2026-11-28T16:01:00Z',
    'Mon, 99 Foo 2026 00:00:00 GMT',
  ])('%j is not understood', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('classifyTransportError', () => {
  it('a timeout after sending is retryable and ambiguous', () => {
    const error = new DOMException('The operation timed out.', 'TimeoutError');
    expect(classifyTransportError(error, true)).toMatchObject({
      kind: 'retryable',
      reason: 'timeout',
      ambiguous: true,
    });
  });

  it('an abort is a timeout; before sending it is not ambiguous', () => {
    const error = new DOMException('This operation was aborted', 'AbortError');
    expect(classifyTransportError(error, false)).toMatchObject({
      kind: 'retryable',
      reason: 'timeout',
      ambiguous: false,
    });
  });

  it("ky's TimeoutError (a plain Error named TimeoutError) is a timeout", () => {
    const error = Object.assign(new Error('Request timed out: POST /customer'), { name: 'TimeoutError' });
    expect(classifyTransportError(error, true)).toMatchObject({ reason: 'timeout' });
  });

  it('a network failure is retryable, with the detail in the message', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const outcome = classifyTransportError(error, false);
    expect(outcome).toMatchObject({ kind: 'retryable', reason: 'network', ambiguous: false });
    expect(outcome.kind === 'retryable' && outcome.message).toContain('fetch failed');
  });

  it('a connection reset after sending is ambiguous', () => {
    expect(classifyTransportError(new Error('socket hang up'), true)).toMatchObject({
      reason: 'network',
      ambiguous: true,
    });
  });

  it('copes with something thrown that is not an Error', () => {
    expect(classifyTransportError('boom', true)).toMatchObject({
      kind: 'retryable',
      reason: 'network',
      ambiguous: true,
    });
    expect(classifyTransportError(undefined, false)).toMatchObject({ kind: 'retryable', reason: 'network' });
  });
});
