// Whether staff may switch to another Booster environment now, decided once for main and the screen alike.
// A queued client belongs to the environment it was captured for, so switching with clients queued for the
// current one needs a person to say what becomes of them; with an IT policy, any switch needs the staff PIN.

export type EnvironmentSwitchDecision =
  | { kind: 'allowed' }
  | { kind: 'unchanged' }
  | { kind: 'notAllowed'; reason: 'unknownEnvironment' }
  | { kind: 'needsPin' }
  | {
      kind: 'needsDecisionAboutQueued';
      /** Clients still queued, per environment id, those of the current environment first. */
      queued: { environmentId: string; count: number }[];
      total: number;
      /** After the decision, the PIN is still needed (a policy is present). */
      needsPin: boolean;
    };

export interface EnvironmentSwitchContext {
  /** The environment ids the policy allows; undefined without a policy (any https environment). */
  allowedIds?: readonly string[];
  /** A policy is present: the switch needs the staff PIN. */
  policyPresent: boolean;
  /** The PIN was checked for this switch already. */
  pinChecked?: boolean;
}

/** Counts from outside (a journal, a file) are not trusted: only finite, positive whole numbers count. */
function cleanCounts(queuedCountByEnvironment: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (typeof queuedCountByEnvironment !== 'object' || queuedCountByEnvironment === null) return counts;
  for (const [id, count] of Object.entries(queuedCountByEnvironment as Record<string, unknown>)) {
    // A count we cannot read is treated as "some clients": unknown must never look like "none queued".
    const safe = typeof count === 'number' && Number.isFinite(count) ? Math.floor(count) : 1;
    if (safe > 0) counts.set(id, Math.min(safe, Number.MAX_SAFE_INTEGER));
  }
  return counts;
}

export function environmentSwitchDecision(
  current: string | undefined,
  next: string,
  queuedCountByEnvironment: Readonly<Record<string, number>>,
  context: EnvironmentSwitchContext = { policyPresent: false },
): EnvironmentSwitchDecision {
  if (typeof next !== 'string' || next === '') return { kind: 'notAllowed', reason: 'unknownEnvironment' };
  if (context.allowedIds && !context.allowedIds.includes(next))
    return { kind: 'notAllowed', reason: 'unknownEnvironment' };
  if (current === next) return { kind: 'unchanged' };
  const needsPin = context.policyPresent && context.pinChecked !== true;
  const counts = cleanCounts(queuedCountByEnvironment);
  // Clients queued for the environment being switched to will be sent there: nobody needs to decide.
  counts.delete(next);
  if (counts.size > 0) {
    const queued = [...counts.entries()]
      .map(([environmentId, count]) => ({ environmentId, count }))
      .sort((a, b) =>
        a.environmentId === current
          ? -1
          : b.environmentId === current
            ? 1
            : a.environmentId < b.environmentId
              ? -1
              : 1,
      );
    const total = Math.min(
      queued.reduce((sum, item) => sum + item.count, 0),
      Number.MAX_SAFE_INTEGER,
    );
    return { kind: 'needsDecisionAboutQueued', queued, total, needsPin };
  }
  return needsPin ? { kind: 'needsPin' } : { kind: 'allowed' };
}
