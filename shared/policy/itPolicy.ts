// The IT policy file: which Booster environments staff may choose, how soon the app locks, which UI
// languages are offered. IT writes it by hand, so every refusal names the field in words
// ("environments[1].baseUrl: must start with https://") and unknown keys are refused (a misspelt key
// would otherwise be ignored silently, and IT would believe a rule applies that does not).
import { z } from 'zod';

export const POLICY_VERSION = 1;
export const DEFAULT_IDLE_LOCK_MINUTES = 5;
export const uiLanguageCodes = ['en', 'fr', 'de', 'it', 'ja', 'ko', 'zh'] as const;

const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/** Why a URL in the policy is not acceptable, or undefined. `loopbackHttp`: plain http is allowed to this
 *  computer (a simulator on a test machine); never for anything that leaves it. */
export function policyUrlProblem(text: string, options: { loopbackHttp: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a full address starting with https://';
  }
  const loopback = LOOPBACK_HOST.test(url.hostname);
  if (url.protocol !== 'https:' && !(options.loopbackHttp && url.protocol === 'http:' && loopback))
    return options.loopbackHttp
      ? 'must start with https:// (plain http:// only for this computer: localhost, 127.0.0.1, [::1])'
      : 'must start with https://';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) return "must not contain '?' or '#'";
  return undefined;
}

const urlField = (loopbackHttp: boolean) =>
  z.string('must be a text (an address starting with https://)').superRefine((text, context) => {
    const problem = policyUrlProblem(text, { loopbackHttp });
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

const environmentSchema = z.strictObject({
  /** Stable: what queued clients are tied to. Letters, digits, '-', '_' only. */
  id: z.string('must be a text').regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, "-" or "_"'),
  name: z
    .string('must be a text')
    .trim()
    .min(1, 'must not be empty')
    .max(80, 'must be at most 80 characters'),
  baseUrl: urlField(true),
  authMode: z.enum(['apiKey', 'credentials'], 'must be "apiKey" or "credentials"'),
  /** Whether this Booster honours an Idempotency-Key header. */
  idempotencyKey: z.boolean('must be true or false').optional(),
});

export const itPolicySchema = z
  .strictObject({
    version: z.literal(POLICY_VERSION, `must be ${POLICY_VERSION}`),
    environments: z
      .array(environmentSchema, 'must be a list of environments')
      .min(1, 'must list at least one environment')
      .max(20, 'must list at most 20 environments'),
    idleLockMinutes: z
      .number('must be a number of minutes')
      .int('must be a whole number of minutes')
      .min(1, 'must be between 1 and 120 minutes')
      .max(120, 'must be between 1 and 120 minutes')
      .default(DEFAULT_IDLE_LOCK_MINUTES),
    allowedUiLanguages: z
      .array(z.enum(uiLanguageCodes, `must be one of ${uiLanguageCodes.join(', ')}`), 'must be a list')
      .min(1, 'must list at least one language')
      .default([...uiLanguageCodes]),
    retentionDays: z
      .number('must be a number of days')
      .int('must be a whole number of days')
      .min(1, 'must be between 1 and 365 days')
      .max(365, 'must be between 1 and 365 days')
      .optional(),
    updateFeedUrl: urlField(false).optional(),
  })
  .superRefine((policy, context) => {
    const seen = new Map<string, number>();
    policy.environments.forEach((environment, index) => {
      const first = seen.get(environment.id);
      if (first !== undefined)
        context.addIssue({
          code: 'custom',
          path: ['environments', index, 'id'],
          message: `"${environment.id}" is already the id of environments[${first}]`,
        });
      else seen.set(environment.id, index);
    });
    const languages = new Set(policy.allowedUiLanguages);
    if (languages.size !== policy.allowedUiLanguages.length)
      context.addIssue({
        code: 'custom',
        path: ['allowedUiLanguages'],
        message: 'must not list a language twice',
      });
  });

export type ItPolicy = z.infer<typeof itPolicySchema>;
export type PolicyEnvironment = ItPolicy['environments'][number];

/** `environments[1].baseUrl` from zod's path. */
export function fieldPathInWords(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? 'the policy' : text;
}

export type PolicyParse = { ok: true; policy: ItPolicy } | { ok: false; problems: string[] };

/** Validates already-decoded JSON. Every problem reads "<field>: <what is wrong>". */
export function parseItPolicy(json: unknown): PolicyParse {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, problems: ['the policy: must be a JSON object ({ "version": 1, … })'] };
  const parsed = itPolicySchema.safeParse(json);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => describeIssue(issue, json)) };
}

/** Whether the file has a key at this path (zod's message for a missing key would mention "undefined"). */
function isPresent(json: unknown, path: readonly PropertyKey[]): boolean {
  let node: unknown = json;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return true;
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  if (issue.code === 'unrecognized_keys')
    return issue.keys
      .map(
        (key) =>
          `${fieldPathInWords([...issue.path, key])}: is not a policy setting (check its spelling; unknown settings are refused)`,
      )
      .join('; ');
  const where = fieldPathInWords(issue.path);
  const missing =
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') && !isPresent(json, issue.path);
  const message = missing ? 'is required' : issue.message;
  return `${where}: ${message}`;
}
