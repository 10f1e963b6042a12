// What the web host accepts as the body of `POST /ipc/<channel>`: JSON, said so by its Content-Type, at most
// maxIpcBodyBytes, in well-formed UTF-8. Pure decisions; server.ts does the reading and the answering.
import { MAX_RESCUE_BASE64_CHARS, RESCUE_IMPORT_CHANNEL } from '../../shared/ipc/operations';
import { decodeUtf8Strict } from '../../shared/text/utf8';

// The largest valid client record (every text at its limit in 3-byte characters, every list full) is under
// 200 KB of JSON (test/unit/booster/limits.test.ts); a record people type is a few KB.
export const maxIpcBodyBytes = 256 * 1024;

// A client sending more is drained up to this many bytes so that it reads our 413 before the connection
// closes; a larger body (or a declared Content-Length above it) is not read at all.
export const maxDrainedBodyBytes = 4 * 1024 * 1024;

// The rescue import alone carries a whole file (base64, bounded by its schema), and the JSON around it.
export const maxRescueImportBodyBytes = MAX_RESCUE_BASE64_CHARS + 64 * 1024;

/** The largest body a channel may send: only the rescue import is larger than the default. */
export function ipcBodyLimitFor(channel: string): number {
  return channel === RESCUE_IMPORT_CHANNEL ? maxRescueImportBodyBytes : maxIpcBodyBytes;
}

export type BodyRefusal = { ok: false; status: 400 | 413 | 415; message: string };
export type BodyDecision = { ok: true; value: unknown } | BodyRefusal;

const bytesFormat = new Intl.NumberFormat('en-US');

/** `application/json`, optionally with parameters; a charset, if given, must be UTF-8. */
export function checkIpcContentType(header: string | undefined): BodyRefusal | undefined {
  const [mediaType = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim());
  const charset = parameters
    .map((parameter) => /^charset\s*=\s*"?([^"]*)"?$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  if (mediaType.toLowerCase() === 'application/json' && (charset === undefined || /^utf-?8$/i.test(charset)))
    return undefined;
  return {
    ok: false,
    status: 415,
    message: `IPC requests must be JSON in UTF-8 (Content-Type: application/json); this one was ${
      header ? `"${header.slice(0, 100)}"` : 'sent without a Content-Type'
    }.`,
  };
}

export function tooLargeBody(limit = maxIpcBodyBytes): BodyRefusal {
  return {
    ok: false,
    status: 413,
    message: `The request is too large: at most ${bytesFormat.format(limit)} bytes. Nothing was saved.`,
  };
}

/** Strict UTF-8 (a byte-order mark is accepted), then JSON; an empty body is an absent request. */
export function decodeIpcBody(bytes: Uint8Array): BodyDecision {
  const decoded = decodeUtf8Strict(bytes);
  if (!decoded.ok)
    return {
      ok: false,
      status: 400,
      message: `The request body is not valid UTF-8 (the first invalid byte is at offset ${bytesFormat.format(decoded.offset)}). Nothing was saved.`,
    };
  if (decoded.text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(decoded.text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON. Nothing was saved.' };
  }
}
