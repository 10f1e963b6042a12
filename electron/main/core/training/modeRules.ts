// Who may switch between real work and training: a pure rule over the app lock's status. With an IT policy
// the switch is IT's business as much as the environment is, so it needs the staff PIN; a locked app
// switches nothing (the switch would reveal the other mode's clients).
import type { LockStatus } from '../../../../shared/ipc';

export type ModeSwitchDecision = 'allowed' | 'pinNeeded' | 'locked';

export function modeSwitchDecision(lock: Pick<LockStatus, 'state' | 'policyPresent'>): ModeSwitchDecision {
  if (lock.state === 'locked') return 'locked';
  // A policy without a PIN set yet: the gate refuses every client channel until one is set.
  if (lock.policyPresent && lock.state === 'setup') return 'locked';
  if (lock.policyPresent && lock.state === 'unlocked') return 'pinNeeded';
  return 'allowed';
}

export class ModeSwitchError extends Error {
  override readonly name = 'ModeSwitchError';
  constructor(
    readonly code: 'pinNeeded' | 'locked' | 'modeSwitchUnavailable' | 'modeSwitchFailed',
    message: string,
    readonly fields?: { path: string; code: string; message: string }[],
  ) {
    super(message);
  }
}

export function refusal(decision: Exclude<ModeSwitchDecision, 'allowed'>): ModeSwitchError {
  return decision === 'locked'
    ? new ModeSwitchError('locked', 'The app is locked: unlock it with the staff PIN, then switch.')
    : new ModeSwitchError('pinNeeded', 'IT requires the staff PIN to switch training mode on or off.', [
        { path: 'pin', code: 'pinNeeded', message: 'Staff PIN: enter the PIN.' },
      ]);
}
