import { describe, expect, it } from 'vitest';
import { decodeUtf8Strict, firstInvalidUtf8Offset } from '../../../shared/text/utf8';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('decodeUtf8Strict', () => {
  it('decodes well-formed text of every sequence length', () => {
    const text = 'a é 中 😀 Müller 用户';
    expect(decodeUtf8Strict(Buffer.from(text, 'utf8'))).toEqual({ ok: true, text });
  });

  it('accepts and drops a leading byte-order mark', () => {
    expect(decodeUtf8Strict(Buffer.from('\uFEFF[1]', 'utf8'))).toEqual({ ok: true, text: '[1]' });
  });

  it.each([
    ['a lone continuation byte', bytes(0x41, 0x80), 1],
    ['a truncated sequence at the end', bytes(0x41, 0x42, 0xe4, 0xb8), 2],
    ['an overlong slash', bytes(0x2f, 0xc0, 0xaf), 1],
    ['an overlong three-byte form', bytes(0xe0, 0x80, 0xaf), 0],
    ['a UTF-16 surrogate', bytes(0x61, 0x62, 0x63, 0xed, 0xa0, 0x80), 3],
    ['a code point above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a forbidden byte', bytes(0x20, 0xff), 1],
    ['a bad continuation in the middle', bytes(0xe4, 0x41, 0xad), 0],
  ])('refuses %s with the offset of the first bad byte', (_, input, offset) => {
    expect(decodeUtf8Strict(input)).toEqual({ ok: false, offset });
    expect(firstInvalidUtf8Offset(input)).toBe(offset);
  });

  it('counts the offset from the start of the bytes, byte-order mark included', () => {
    expect(decodeUtf8Strict(bytes(0xef, 0xbb, 0xbf, 0x41, 0xff))).toEqual({ ok: false, offset: 4 });
  });

  it('scans a million bytes of invalid data without trouble', () => {
    const junk = new Uint8Array(1_000_000).fill(0xff);
    expect(decodeUtf8Strict(junk)).toEqual({ ok: false, offset: 0 });
  });
});
