// The Booster client: ky on the injected fetch, no retries of its own (the engine owns them), HTTP errors as
// values, every exchange bounded (deadline over headers and body, byte cap, redirects never followed; see
// boundedExchange.ts). Every answer's Date header is returned for the trusted-time check.
import {
  classifyTransportError,
  decodeCreateCustomerResponse,
  parseRetryAfter,
  type BoosterOutcome,
} from '../../../../shared/booster';
import {
  AnswerTooLargeError,
  boundedExchange,
  type BoundedAnswer,
  type BoundedRequest,
} from './boundedExchange';

export interface BoosterHttpOptions {
  fetch: typeof globalThis.fetch;
  /** Per-request timeout for POST /customer and the token calls, covering the headers and the body. */
  requestTimeoutMs: number;
  /** The reachability probe's shorter timeout. */
  probeTimeoutMs: number;
  now: () => number;
}

export interface ServerTime {
  /** Booster's clock from its Date header (second resolution), epoch ms. */
  serverDateMs: number;
  /** The device clock when the answer arrived. */
  deviceTimeMs: number;
}

export interface PostCustomerResult {
  outcome: BoosterOutcome;
  latencyMs: number;
  serverTime?: ServerTime;
}

/**
 * What Booster said of the credential the probe carried: `accepted` (200), `refused` (401: Booster is there,
 * the key or token is wrong), `expired` (401 TokenException: a refresh is due). Absent when none was sent.
 */
export type ProbeCredentials = 'accepted' | 'refused' | 'expired';

export type ProbeResult =
  | { reachable: true; serverTime?: ServerTime; credentials?: ProbeCredentials }
  | { reachable: false; detail: string; retryAfterMs?: number };

export type TokenResult =
  | { kind: 'ok'; token: string; refreshToken?: string }
  | { kind: 'refused'; message: string }
  | { kind: 'unreachable'; message: string };

// Errors of these kinds happen before a byte of the request left the machine: nothing can have been created.
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function requestMayHaveBeenSent(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && notSentCodes.has(code)) return false;
    current = (current as { cause?: unknown }).cause;
  }
  return true;
}

