// The simulator's changeable configuration: zod schemas, defaults, and the merge of a partial patch.
// Schemas carry no defaults so that a patch and a full config share one shape; defaults live in code.
import { z } from 'zod';

/**
 * Which routes a fault or the latency applies to. `auth` covers sign-in and refresh (/auth/credentials,
 * /access-token and their predefined routes); `session` is GET /auth, the read-only session check.
 */
export const routeKindSchema = z.enum(['customer', 'auth', 'session', 'metadata']);
export type RouteKind = z.infer<typeof routeKindSchema>;

const probability = z.number().min(0).max(1);
const nonNegativeInt = z.int().min(0);

/** A fault fires on the next `count` matching requests, and otherwise with `probability`. */
const triggerShape = {
  probability,
  count: nonNegativeInt,
  routes: z.array(routeKindSchema),
};

const triggerSchema = z.strictObject(triggerShape);
const throttleSchema = z.strictObject({ ...triggerShape, retryAfterSeconds: nonNegativeInt });
const expireTokensSchema = z.strictObject({
  probability,
  count: nonNegativeInt,
  // Expire refresh tokens too, so that the client's refresh fails and it must sign in again.
  alsoRefreshTokens: z.boolean(),
});
// Proxy and captive-portal behaviours (not Booster's): what a hostile network in front of Booster does.
const redirectSchema = z.strictObject({
  ...triggerShape,
  status: z.int().min(300).max(399),
  /** Where the 3xx points; the client must never go there. */
  location: z.string().min(1),
});
const slowBodySchema = z.strictObject({ ...triggerShape, intervalMs: z.int().min(1).max(60_000) });
/** Any JSON scalar: 0, -5, 1.5, "12", 77 (the same id for every client), 1e21 (past 2^53). */
const customerIdValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const badCustomerIdSchema = z.strictObject({ ...triggerShape, value: customerIdValue });
const latencySchema = z.strictObject({
  ms: nonNegativeInt,
  jitterMs: nonNegativeInt,
  routes: z.array(routeKindSchema),
});

export const faultsSchema = z.strictObject({
  latency: latencySchema,
  /** Socket destroyed before the request is read: nothing is created. */
  reset: triggerSchema,
  /** Request processed (customer created), then the socket is destroyed without a response. */
  lostResponse: triggerSchema,
  /** 500 with a ResponseStatus body. */
  serverError: triggerSchema,
  /** 403 with a plain-text `Forbidden` body: the credential is valid but not allowed. Nothing is created. */
  forbidden: triggerSchema,
  /** 503 with Retry-After and a plain-text body. */
  unavailable: throttleSchema,
  /** 429 with Retry-After and a plain-text body. */
  rateLimited: throttleSchema,
  /** Expires every access token issued so far; matches requests that present a simulator-issued token. */
  expireTokens: expireTokensSchema,
  /** A proxy or portal answers a 3xx with a Location before Booster sees the request. Nothing is created. */
  redirect: redirectSchema,
  /** A proxy sends 200 headers, then one byte of body every intervalMs until the client goes. Nothing is created. */
  slowBody: slowBodySchema,
  /** A captive portal answers its HTML login page with a 200. Nothing is created. */
  notBooster: triggerSchema,
  /** The customer is created, then the answer carries `value` as boosterCustomerId instead of its id. */
  badCustomerId: badCustomerIdSchema,
});
export type FaultsConfig = z.infer<typeof faultsSchema>;
export type FaultName = Exclude<keyof FaultsConfig, 'latency'>;

export const rejectRuleSchema = z.strictObject({
  /** Our camelCase path: 'lastName', 'emails.0.email', or with a wildcard 'emails.*.email'. */
  field: z.string().min(1),
  /** Regex source, matched case-insensitively against string values at `field`. */
  matches: z.string().refine(isValidRegex, { message: 'must be a valid regular expression' }),
  errorCode: z.string().min(1).optional(),
  message: z.string().min(1).optional(),
});
export type RejectRule = z.infer<typeof rejectRuleSchema>;

/**
 * Where sign-in and refresh put the JWTs: in the AuthenticateResponse body (`bearerToken`, `refreshToken`,
 * `accessToken`), or only in `ss-tok` / `ss-reftok` HttpOnly cookies, as ServiceStack 6+ does with
 * `UseTokenCookie`.
 */
