// Drafts are sealed with AES-256-GCM before they touch IndexedDB or localStorage. The key comes from main once
// per session (drafts:key) and is imported as a non-extractable CryptoKey: page script can use it but never
// read it back, and it is never written anywhere by the renderer. The capture id is the associated data, so a
// sealed body cannot be moved onto another draft's row.

/** What is stored in place of a draft's personal content. */
export interface SealedBox {
  /** 12 random bytes, fresh for every seal. */
  iv: Uint8Array;
  ciphertext: Uint8Array;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The 32-byte key from main, as a key this page can use but never export. The raw bytes are wiped. */
export async function importDraftKey(base64: string): Promise<CryptoKey> {
  const raw = base64ToBytes(base64);
  try {
    if (raw.length !== 32) throw new Error('The draft key must be 32 bytes.');
    return await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  } finally {
    raw.fill(0);
  }
}

export async function seal(key: CryptoKey, captureId: string, content: unknown): Promise<SealedBox> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = textEncoder.encode(JSON.stringify(content));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: textEncoder.encode(captureId) },
    key,
    plaintext,
  );
  return { iv, ciphertext: new Uint8Array(ciphertext) };
}

/** The content sealed for this capture id; throws when the key, the id or the bytes do not match. */
export async function unseal(key: CryptoKey, captureId: string, box: SealedBox): Promise<unknown> {
  const plaintext = await crypto.subtle.decrypt(
    {
      name: 'AES-GCM',
      iv: new Uint8Array(box.iv),
      additionalData: textEncoder.encode(captureId),
    },
    key,
    new Uint8Array(box.ciphertext),
  );
  return JSON.parse(textDecoder.decode(plaintext)) as unknown;
}

/** A sealed box as text, for localStorage (which keeps strings only). */
export function boxToText(box: SealedBox): string {
  return `${bytesToBase64(box.iv)}.${bytesToBase64(box.ciphertext)}`;
}

export function boxFromText(text: string): SealedBox | undefined {
  const [iv, ciphertext, ...rest] = text.split('.');
  if (!iv || !ciphertext || rest.length > 0) return undefined;
  try {
    return { iv: base64ToBytes(iv), ciphertext: base64ToBytes(ciphertext) };
  } catch {
    return undefined;
  }
}
