// What Booster's answer to POST /customer means for the outbox: success only with a positive integer id; ServiceStack
// errors (ResponseStatus) as field issues; 401, 403, 429/503 with Retry-After, and what is ambiguous (may have been created).
import { boosterFieldNameToPath } from './field-names';
import { isObject } from './items';
import type { FieldIssue } from './messages';

export type BoosterOutcome =
  | { kind: 'created'; boosterCustomerId: number }
  | { kind: 'rejected'; status: number; message: string; fieldErrors: FieldIssue[] }
  | {
      kind: 'unauthorized';
      reason: 'credentialsMissing' | 'tokenExpired' | 'invalidCredentials';
      message: string;
    }
  | { kind: 'forbidden'; message: string }
  | {
      kind: 'retryable';
      reason: 'network' | 'timeout' | 'http';
      status?: number;
      retryAfterMs?: number;
      /** The server may have created the client: a retry can duplicate it. */
      ambiguous: boolean;
      message: string;
    }
  | {
      kind: 'failed';
      status: number;
      message: string;
      /**
       * Booster accepted the request (2xx) but its answer does not confirm a client: it may have created
       * one, so the record is a possible duplicate and a person checks Booster before it is sent again.
       */
      mayHaveCreated?: true;
    };

/** Joins our sentence to Booster's own words in a message, so that a copy kept in clear can drop the latter. */
export const BOOSTER_SAID = ' Booster said: ';

type ResponseStatus = { errorCode?: string; message?: string; errors: FieldIssue[] };

const MAX_TEXT = 300;

/** ServiceStack serializes camelCase here, but its default is PascalCase: read either. */
function property(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function parseJson(bodyText: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(bodyText) as unknown };
  } catch {
    return { ok: false };
  }
}

function readResponseStatus(body: unknown): ResponseStatus | undefined {
  if (!isObject(body)) return undefined;
  const status = property(body, 'responseStatus');
  if (!isObject(status)) return undefined;
  const errors = property(status, 'errors');
  const fieldErrors: FieldIssue[] = Array.isArray(errors)
    ? errors.filter(isObject).map((error) => ({
        path: boosterFieldNameToPath(text(property(error, 'fieldName')) ?? ''),
        code: text(property(error, 'errorCode')) ?? 'Invalid',
        message: text(property(error, 'message')) ?? 'Booster refused this value.',
      }))
    : [];
  const errorCode = text(property(status, 'errorCode'));
  const message = text(property(status, 'message'));
  if (errorCode === undefined && message === undefined && fieldErrors.length === 0) return undefined;
  return { errorCode, message, errors: fieldErrors };
}

/** A short plain-text body (a proxy's or a host's message), never an HTML page. */
function plainText(bodyText: string): string | undefined {
  const trimmed = bodyText.trim();
  if (trimmed === '' || trimmed.startsWith('<')) return undefined;
  return trimmed.length > MAX_TEXT ? `${trimmed.slice(0, MAX_TEXT)}…` : trimmed;
}

/** A received value, short and on one line, for a message: `0`, `"12"`, `-5`, `1e+21`. */
function describeValue(value: unknown): string {
  const shown = JSON.stringify(value) ?? String(value);
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}

