// IPC domain `auth`: which Booster environment to use, and signing in to it.
// Secrets go from the renderer straight to main, which keeps them in its SecretStore and never sends them back.
import { z } from 'zod';
import { invokeChannel, noRequest } from './contract';

export const authModeSchema = z.enum(['apiKey', 'credentials']);

export const environmentViewSchema = z.object({
  baseUrl: z.url(),
  authMode: authModeSchema,
  userName: z.string().optional(),
  /** A secret is stored and Booster has not refused it since. */
  signedIn: z.boolean(),
  /** Which environment this is (the IT policy's id, or one made from the address: shared/policy/environmentId.ts). */
  environmentId: z.string().max(2_100).optional(),
});
export type EnvironmentView = z.infer<typeof environmentViewSchema>;

const BASE_URL_LABEL = 'Booster address';
const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;
/** Far above any real address; checked first so a pasted megabyte costs one comparison. */
export const BASE_URL_MAX_LENGTH = 2_048;

/** What is wrong with a Booster base URL, for a person, or undefined when it is fine. Only https, or plain
 *  http to this computer (the simulator, tests): records carry personal data. No user or password (they
 *  would be stored in environment.json, which is not secret) and no query or fragment. */
export function baseUrlProblem(text: string): string | undefined {
  if (text.length > BASE_URL_MAX_LENGTH)
    return `${BASE_URL_LABEL}: is too long (${text.length} characters, at most ${BASE_URL_MAX_LENGTH}).`;
  // The URL parser silently drops tabs and line breaks inside (https://boo\nster.example would pass) and
  // reads a backslash as a slash: what is stored must be what is used, so both are refused.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\s\u0000-\u001f\u007f-\u009f\\]/.test(text))
    return `${BASE_URL_LABEL}: must not contain spaces, line breaks or backslashes.`;
  // "must start with": the parser would also take https:booster.example or a scheme-relative //host.
  if (!/^https?:\/\//i.test(text))
    return /^[a-z][a-z0-9+.-]*:/i.test(text)
      ? `${BASE_URL_LABEL}: must start with https:// (plain http:// only for this computer: localhost, 127.0.0.1, [::1]).`
      : `${BASE_URL_LABEL}: enter the Booster address, starting with https:// (e.g. https://booster.example.com).`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${BASE_URL_LABEL}: enter the Booster address, starting with https:// (e.g. https://booster.example.com).`;
  }
  // The WHATWG parser normalises the host (127.1 → 127.0.0.1, LOCALHOST → localhost) before this check.
  const loopback = LOOPBACK_HOST.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    return `${BASE_URL_LABEL}: must start with https:// (plain http:// only for this computer: localhost, 127.0.0.1, [::1]).`;
  if (url.username !== '' || url.password !== '')
    return `${BASE_URL_LABEL}: must not contain a user name or password; enter those as the sign-in instead.`;
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text))
    return `${BASE_URL_LABEL}: must not contain '?' or '#'; enter only the address, e.g. https://booster.example.com.`;
  return undefined;
}

export const baseUrlSchema = z
  .string(`${BASE_URL_LABEL}: enter the Booster address, starting with https://.`)
  // Only padding is trimmed; spaces inside are refused by baseUrlProblem.
  .trim()
  .superRefine((text, context) => {
    const problem = baseUrlProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** The staff PIN for a guarded action (with an IT policy): bounded only, main checks it like an unlock. */
export const staffPinSchema = z
  .string('Staff PIN: enter the PIN.')
  .max(64, 'Staff PIN: at most 64 characters.');

/** What becomes of clients still waiting for the environment being left: sent to the new one (recorded as a
 *  person's decision on each), or kept for the old one (they wait until it is chosen again). */
export const queuedClientsDecisionSchema = z.enum(['sendToNew', 'keepForOld']);
export type QueuedClientsDecision = z.infer<typeof queuedClientsDecisionSchema>;

/** Asked of an environment switch (auth:switchCheck, and again by auth:configure). */
const switchGuard = {
  /** Needed to change the environment when an IT policy is present. */
  pin: staffPinSchema.optional(),
  /** Needed when clients are waiting for another environment than the one chosen. */
  queuedClients: queuedClientsDecisionSchema.optional(),
};

export const configureRequestSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('apiKey'),
    baseUrl: baseUrlSchema,
    apiKey: z.string().trim().min(1, 'Enter the API key'),
    ...switchGuard,
  }),
  z.object({
    mode: z.literal('credentials'),
    baseUrl: baseUrlSchema,
    userName: z.string().trim().min(1, 'Enter your user name'),
    password: z.string().min(1, 'Enter your password'),
    ...switchGuard,
  }),
]);
export type ConfigureRequest = z.infer<typeof configureRequestSchema>;

/**
 * What Booster said of the key or sign-in just saved: `accepted` (Booster answered and took it), `refused`
 * (Booster answered 401/403: saved but marked, so sending pauses for sign-in until it is corrected), or
 * `notChecked` (Booster could not be reached, or what answered was not Booster: saved, and checked by the
 * first send once Booster answers).
 */
export const credentialCheckSchema = z.enum(['accepted', 'refused', 'notChecked']);
export type CredentialCheck = z.infer<typeof credentialCheckSchema>;

export const configureResultSchema = z.object({
  environment: environmentViewSchema,
  check: credentialCheckSchema,
  /** Why: Booster's refusal, or what stood in the way ("network error ECONNREFUSED"). Never a secret. */
  detail: z.string().max(1_000).optional(),
});
export type ConfigureResult = z.infer<typeof configureResultSchema>;

const environmentRefSchema = z.object({
  environmentId: z.string().max(2_100),
  /** "Booster Europe (api-booster.example.com)", or the host. */
  label: z.string().max(2_300),
});

/** What switching to an environment asks of a person first (shared/policy/environmentSwitch.ts). */
export const switchCheckSchema = z.object({
  kind: z.enum(['allowed', 'unchanged', 'notAllowed', 'needsPin', 'needsDecisionAboutQueued']),
  to: environmentRefSchema,
  from: environmentRefSchema.optional(),
  /** The staff PIN is needed (an IT policy is present). */
  needsPin: z.boolean(),
  /** Clients waiting for other environments, those of the current one first. */
  queued: z
    .array(environmentRefSchema.extend({ count: z.number().int().positive() }))
    .max(100)
    .optional(),
  total: z.number().int().nonnegative().optional(),
});
export type SwitchCheck = z.infer<typeof switchCheckSchema>;

export const switchCheckRequestSchema = z.object({ baseUrl: baseUrlSchema, mode: authModeSchema });

export const signOutRequestSchema = z.object({ pin: staffPinSchema.optional() }).optional();

export const authChannels = {
  environment: invokeChannel('auth:environment', noRequest, environmentViewSchema.nullable()),
  /** Save the environment and secret, then check them with Booster at once (a credentialed GET /auth for an
   *  API key, the sign-in itself for a user name and password). Booster's answer is the result's `check`, not
   *  an error: the settings are saved whatever it says. */
  configure: invokeChannel('auth:configure', configureRequestSchema, configureResultSchema),
  /** What a switch to this environment needs first (the PIN, a decision about waiting clients); changes
   *  nothing. auth:configure asks the same and refuses ('pinNeeded' / 'queuedClientsDecisionNeeded', naming
   *  the field) until the request carries what is needed. */
  switchCheck: invokeChannel('auth:switchCheck', switchCheckRequestSchema, switchCheckSchema),
  /** With an IT policy present, needs the staff PIN. */
  signOut: invokeChannel('auth:signOut', signOutRequestSchema, environmentViewSchema.nullable()),
};
