// Strict UTF-8 decoding for bytes that come from outside (an input file, an HTTP body): invalid sequences
// are refused with the byte offset of the first one, instead of silently becoming U+FFFD in stored data.
// A leading byte-order mark is accepted and dropped (editors on Windows write one).
export type Utf8Decoded = { ok: true; text: string } | { ok: false; offset: number };

const BOM = [0xef, 0xbb, 0xbf] as const;

export function decodeUtf8Strict(bytes: Uint8Array): Utf8Decoded {
  const hasBom = bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
  const offset = firstInvalidUtf8Offset(bytes, hasBom ? 3 : 0);
  if (offset !== undefined) return { ok: false, offset };
  // Valid by the scan above; the decoder drops the BOM itself.
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629:
 *  no overlong forms, no surrogates, nothing above U+10FFFF), or undefined when all of it is well formed. */
export function firstInvalidUtf8Offset(bytes: Uint8Array, start = 0): number | undefined {
  let index = start;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      min = lead === 0xe0 ? 0xa0 : 0x80; // no overlong forms
      if (lead === 0xed) max = 0x9f; // no UTF-16 surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      min = lead === 0xf0 ? 0x90 : 0x80;
      if (lead === 0xf4) max = 0x8f; // nothing above U+10FFFF
    } else {
      return index;
    }
    if (index + length > bytes.length) return index;
    const second = bytes[index + 1]!;
    if (second < min || second > max) return index;
    for (let next = 2; next < length; next += 1) {
      const continuation = bytes[index + next]!;
      if (continuation < 0x80 || continuation > 0xbf) return index;
    }
    index += length;
  }
  return undefined;
}
