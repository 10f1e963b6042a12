// IPC domain `lock`: the app lock. The staff PIN goes from the renderer to main, which keeps only its scrypt
// hash; the renderer never stores it. Main decides whether the app is locked (it refuses every channel that
// reveals or changes client data while it is); the renderer asks for the status on an interval and on focus
// rather than being pushed to, so no new push channel is needed in either host.
import { z } from 'zod';
import { invokeChannel, noRequest } from './contract';

export const lockStateSchema = z.enum([
  /** No PIN yet and the host asks for one at first run (or a policy requires one). */
  'setup',
  /** No app lock: staff chose none (only without a policy, or with the PIN). */
  'off',
  'unlocked',
  'locked',
]);
export type LockState = z.infer<typeof lockStateSchema>;

export const lockStatusSchema = z.object({
  state: lockStateSchema,
  /** An IT policy is present: the PIN cannot be skipped at first run, and turning the lock off needs it. */
  policyPresent: z.boolean(),
  idleLockMinutes: z.number().int().min(1).max(120),
  /** Wrong PINs still allowed before a wait. */
  attemptsBeforeWait: z.number().int().min(0),
  /** No PIN is checked before this time (too many wrong ones). */
  retryAt: z.iso.datetime().optional(),
  /** The PIN file cannot be read: only IT can reset it (README, "App lock and IT policy"). */
  damaged: z.boolean().optional(),
});
export type LockStatus = z.infer<typeof lockStatusSchema>;

/** Bounded only: the rules are main's (shared/policy/pinRules.ts), and a wrong PIN is a wrong attempt. */
const pinField = z.string('Staff PIN: enter the PIN.').max(64, 'Staff PIN: at most 64 characters.');

export const lockChannels = {
  status: invokeChannel('lock:status', noRequest, lockStatusSchema),
  /** First run only (state 'setup'); error 'pinAlreadySet' otherwise, 'invalidPin' naming the rule. */
  setPin: invokeChannel('lock:setPin', z.object({ pin: pinField }), lockStatusSchema),
  /** Needs the current PIN (throttled like unlock). */
  changePin: invokeChannel(
    'lock:changePin',
    z.object({ currentPin: pinField, pin: pinField }),
    lockStatusSchema,
  ),
  /** Errors: 'wrongPin' (attempts left in the status), 'tooManyAttempts' (retryAt), 'lockDamaged'. */
  unlock: invokeChannel('lock:unlock', z.object({ pin: pinField }), lockStatusSchema),
  /** The PIN checked (and throttled) like unlock without changing the lock: leaving self-entry needs it.
   *  Errors as unlock, and 'lockNotSet' when no PIN is set. */
  verifyPin: invokeChannel('lock:verifyPin', z.object({ pin: pinField }), lockStatusSchema),
  lockNow: invokeChannel('lock:lockNow', noRequest, lockStatusSchema),
  /** A person used the keyboard or pointer: the renderer sends this at most every few seconds. */
  reportActivity: invokeChannel('lock:reportActivity', noRequest, lockStatusSchema),
  /** Turns the lock off (also "no PIN" at first run). With a policy present the PIN is needed. */
  disable: invokeChannel(
    'lock:disable',
    z.object({ pin: pinField.optional() }).default({}),
    lockStatusSchema,
  ),
};
