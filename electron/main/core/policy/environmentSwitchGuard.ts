// Switching Booster environments, guarded: a queued client belongs to the environment it was captured for,
// so a switch with clients still waiting for another one needs a person's decision (send them to the new
// one, or keep them for the old one), and with an IT policy the switch and signing out need the staff PIN.
// The decision itself is shared/policy/environmentSwitch.ts (pure); this applies it to the outbox's counts.
import type { FieldIssue, PolicyView, QueuedClientsDecision, SwitchCheck } from '../../../../shared/ipc';
import { environmentSwitchDecision } from '../../../../shared/policy/environmentSwitch';
import {
  belongsToEnvironment,
  environmentIdFor,
  environmentKeysFor,
  environmentLabel,
  type KnownEnvironment,
} from '../../../../shared/policy/environmentId';

export class EnvironmentSwitchError extends Error {
  override readonly name = 'EnvironmentSwitchError';
  constructor(
    readonly code: 'pinNeeded' | 'queuedClientsDecisionNeeded',
    message: string,
    readonly fields: FieldIssue[],
  ) {
    super(message);
  }
}

export interface EnvironmentSwitchDeps {
  policy: PolicyView;
  /** The configured Booster address (undefined: none). */
  currentBaseUrl: () => string | undefined;
  /** Waiting clients per environment id ('' for those queued before ids existed). */
  pendingByEnvironment: () => Map<string, number>;
  /** A staff PIN is set (with the lock turned off there is none to ask for). */
  pinSet: () => boolean;
  /** Checked and throttled like an unlock; throws 'wrongPin' naming the field `pin`. */
  verifyPin: (pin: string) => Promise<void>;
  /** Durably moves every waiting client `from` accepts to `environmentId` (a person's decision). */
  retarget: (from: (environmentId: string | undefined) => boolean, environmentId: string) => Promise<number>;
}

export interface SwitchRequest {
  baseUrl: string;
  mode: string;
  pin?: string | undefined;
  queuedClients?: QueuedClientsDecision | undefined;
}

export interface EnvironmentSwitchGuard {
  /** What the switch needs first; changes nothing. */
  check(request: { baseUrl: string }): SwitchCheck;
  /** Refuses unless the request carries what the switch needs; then, before the environment is saved,
   *  keeps the clients a person kept for the old one there. Answers what to do once it is saved. */
  authorize(request: SwitchRequest): Promise<{ afterSave: () => Promise<void> }>;
  /** Signing out: the staff PIN with a policy present. */
  authorizeSignOut(pin: string | undefined): Promise<void>;
  /** Whether a client queued for this id goes to the Booster configured now. */
  belongsHere(environmentId: string | undefined): boolean;
  /** The id of the environment configured now (what a client queued now is for). */
  currentEnvironmentId(): string | undefined;
  environmentIdOf(baseUrl: string): string;
}

