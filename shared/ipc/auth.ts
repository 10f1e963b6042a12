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

const baseUrlSchema = z.url({
  protocol: /^https?$/,
  error: 'Enter the Booster address, starting with https://',
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
