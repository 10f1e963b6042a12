// The Booster client: one ky instance on the injected fetch, no retries of its own (the engine owns them),
// HTTP errors as values. Every answer's Date header is returned for the trusted-time check.
import ky, { type KyInstance } from 'ky';
import {
  classifyTransportError,
  decodeCreateCustomerResponse,
  parseRetryAfter,
  type BoosterOutcome,
} from '../../../../shared/booster';

export interface BoosterHttpOptions {
  fetch: typeof globalThis.fetch;
  /** Per-request timeout for POST /customer and sign-in. */
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

export type ProbeResult =
  { reachable: true; serverTime?: ServerTime } | { reachable: false; detail: string; retryAfterMs?: number };

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
  private readonly ky: KyInstance;

  constructor(private readonly options: BoosterHttpOptions) {
    this.ky = ky.create({
      fetch: options.fetch,
      retry: 0,
      throwHttpErrors: false,
      timeout: options.requestTimeoutMs,
      headers: { Accept: 'application/json' },
    });
  }

  async postCustomer(
    baseUrl: string,
    authorization: string,
    captureId: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<PostCustomerResult> {
    const started = this.options.now();
    try {
      const response = await this.ky.post(joinUrl(baseUrl, 'customer'), {
        json: body,
        ...(signal ? { signal } : {}),
        headers: {
          Authorization: authorization,
          'Idempotency-Key': captureId,
          'Content-Type': 'application/json',
        },
      });
      const bodyText = await this.readText(response, this.options.requestTimeoutMs);
      const now = this.options.now();
      const outcome =
        notBoosterSuccess(response.status, bodyText) ??
        decodeCreateCustomerResponse({ status: response.status, headers: response.headers, bodyText }, now);
      return { outcome, latencyMs: now - started, serverTime: serverTimeOf(response.headers, now) };
    } catch (error) {
      return {
        outcome: classifyTransportError(error, requestMayHaveBeenSent(error)),
        latencyMs: this.options.now() - started,
      };
    }
  }

  /**
   * Is Booster itself answering? An unauthenticated POST /customer with an empty body must get a
   * ServiceStack-shaped refusal (401 with WWW-Authenticate, or a JSON ResponseStatus). A captive portal's
   * HTML page or a proxy's error is not Booster.
   */
  async probe(baseUrl: string, signal?: AbortSignal): Promise<ProbeResult> {
    try {
      const response = await this.ky.post(joinUrl(baseUrl, 'customer'), {
        body: '{}',
        ...(signal ? { signal } : {}),
        headers: { 'Content-Type': 'application/json' },
        timeout: this.options.probeTimeoutMs,
      });
      const bodyText = await this.readText(response, this.options.probeTimeoutMs);
      const now = this.options.now();
      if (isBoosterShaped(response.status, response.headers, bodyText)) {
        return { reachable: true, serverTime: serverTimeOf(response.headers, now) };
      }
      // A host that throttles (429/503 with Retry-After) is asking us to wait: the next probe honours it.
      const retryAfterMs =
        response.status === 429 || response.status === 503
          ? parseRetryAfter(response.headers.get('retry-after'), now)
          : undefined;
      return {
        reachable: false,
        detail: `an answer that is not Booster's (HTTP ${response.status})`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    } catch (error) {
      return { reachable: false, detail: error instanceof Error ? error.name : 'network error' };
    }
  }

  /** ServiceStack credentials sign-in. */
  async signIn(baseUrl: string, userName: string, password: string): Promise<TokenResult> {
    return this.tokenCall(
      joinUrl(baseUrl, 'auth/credentials'),
      { userName, password, rememberMe: true },
      (body) => ({
        token: stringProperty(body, 'bearerToken'),
        refreshToken: stringProperty(body, 'refreshToken'),
      }),
    );
  }

  /** A new access token from a refresh token. */
  async refresh(baseUrl: string, refreshToken: string): Promise<TokenResult> {
    return this.tokenCall(joinUrl(baseUrl, 'access-token'), { refreshToken }, (body) => ({
      token: stringProperty(body, 'accessToken'),
    }));
  }

  private async tokenCall(
    url: string,
    json: unknown,
    read: (body: unknown) => { token: string | undefined; refreshToken?: string | undefined },
  ): Promise<TokenResult> {
    try {
      const response = await this.ky.post(url, { json, headers: { 'Content-Type': 'application/json' } });
      const bodyText = await this.readText(response, this.options.requestTimeoutMs);
      const body = parseJson(bodyText);
      if (response.ok) {
        const { token, refreshToken } = read(body);
        if (token) return { kind: 'ok', token, ...(refreshToken ? { refreshToken } : {}) };
        return {
          kind: 'refused',
          message: 'Booster signed you in but gave no token: this Booster may use another sign-in method.',
        };
      }
      if (response.status === 401 || response.status === 403 || response.status === 400) {
        return { kind: 'refused', message: responseMessage(body) ?? 'Booster refused the sign-in.' };
      }
      return { kind: 'unreachable', message: `Booster answered HTTP ${response.status} to the sign-in.` };
    } catch (error) {
      return { kind: 'unreachable', message: error instanceof Error ? error.name : 'network error' };
    }
  }

  private async readText(response: Response, timeoutMs: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('Reading the answer timed out'), { name: 'TimeoutError' })),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([response.text(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
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