/** Only a positive safe integer is an id: 0, negatives, text, fractions and ids past 2^53 are not. */
function positiveId(body: unknown): number | undefined {
  if (!isObject(body)) return undefined;
  const id = property(body, 'boosterCustomerId');
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

// The three HTTP-date forms RFC 9110 makes recipients read. Anything else is refused rather than handed to
// Date.parse, which guesses ('a 5' is a date to V8) and reads asctime's zone-less form in the laptop's zone.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850_DATE = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/** A host's absurd Retry-After must neither park the outbox for ever nor overflow a timer (2^31 ms). */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** Retry-After in seconds or as an HTTP-date -> milliseconds from `nowMs`, from 0 to a day. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else if (IMF_FIXDATE.test(trimmed) || RFC_850_DATE.test(trimmed)) ms = Date.parse(trimmed) - nowMs;
  else if (ASCTIME_DATE.test(trimmed)) ms = Date.parse(`${trimmed} GMT`) - nowMs;
  else return undefined;
  return Number.isNaN(ms) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

function unauthorizedReason(
  status: ResponseStatus | undefined,
  challenge: string | null,
): 'credentialsMissing' | 'tokenExpired' | 'invalidCredentials' {
  // A host in front of Booster may answer a stale bearer token the OAuth way (RFC 6750), with an empty body.
  if (!status)
    return challenge && /error="?invalid_token/i.test(challenge) ? 'tokenExpired' : 'credentialsMissing';
  const code = status.errorCode?.toLowerCase() ?? '';
  const message = status.message?.toLowerCase() ?? '';
  if (code === 'tokenexception' || code.includes('expired') || message.includes('expired'))
    return 'tokenExpired';
  if (code === 'invalidcredentials' || /invalid (username|user name|credentials)|password/.test(message)) {
    return 'invalidCredentials';
  }
  return 'credentialsMissing';
}

const unauthorizedMessages = {
  credentialsMissing: 'Booster needs you to sign in before clients can be sent.',
  tokenExpired: 'Your Booster session has expired: sign in again to continue sending clients.',
  invalidCredentials: 'Booster did not accept the user name or password: check them and sign in again.',
} as const;

// 408, 429 and 503 say the request was not processed; after a 500, 502 or 504 the server (or the one behind
// the gateway) may have created the client before failing, so a retry may duplicate it.
const notProcessedStatuses = new Set([408, 429, 503]);

export function decodeCreateCustomerResponse(
  response: { status: number; headers: Headers; bodyText: string },
  nowMs: number,
): BoosterOutcome {
  const { status, headers, bodyText } = response;
  const json = parseJson(bodyText);
  const body = json.ok ? json.value : undefined;
  const responseStatus = readResponseStatus(body);
  const serverMessage =
    responseStatus?.message ?? responseStatus?.errorCode ?? (json.ok ? undefined : plainText(bodyText));
  const withServer = (message: string) =>
    serverMessage ? `${message}${BOOSTER_SAID}${serverMessage}` : message;
  const rejected = (): BoosterOutcome => ({
    kind: 'rejected',
    status,
    message: withServer('Booster refused this client: correct the fields shown and send it again.'),
    fieldErrors: responseStatus?.errors ?? [],
  });

  if (status >= 200 && status < 300) {
    const id = positiveId(body);
    if (id !== undefined && !responseStatus) return { kind: 'created', boosterCustomerId: id };
    // ServiceStack can carry validation errors inside a 2xx response DTO: they are still the fields to correct.
    if (id === undefined && responseStatus && responseStatus.errors.length > 0) return rejected();
    // Any other 2xx: the service ran, so Booster may hold the client though its answer does not say which.
    const mayHaveCreated = (what: string): BoosterOutcome => ({
      kind: 'failed',
      status,
      mayHaveCreated: true,
      message: withServer(
        `Booster answered HTTP ${status} ${what}: it may have created this client, so check in Booster before sending it again.`,
      ),
    });
    if (id !== undefined) return mayHaveCreated(`with client id ${id} but also an error`);
    if (!json.ok) return mayHaveCreated('without a JSON body');
    const rawId = isObject(body) ? property(body, 'boosterCustomerId') : undefined;
    if (rawId !== undefined && rawId !== null) {
      return mayHaveCreated(`with a client id that is not valid (${describeValue(rawId)})`);
    }
    return mayHaveCreated('without a client id');
  }
  if (status === 400) return rejected();
  if (status === 401) {
    const reason = unauthorizedReason(responseStatus, headers.get('www-authenticate'));
    return { kind: 'unauthorized', reason, message: unauthorizedMessages[reason] };
  }
  if (status === 403) {
    return {
      kind: 'forbidden',
      message: withServer(
        'Booster does not allow this account to create clients: ask an administrator for access.',
      ),
    };
  }
  if (status === 408 || status === 429 || (status >= 500 && status < 600)) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), nowMs);
    return {
      kind: 'retryable',
      reason: 'http',
      status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ambiguous: !notProcessedStatuses.has(status),
      message: withServer(
        `Booster is unavailable for now (HTTP ${status}); the client will be sent again later.`,
      ),
    };
  }
  if (status === 404 || status === 405) {
    return {
      kind: 'failed',
      status,
      message: withServer(
        `Booster has no client service at this address (HTTP ${status}): check the environment's Booster address.`,
      ),
    };
  }
  return {
    kind: 'failed',
    status,
    message: withServer(`Booster answered with an unexpected HTTP ${status}.`),
  };
}

/**
 * A fetch that threw: the network failed or the request timed out. If the request may have reached the
 * server (`requestWasSent`), the outcome is ambiguous: Booster may have created the client.
 */
export function classifyTransportError(error: unknown, requestWasSent: boolean): BoosterOutcome {
  const name =
    isObject(error) || error instanceof Error ? String((error as { name?: unknown }).name ?? '') : '';
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  const message = timedOut
    ? 'Booster did not answer in time; the client will be sent again later.'
    : 'Booster could not be reached; the client will be sent again when the network is back.';
  return {
    kind: 'retryable',
    reason: timedOut ? 'timeout' : 'network',
    ambiguous: requestWasSent,
    message: detail ? `${message} (${detail})` : message,
  };
}
