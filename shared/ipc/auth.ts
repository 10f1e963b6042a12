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
});
export type EnvironmentView = z.infer<typeof environmentViewSchema>;

const BASE_URL_LABEL = 'Booster address';
const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/** What is wrong with a Booster base URL, for a person, or undefined when it is fine. Only https, or plain
 *  http to this computer (the simulator, tests): records carry personal data. No user or password (they
 *  would be stored in environment.json, which is not secret) and no query or fragment. */
export function baseUrlProblem(text: string): string | undefined {
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
  .trim()
  .superRefine((text, context) => {
    const problem = baseUrlProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

export const configureRequestSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('apiKey'),
    baseUrl: baseUrlSchema,
    apiKey: z.string().trim().min(1, 'Enter the API key'),
  }),
  z.object({
    mode: z.literal('credentials'),
    baseUrl: baseUrlSchema,
    userName: z.string().trim().min(1, 'Enter your user name'),
    password: z.string().min(1, 'Enter your password'),
  }),
]);
export type ConfigureRequest = z.infer<typeof configureRequestSchema>;

export const authChannels = {
  environment: invokeChannel('auth:environment', noRequest, environmentViewSchema.nullable()),
  /** Save the environment and secret; with credentials, signs in at once (error 'signInFailed' when refused,
   *  'boosterUnreachable' when Booster cannot be reached — the settings are kept and sign-in is retried later). */
  configure: invokeChannel('auth:configure', configureRequestSchema, environmentViewSchema),
  signOut: invokeChannel('auth:signOut', noRequest, environmentViewSchema.nullable()),
};
