// The records file of `enqueue`: strict UTF-8 (a BOM is fine), JSON, an array. Pure, so every refusal is
// unit-tested without a process; the message says where the problem is and what to do.
import { decodeUtf8Strict } from '../../shared/text/utf8';

export type RecordsFileParse = { ok: true; records: unknown[] } | { ok: false; message: string };

export function parseRecordsFile(name: string, bytes: Uint8Array): RecordsFileParse {
  const decoded = decodeUtf8Strict(bytes);
  if (!decoded.ok) {
    const byte = bytes[decoded.offset]!.toString(16).padStart(2, '0');
    return {
      ok: false,
      message: `'${name}' is not valid UTF-8: byte 0x${byte} at offset ${decoded.offset} is not part of a character. Save the file as UTF-8 and try again; nothing was queued.`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded.text);
  } catch (error) {
    return { ok: false, message: `'${name}' is not valid JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(parsed)) return { ok: false, message: `'${name}' must hold a JSON array of records.` };
  return { ok: true, records: parsed };
}