export function createEnvironmentSwitchGuard(deps: EnvironmentSwitchDeps): EnvironmentSwitchGuard {
  const known: readonly KnownEnvironment[] =
    deps.policy.state === 'loaded' ? deps.policy.policy.environments : [];
  const allowedIds = deps.policy.state === 'loaded' ? known.map((environment) => environment.id) : undefined;
  const pinRequired = () => deps.policy.state !== 'none' && deps.pinSet();
  const ref = (environmentId: string) => ({ environmentId, label: environmentLabel(environmentId, known) });

  const currentKeys = (): ReadonlySet<string> | undefined => {
    const baseUrl = deps.currentBaseUrl();
    return baseUrl === undefined ? undefined : environmentKeysFor(baseUrl, known);
  };

  /** Waiting clients per environment as the switch sees them: those without an id, and those under the
   *  current address's own id, count as the current environment's; those already for `to` as `to`'s. */
  const countsFor = (currentId: string | undefined, toKeys: ReadonlySet<string>, toId: string) => {
    const keys = currentKeys();
    const counts: Record<string, number> = {};
    for (const [stored, count] of deps.pendingByEnvironment()) {
      const environmentId = stored === '' ? undefined : stored;
      let key: string;
      if (environmentId !== undefined && toKeys.has(environmentId)) key = toId;
      else if (keys && belongsToEnvironment(environmentId, keys)) key = currentId!;
      else if (environmentId === undefined)
        key = toId; // nothing configured: they go to the first one chosen
      else key = environmentId;
      counts[key] = (counts[key] ?? 0) + count;
    }
    return counts;
  };

  const check = (request: { baseUrl: string }): SwitchCheck => {
    const toId = environmentIdFor(request.baseUrl, known);
    const toKeys = environmentKeysFor(request.baseUrl, known);
    const baseUrl = deps.currentBaseUrl();
    const currentId = baseUrl === undefined ? undefined : environmentIdFor(baseUrl, known);
    const decision = environmentSwitchDecision(currentId, toId, countsFor(currentId, toKeys, toId), {
      ...(allowedIds ? { allowedIds } : {}),
      policyPresent: pinRequired(),
    });
    const base = {
      to: ref(toId),
      ...(currentId !== undefined ? { from: ref(currentId) } : {}),
    };
    switch (decision.kind) {
      case 'needsDecisionAboutQueued':
        return {
          ...base,
          kind: decision.kind,
          needsPin: decision.needsPin,
          queued: decision.queued.slice(0, 100).map(({ environmentId, count }) => ({
            ...ref(environmentId),
            count,
          })),
          total: decision.total,
        };
      case 'needsPin':
        return { ...base, kind: 'needsPin', needsPin: true };
      default:
        return { ...base, kind: decision.kind, needsPin: false };
    }
  };

  const requirePin = async (pin: string | undefined, action: string): Promise<void> => {
    if (pin === undefined || pin === '')
      throw new EnvironmentSwitchError('pinNeeded', `Enter the staff PIN to ${action}.`, [
        { path: 'pin', code: 'pinNeeded', message: `Staff PIN: enter it to ${action}.` },
      ]);
    await deps.verifyPin(pin);
  };

  return {
    check,
    currentEnvironmentId() {
      const baseUrl = deps.currentBaseUrl();
      return baseUrl === undefined ? undefined : environmentIdFor(baseUrl, known);
    },
    environmentIdOf: (baseUrl) => environmentIdFor(baseUrl, known),
    belongsHere(environmentId) {
      const keys = currentKeys();
      return keys !== undefined && belongsToEnvironment(environmentId, keys);
    },
    async authorize(request) {
      const verdict = check(request);
      // The question first: a PIN is not spent on a switch that cannot happen yet.
      if (verdict.kind === 'needsDecisionAboutQueued' && request.queuedClients === undefined) {
        const waiting = verdict.queued?.map((item) => `${item.count} for ${item.label}`).join(', ');
        const message = `Clients are still waiting to be sent (${waiting}). Choose whether to send them to ${verdict.to.label} or keep them for the environment they were captured for.`;
        throw new EnvironmentSwitchError('queuedClientsDecisionNeeded', message, [
          { path: 'queuedClients', code: 'queuedClientsDecisionNeeded', message },
        ]);
      }
      if (verdict.needsPin) await requirePin(request.pin, 'change the Booster environment');
      if (verdict.kind !== 'needsDecisionAboutQueued') return { afterSave: async () => undefined };
      const toKeys = environmentKeysFor(request.baseUrl, known);
      const forNew = (environmentId: string | undefined) =>
        environmentId !== undefined && toKeys.has(environmentId);
      if (request.queuedClients === 'keepForOld') {
        // Clients without an id would follow the configured environment: they are tied to the old one first.
        if (verdict.from)
          await deps.retarget((environmentId) => environmentId === undefined, verdict.from.environmentId);
        return { afterSave: async () => undefined };
      }
      const toId = verdict.to.environmentId;
      return {
        afterSave: async () => {
          await deps.retarget((environmentId) => !forNew(environmentId), toId);
        },
      };
    },
    async authorizeSignOut(pin) {
      if (pinRequired()) await requirePin(pin, 'sign out of Booster');
    },
  };
}
