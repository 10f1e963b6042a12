// The SHA-256 of the exact text a client was shown, as lowercase hex of its UTF-8 bytes. Computed by main at
// recording time from the text it holds (never taken from the page). WebCrypto's digest of the same bytes
// gives the same hex, so anyone holding the exported text can check it.
import { createHash } from 'node:crypto';

export function consentTextHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
