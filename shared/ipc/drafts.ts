// IPC domain `drafts`: the key the renderer encrypts its drafts with. Main keeps the installation's draft key
// sealed by the OS keychain (or the CLI/web host's key file); the renderer asks for it once per session,
// imports it as a non-extractable WebCrypto key and forgets the bytes, so IndexedDB and localStorage only
// ever hold ciphertext. Autosave and search stay local and fast: no IPC round trip per keystroke.
import { z } from 'zod';
import { invokeChannel, noRequest } from './contract';

/** AES-256: 32 bytes, standard base64 (44 characters with padding). */
export const DRAFT_KEY_BYTES = 32;

export const draftKeySchema = z.object({
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'The draft key must be 32 bytes in base64.'),
});
export type DraftKey = z.infer<typeof draftKeySchema>;

export const draftsChannels = {
  /** The installation's 32-byte draft key, base64. Error 'draftKeyUnavailable' when main cannot unseal it. */
  key: invokeChannel('drafts:key', noRequest, draftKeySchema),
};
