// One HTTP exchange with Booster, bounded in every direction a hostile network can stretch it:
// - the deadline covers the headers AND the body: it aborts the request's own AbortController, so the socket
//   is closed (racing `response.text()` against a timer left a trickling body streaming for ever);
// - the body is read with a byte cap (Booster's answers are tiny JSON);
// - redirects are never followed: nothing in Booster's API redirects, and following one would hand a client
//   record (or a credential) to another host. The 3xx itself comes back, named by its Location host.
// ky sends it (no retries: the engine owns them; HTTP errors as values); its own timeout is off because it
// stops at the headers, so the deadline here, on our own AbortController, bounds the body as well.
import ky from 'ky';

/** Booster answers with a few hundred bytes of JSON; anything this large is not Booster. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** setTimeout fires at once beyond this (2^31 - 1 ms): a huge configured timeout must not become zero. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A Location host longer than a DNS name can be is not named in messages (it may carry data). */
const MAX_HOST_LENGTH = 253;

export interface BoundedRequest {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  /** For the whole exchange: connecting, sending, the headers and the body. */
  timeoutMs: number;
  /** The caller's cancellation (e.g. the engine stopping), combined with the deadline. */
  signal?: AbortSignal;
  maxBodyBytes?: number;
}

export type BoundedAnswer =
  | { kind: 'answer'; status: number; headers: Headers; bodyText: string }
  /** A 3xx (or an opaque redirect, status 0): `locationHost` when the Location header names one. */
  | { kind: 'redirect'; status: number; locationHost: string | undefined };

/** The answer's body went past the byte cap: whatever answered is not Booster. */
export class AnswerTooLargeError extends Error {
  readonly code = 'BOOSTER_ANSWER_TOO_LARGE';
  override readonly name = 'AnswerTooLargeError';
  constructor(
    readonly status: number,
    readonly limitBytes: number,
  ) {
    super(`The answer (HTTP ${status}) is larger than ${formatBytes(limitBytes)}`);
  }
}

/** Throws what fetch throws (network errors), a TimeoutError at the deadline, or AnswerTooLargeError. */
export async function boundedExchange(
  fetchFn: typeof globalThis.fetch,
  request: BoundedRequest,
): Promise<BoundedAnswer> {
  const own = new AbortController();
  const deadline = setTimeout(
    () => own.abort(new DOMException(`no complete answer within ${request.timeoutMs} ms`, 'TimeoutError')),
    Math.min(Math.max(request.timeoutMs, 0), MAX_TIMER_MS),
  );
  // Linked by hand rather than with AbortSignal.any: the caller's signal lives as long as the engine, and a
  // listener removed in `finally` cannot pile up on it.
  const forwardCallerAbort = () => own.abort(request.signal?.reason);
  if (request.signal?.aborted) forwardCallerAbort();
  else request.signal?.addEventListener('abort', forwardCallerAbort, { once: true });
  try {
    const response = await ky(request.url, {
      fetch: fetchFn,
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: own.signal,
      redirect: 'manual',
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
    });
    if (isRedirect(response)) {
      // Not read: whatever it says is not Booster's. Aborting closes the connection to that host.
      own.abort();
      return {
        kind: 'redirect',
        status: response.status,
        locationHost: redirectTargetHost(response.headers.get('location'), request.url),
      };
    }
    const bodyText = await readCapped(response, request.maxBodyBytes ?? MAX_ANSWER_BYTES, own);
    return { kind: 'answer', status: response.status, headers: response.headers, bodyText };
  } catch (error) {
    if (isCancelledRedirect(error)) return { kind: 'redirect', status: 0, locationHost: undefined };
    // The deadline or the caller stopped it: report that, not the stream error it caused.
    if (own.signal.aborted && !(error instanceof AnswerTooLargeError)) throw abortReason(own.signal, error);
    throw error;
  } finally {
    clearTimeout(deadline);
    request.signal?.removeEventListener('abort', forwardCallerAbort);
  }
}

/** Node's fetch gives the 3xx itself with `redirect: 'manual'`; a browser-like fetch an opaque redirect. */
export function isRedirect(response: Pick<Response, 'status' | 'type'>): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/**
 * Electron's net.fetch with `redirect: 'manual'` does not hand the 3xx back: its ClientRequest, given no
 * 'redirect' listener, fails with this error (lib/common/api/net-client-request.ts). The redirect was not
 * followed; its status and Location are lost.
 */
export function isCancelledRedirect(error: unknown): boolean {
  return error instanceof Error && error.message === 'Redirect was cancelled';
}

/** The host a Location header points to (resolved against the request), never its path or query. */
export function redirectTargetHost(location: string | null, requestUrl: string): string | undefined {
  if (!location) return undefined;
  try {
    const host = new URL(location, requestUrl).host;
    return host !== '' && host.length <= MAX_HOST_LENGTH ? host : undefined;
  } catch {
    return undefined;
  }
}

async function readCapped(response: Response, maxBytes: number, own: AbortController): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () => new AnswerTooLargeError(response.status, maxBytes);
  if (Number.isFinite(declared) && declared > maxBytes) {
    own.abort(tooLarge());
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      const error = tooLarge();
      own.abort(error);
      reader.cancel(error).catch(() => undefined);
      throw error;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(concatBytes(chunks, size));
}

function concatBytes(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function abortReason(signal: AbortSignal, fallback: unknown): unknown {
  const reason: unknown = signal.reason;
  return reason instanceof Error || reason instanceof DOMException ? reason : fallback;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