export function joinUrl(baseUrl: string, route: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${route.replace(/^\/+/, '')}`;
}

export class BoosterHttp {
  constructor(private readonly options: BoosterHttpOptions) {}

  async postCustomer(
    baseUrl: string,
    authorization: string,
    captureId: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<PostCustomerResult> {
    const started = this.options.now();
    try {
      const answer = await this.exchange({
        url: joinUrl(baseUrl, 'customer'),
        method: 'POST',
        headers: {
          Accept: 'application/json',
          Authorization: authorization,
          'Idempotency-Key': captureId,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
        timeoutMs: this.options.requestTimeoutMs,
        ...(signal ? { signal } : {}),
      });
      const now = this.options.now();
      if (answer.kind === 'redirect') {
        const outcome = redirectOutcome(answer.status, answer.locationHost, baseUrl);
        return { outcome, latencyMs: now - started };
      }
      const { status, headers, bodyText } = answer;
      const outcome =
        notBoosterSuccess(status, bodyText) ??
        decodeCreateCustomerResponse({ status, headers, bodyText }, now);
      return { outcome, latencyMs: now - started, serverTime: serverTimeOf(headers, now) };
    } catch (error) {
      const latencyMs = this.options.now() - started;
      if (error instanceof AnswerTooLargeError) return { outcome: tooLargeOutcome(error), latencyMs };
      return { outcome: classifyTransportError(error, requestMayHaveBeenSent(error)), latencyMs };
    }
  }

  /**
   * Is Booster itself answering, and does it take our credential? A read-only `GET /auth` (ServiceStack's
   * Authenticate service without a provider): 200 with the session for a valid key or token, 401 otherwise;
   * nothing is created and, with a valid credential, no failed sign-in is logged. A captive portal's HTML
   * page, a redirect, a non-JSON 2xx or a proxy's error is not Booster. Without a credential to prove, or
   * from a host that serves no GET /auth (404/405), it asks the old way: an unauthenticated, empty
   * POST /customer must get a ServiceStack-shaped refusal.
   */
  async probe(baseUrl: string, signal?: AbortSignal, authorization?: string): Promise<ProbeResult> {
    try {
      if (!authorization) return await this.probeByCustomerRoute(baseUrl, signal);
      const answer = await this.exchange({
        url: joinUrl(baseUrl, 'auth'),
        method: 'GET',
        headers: { Accept: 'application/json', Authorization: authorization },
        timeoutMs: this.options.probeTimeoutMs,
        ...(signal ? { signal } : {}),
      });
      if (answer.kind === 'redirect')
        return { reachable: false, detail: redirectDetail(answer.locationHost, baseUrl) };
      const { status, headers, bodyText } = answer;
      if (status === 404 || status === 405) return await this.probeByCustomerRoute(baseUrl, signal);
      const now = this.options.now();
      const serverTime = serverTimeOf(headers, now);
      const body = parseJson(bodyText);
      if (status >= 200 && status < 300 && isJsonObject(body)) {
        return reachable(serverTime, 'accepted');
      }
      if (isBoosterShaped(status, headers, bodyText)) {
        // 401/403: Booster is there and refuses the credential (reachable; sending will say what to do).
        return reachable(serverTime, status === 401 || status === 403 ? refusedAs(body) : undefined);
      }
      return notBoosterProbe(status, headers, now);
    } catch (error) {
      return { reachable: false, detail: transportDetail(error) };
    }
  }

  /** The probe without a credential, or of hosts without GET /auth: an unauthenticated, empty POST /customer. */
  private async probeByCustomerRoute(baseUrl: string, signal?: AbortSignal): Promise<ProbeResult> {
    const answer = await this.exchange({
      url: joinUrl(baseUrl, 'customer'),
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{}',
      timeoutMs: this.options.probeTimeoutMs,
      ...(signal ? { signal } : {}),
    });
    if (answer.kind === 'redirect')
      return { reachable: false, detail: redirectDetail(answer.locationHost, baseUrl) };
    const { status, headers, bodyText } = answer;
    const now = this.options.now();
    if (isBoosterShaped(status, headers, bodyText)) return reachable(serverTimeOf(headers, now), undefined);
    return notBoosterProbe(status, headers, now);
  }

  /**
   * ServiceStack credentials sign-in. The tokens come in the body (`bearerToken`, `refreshToken`) or, from a
   * ServiceStack 6+ host with `UseTokenCookie`, only as `ss-tok` / `ss-reftok` cookies; either way the token
   * is then sent as `Authorization: Bearer`.
   */
  async signIn(baseUrl: string, userName: string, password: string): Promise<TokenResult> {
    return this.tokenCall(
      joinUrl(baseUrl, 'auth/credentials'),
      { userName, password, rememberMe: true },
      (body, cookies) => ({
        token: stringProperty(body, 'bearerToken') ?? cookies.get('ss-tok'),
        refreshToken: stringProperty(body, 'refreshToken') ?? cookies.get('ss-reftok'),
      }),
    );
  }

  /** A new access token from a refresh token: `accessToken` in the body, or an `ss-tok` cookie. */
  async refresh(baseUrl: string, refreshToken: string): Promise<TokenResult> {
    return this.tokenCall(joinUrl(baseUrl, 'access-token'), { refreshToken }, (body, cookies) => ({
      token: stringProperty(body, 'accessToken') ?? cookies.get('ss-tok'),
      refreshToken: cookies.get('ss-reftok'),
    }));
  }

  private async tokenCall(
    url: string,
    json: unknown,
    read: (
      body: unknown,
      cookies: ReadonlyMap<string, string>,
    ) => { token: string | undefined; refreshToken?: string | undefined },
  ): Promise<TokenResult> {
    try {
      const answer = await this.exchange({
        url,
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(json),
        timeoutMs: this.options.requestTimeoutMs,
      });
      // Never followed, so the credential in the body went to Booster's address only.
      if (answer.kind === 'redirect') {
        return {
          kind: 'unreachable',
          message: `${redirectDetail(answer.locationHost, url)}. Nothing was sent there; try again once that is fixed.`,
        };
      }
      const { status, headers, bodyText } = answer;
      const body = parseJson(bodyText);
      if (status >= 200 && status < 300) {
        // A captive portal's page is not Booster's answer: neither a sign-in nor a refusal.
        if (!body || typeof body !== 'object') {
          return {
            kind: 'unreachable',
            message: `An answer that is not Booster's came back to the sign-in (HTTP ${status}, not JSON): a captive portal or a proxy may be in the way.`,
          };
        }
        const { token, refreshToken } = read(body, setCookies(headers));
        if (token) return { kind: 'ok', token, ...(refreshToken ? { refreshToken } : {}) };
        return {
          kind: 'refused',
          message: 'Booster signed you in but gave no token: this Booster may use another sign-in method.',
        };
      }
      if (status === 401 || status === 403 || status === 400) {
        return { kind: 'refused', message: responseMessage(body) ?? 'Booster refused the sign-in.' };
      }
      return { kind: 'unreachable', message: `Booster answered HTTP ${status} to the sign-in.` };
    } catch (error) {
      return {
        kind: 'unreachable',
        message: `Booster could not be reached for the sign-in (${transportDetail(error)}).`,
      };
    }
  }

  private exchange(request: BoundedRequest): Promise<BoundedAnswer> {
    return boundedExchange(this.options.fetch, request);
  }
}

/**
 * A redirect is not Booster's answer (nothing in its API redirects) and was not followed, so nothing was
 * created anywhere: retried, not ambiguous, after checking that Booster itself answers.
 */
export function redirectOutcome(
  status: number,
  locationHost: string | undefined,
  requestUrl?: string,
): BoosterOutcome {
  return {
    kind: 'retryable',
    reason: 'network',
    ...(status > 0 ? { status } : {}),
    ambiguous: false,
    message: `${redirectDetail(locationHost, requestUrl)}. The client stays queued.`,
  };
}

