// What the IT policy allows when staff configure Booster (pure), and the wrapper that applies it in front of
// auth:configure. Without a policy the address rules of the settings form apply (https only); with one, only
// an environment it lists, with its sign-in mode; with a broken one, nothing, and the reasons are given.
import type { BoosterHandlers, PolicyView } from '../../../../shared/ipc';
import { normalBoosterAddress } from '../../../../shared/policy/environmentId';
import type { EnvironmentStore } from '../booster/environmentStore';
import type { Logger } from '../platform/logger';

class PolicyRefusedError extends Error {
  override readonly name = 'PolicyRefusedError';
  constructor(
    readonly code: 'policyBroken' | 'notAllowedByPolicy',
    message: string,
    readonly fields?: { path: string; code: string; message: string }[],
  ) {
    super(message);
  }
}

/** Same address whatever the spelling: scheme and host case, a default port, a trailing slash. */
export function sameBoosterAddress(a: string, b: string): boolean {
  const left = normalBoosterAddress(a);
  return left !== undefined && left === normalBoosterAddress(b);
}

export type ConfigureVerdict =
  | { allowed: true; environmentId?: string }
  | { allowed: false; code: 'policyBroken' | 'notAllowedByPolicy'; message: string };

export function configureVerdict(
  policy: PolicyView,
  request: { baseUrl: string; mode: string },
): ConfigureVerdict {
  if (policy.state === 'none') return { allowed: true };
  if (policy.state === 'broken')
    return {
      allowed: false,
      code: 'policyBroken',
      message:
        `The IT policy file ${policy.source} cannot be used, so Booster cannot be configured: ` +
        `${policy.problems.join('; ')}. Ask IT to correct it. Capture goes on; clients stay queued on this laptop.`,
    };
  const environment = policy.policy.environments.find((candidate) =>
    sameBoosterAddress(candidate.baseUrl, request.baseUrl),
  );
  if (!environment)
    return {
      allowed: false,
      code: 'notAllowedByPolicy',
      message: `baseUrl: IT allows only these Booster environments: ${policy.policy.environments
        .map((candidate) => `${candidate.name} (${candidate.baseUrl})`)
        .join(', ')}.`,
    };
  if (environment.authMode !== request.mode)
    return {
      allowed: false,
      code: 'notAllowedByPolicy',
      message: `mode: IT set ${environment.name} to sign in with ${environment.authMode === 'apiKey' ? 'an API key' : 'a user name and password'}.`,
    };
  return { allowed: true, environmentId: environment.id };
}

/** auth.configure asks the policy first; every other handler is unchanged. */
export function applyPolicyToHandlers<H extends Pick<BoosterHandlers, 'auth'>>(
  handlers: H,
  policy: PolicyView,
): H {
  const configure = handlers.auth.configure;
  return {
    ...handlers,
    auth: {
      ...handlers.auth,
      configure: async (request: Parameters<typeof configure>[0]) => {
        const verdict = configureVerdict(policy, request);
        if (!verdict.allowed) {
          if (verdict.code === 'policyBroken') throw new PolicyRefusedError(verdict.code, verdict.message);
          const path = verdict.message.startsWith('mode:') ? 'mode' : 'baseUrl';
          throw new PolicyRefusedError(verdict.code, verdict.message, [
            { path, code: verdict.code, message: verdict.message },
          ]);
        }
        return configure.call(handlers.auth, request);
      },
    },
  };
}

/**
 * environment.json is used only where the policy allows it: under a broken policy, or for an environment the
 * policy does not list (or with another sign-in mode), main acts as if Booster were not configured, so nothing
 * is sent and every client stays queued until staff choose an allowed environment or IT fixes the file.
 */
export function restrictEnvironmentStore(
  store: EnvironmentStore,
  policy: PolicyView,
  logger: Pick<Logger, 'warn'>,
): EnvironmentStore {
  if (policy.state === 'none') return store;
  return {
    save: (config) => store.save(config),
    async load() {
      const config = await store.load();
      if (!config) return config;
      const verdict = configureVerdict(policy, config);
      if (verdict.allowed) return config;
      logger.warn('The stored Booster environment is not allowed by the IT policy; nothing is sent to it', {
        code: verdict.code,
      });
      return undefined;
    },
  };
}
