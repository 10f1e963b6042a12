// Which Booster environment a queued client is for, as a stable id kept in clear in the outbox metadata (an
// address or IT's id, never personal data). With an IT policy it is the policy's environment id; without one
// it is the configured address itself, normalised ("url:https://booster.example.com"), so the same Booster
// typed twice is one environment. Clients queued before ids existed carry none: they belong to whatever
// environment is configured.

/** Ids made from an address start with this; policy ids cannot contain ':' so the two never collide. */
export const URL_ENVIRONMENT_PREFIX = 'url:';

/** Scheme and host in lower case, no default port, no trailing slash; undefined for text that is no URL. */
export function normalBoosterAddress(text: string): string | undefined {
  try {
    return new URL(text.trim()).href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

export function urlEnvironmentId(baseUrl: string): string {
  return URL_ENVIRONMENT_PREFIX + (normalBoosterAddress(baseUrl) ?? baseUrl.trim());
}

export interface KnownEnvironment {
  id: string;
  name: string;
  baseUrl: string;
}

/** The id of the environment at this address: the policy's own when it lists it, else the address's. */
export function environmentIdFor(
  baseUrl: string,
  policyEnvironments: readonly KnownEnvironment[] = [],
): string {
  const address = normalBoosterAddress(baseUrl);
  const listed = policyEnvironments.find(
    (environment) => normalBoosterAddress(environment.baseUrl) === address,
  );
  return listed?.id ?? urlEnvironmentId(baseUrl);
}

/** Every id a client queued for this address may carry: the policy's id and the address's own (a client
 *  queued before IT placed the policy is still for the same Booster). */
export function environmentKeysFor(
  baseUrl: string,
  policyEnvironments: readonly KnownEnvironment[] = [],
): ReadonlySet<string> {
  return new Set([environmentIdFor(baseUrl, policyEnvironments), urlEnvironmentId(baseUrl)]);
}

/** A client with no environment (queued before ids existed) belongs to whichever is configured. */
export function belongsToEnvironment(
  clientEnvironmentId: string | undefined,
  current: ReadonlySet<string>,
): boolean {
  return clientEnvironmentId === undefined || current.has(clientEnvironmentId);
}

/** What a person reads for an environment id: the policy's name and host, or the host of the address. */
export function environmentLabel(
  environmentId: string,
  policyEnvironments: readonly KnownEnvironment[] = [],
): string {
  const listed = policyEnvironments.find((environment) => environment.id === environmentId);
  if (listed) return `${listed.name} (${hostOf(listed.baseUrl)})`;
  if (environmentId.startsWith(URL_ENVIRONMENT_PREFIX))
    return hostOf(environmentId.slice(URL_ENVIRONMENT_PREFIX.length));
  return environmentId;
}

function hostOf(address: string): string {
  try {
    return new URL(address).host;
  } catch {
    return address;
  }
}
