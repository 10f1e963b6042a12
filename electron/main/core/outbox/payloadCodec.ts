// The hook for encryption at rest: personal data goes through this codec on its way to and from disk.
// Today it is plain JSON; an encrypting codec (e.g. AES-GCM with a key from the SecretStore) can replace it
// without touching the store or the journal format, since the journal only sees an opaque string.
import { personalDataSchema, type PersonalData } from './types';

export interface PayloadCodec {
  encode(data: PersonalData): string;
  decode(encoded: string): PersonalData;
}

export const plainJsonCodec: PayloadCodec = {
  encode: (data) => JSON.stringify(data),
  decode: (encoded) => personalDataSchema.parse(JSON.parse(encoded)),
};