export const tokenDeliverySchema = z.enum(['body', 'cookies']);
export type TokenDelivery = z.infer<typeof tokenDeliverySchema>;

export const simulatorConfigSchema = z.strictObject({
  faults: faultsSchema,
  rejectRules: z.array(rejectRuleSchema),
  tokenLifetimeMs: nonNegativeInt,
  refreshTokenLifetimeMs: nonNegativeInt,
  tokenDelivery: tokenDeliverySchema,
  honourIdempotencyKey: z.boolean(),
  /** Added to the server's clock for the Date header (tests of the client's trusted-time logic). */
  clockOffsetMs: z.int(),
});
export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;

/** A partial update: each fault is merged field by field; rejectRules is replaced as a whole. */
export const simulatorConfigPatchSchema = z
  .strictObject({
    faults: z
      .strictObject({
        latency: latencySchema.partial(),
        reset: triggerSchema.partial(),
        lostResponse: triggerSchema.partial(),
        serverError: triggerSchema.partial(),
        forbidden: triggerSchema.partial(),
        unavailable: throttleSchema.partial(),
        rateLimited: throttleSchema.partial(),
        expireTokens: expireTokensSchema.partial(),
        redirect: redirectSchema.partial(),
        slowBody: slowBodySchema.partial(),
        notBooster: triggerSchema.partial(),
        badCustomerId: badCustomerIdSchema.partial(),
      })
      .partial(),
    rejectRules: z.array(rejectRuleSchema),
    tokenLifetimeMs: nonNegativeInt,
    refreshTokenLifetimeMs: nonNegativeInt,
    tokenDelivery: tokenDeliverySchema,
    honourIdempotencyKey: z.boolean(),
    clockOffsetMs: z.int(),
  })
  .partial();
export type SimulatorConfigPatch = z.infer<typeof simulatorConfigPatchSchema>;

const quietTrigger = { probability: 0, count: 0, routes: ['customer'] as RouteKind[] };

export function defaultSimulatorConfig(): SimulatorConfig {
  return {
    faults: {
      latency: { ms: 0, jitterMs: 0, routes: ['customer'] },
      reset: { ...quietTrigger, routes: ['customer'] },
      lostResponse: { ...quietTrigger, routes: ['customer'] },
      serverError: { ...quietTrigger, routes: ['customer'] },
      forbidden: { ...quietTrigger, routes: ['customer'] },
      unavailable: { ...quietTrigger, routes: ['customer'], retryAfterSeconds: 1 },
      rateLimited: { ...quietTrigger, routes: ['customer'], retryAfterSeconds: 1 },
      expireTokens: { probability: 0, count: 0, alsoRefreshTokens: false },
      redirect: {
        ...quietTrigger,
        routes: ['customer'],
        status: 307,
        location: 'http://portal.example/login',
      },
      slowBody: { ...quietTrigger, routes: ['customer'], intervalMs: 100 },
      notBooster: { ...quietTrigger, routes: ['customer'] },
      badCustomerId: { ...quietTrigger, routes: ['customer'], value: 0 },
    },
    rejectRules: [],
    tokenLifetimeMs: 15 * 60_000,
    refreshTokenLifetimeMs: 7 * 24 * 60 * 60_000,
    tokenDelivery: 'body',
    honourIdempotencyKey: false,
    clockOffsetMs: 0,
  };
}

export class SimulatorConfigError extends Error {
  readonly code = 'SIM_CONFIG_INVALID';
  override readonly name = 'SimulatorConfigError';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`Invalid simulator config: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
}

/** Validates a patch (from code or the control API) and returns the merged config; throws SimulatorConfigError. */
export function applyConfigPatch(current: SimulatorConfig, patch: unknown): SimulatorConfig {
  const parsed = simulatorConfigPatchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new SimulatorConfigError(
      parsed.error.issues.map((issue) => ({
        path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
        message: issue.message,
      })),
    );
  }
  const { faults, ...rest } = parsed.data;
  const next: SimulatorConfig = structuredClone(current);
  Object.assign(next, stripUndefined(rest));
  if (faults) {
    for (const name of Object.keys(faults) as (keyof FaultsConfig)[]) {
      const faultPatch = faults[name];
      if (faultPatch) Object.assign(next.faults[name], stripUndefined(faultPatch));
    }
  }
  return next;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}