/**
 * "Booster's address answered with a redirect to portal.example: ..." (the host only, never the URL). A
 * redirect to the configured host itself (http to https, another path) means the address needs fixing.
 */
export function redirectDetail(locationHost: string | undefined, requestUrl?: string): string {
  if (locationHost && requestUrl && locationHost === hostOf(requestUrl)) {
    return `Booster's address answered with a redirect to another address on ${locationHost}: check the Booster address in Settings (https?)`;
  }
  const target = locationHost ? ` to ${locationHost}` : '';
  return `Booster's address answered with a redirect${target}: a captive portal or a proxy is in the way`;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** A huge answer is not Booster's; the request was sent, so Booster may have had it: ambiguous. */
function tooLargeOutcome(error: AnswerTooLargeError): BoosterOutcome {
  return {
    kind: 'retryable',
    reason: 'network',
    status: error.status,
    ambiguous: true,
    message: `An answer that is not Booster's came back (${tooLargeDetail(error)}): a captive portal or a proxy may be in the way. The client will be sent again.`,
  };
}

function tooLargeDetail(error: AnswerTooLargeError): string {
  return `HTTP ${error.status}, larger than ${error.limitBytes / (1024 * 1024)} MiB`;
}

/** A few words for a status line: what went wrong, with the system's error code when there is one. */
function transportDetail(error: unknown): string {
  if (error instanceof AnswerTooLargeError)
    return `an answer that is not Booster's (${tooLargeDetail(error)})`;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return 'no answer in time';
  if (name === 'AbortError') return 'stopped';
  const code = errorCode(error);
  return code ? `network error ${code}` : 'network error';
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A 2xx whose body is not JSON is not Booster's answer (a captive portal's page, a proxy): retried, and
 * checked for reachability first, never a final failure. Booster may still have had the request: ambiguous.
 */
export function notBoosterSuccess(status: number, bodyText: string): BoosterOutcome | undefined {
  if (status < 200 || status >= 300 || parseJson(bodyText) !== undefined) return undefined;
  return {
    kind: 'retryable',
    reason: 'network',
    status,
    ambiguous: true,
    message: `An answer that is not Booster's came back (HTTP ${status}, not JSON): a captive portal or a proxy may be in the way. The client will be sent again.`,
  };
}

export function isBoosterShaped(status: number, headers: Headers, bodyText: string): boolean {
  if (status === 401 && headers.get('www-authenticate')) return true;
  const body = parseJson(bodyText);
  if (body && typeof body === 'object') {
    const keys = Object.keys(body).map((key) => key.toLowerCase());
    if (keys.includes('responsestatus')) return status >= 400;
  }
  return false;
}

function reachable(
  serverTime: ServerTime | undefined,
  credentials: ProbeCredentials | undefined,
): ProbeResult {
  return {
    reachable: true,
    ...(serverTime ? { serverTime } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

/** A 401 to a credential: an expired token (TokenException) or a credential Booster does not know. */
function refusedAs(body: unknown): ProbeCredentials {
  const status = isJsonObject(body)
    ? Object.entries(body).find(([key]) => key.toLowerCase() === 'responsestatus')?.[1]
    : undefined;
  return stringProperty(status, 'errorCode') === 'TokenException' ? 'expired' : 'refused';
}

function notBoosterProbe(status: number, headers: Headers, now: number): ProbeResult {
  // A host that throttles (429/503 with Retry-After) is asking us to wait: the next probe honours it.
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(headers.get('retry-after'), now) : undefined;
  return {
    reachable: false,
    detail: `an answer that is not Booster's (HTTP ${status})`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/**
 * The cookies an answer sets, by name (first value wins). getSetCookie keeps each header apart; where it is
 * missing, the joined header is split before each `name=` that follows a comma.
 */
export function setCookies(headers: Headers): Map<string, string> {
  const lines =
    typeof headers.getSetCookie === 'function'
      ? headers.getSetCookie()
      : (headers.get('set-cookie') ?? '').split(/,(?=\s*[^;,=\s]+=)/);
  const cookies = new Map<string, string>();
  for (const line of lines) {
    const pair = line.split(';', 1)[0] ?? '';
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = pair.slice(0, equals).trim();
    const value = pair
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (value !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function serverTimeOf(headers: Headers, deviceTimeMs: number): ServerTime | undefined {
  const date = headers.get('date');
  const serverDateMs = date ? Date.parse(date) : Number.NaN;
  return Number.isFinite(serverDateMs) ? { serverDateMs, deviceTimeMs } : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function stringProperty(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const entry = Object.entries(body).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return typeof entry?.[1] === 'string' && entry[1] !== '' ? entry[1] : undefined;
}

function responseMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const status = Object.entries(body).find(([key]) => key.toLowerCase() === 'responsestatus')?.[1];
  return stringProperty(status, 'message');
}
