// IPC domain `mode`: real work or training. In training the app talks only to its built-in training Booster
// and keeps its clients (outbox in main, drafts in the page) apart from the real ones; main decides and owns
// the switch, the page shows the banner and reloads onto the other mode's drafts.
import { z } from 'zod';
import { invokeChannel, noRequest } from './contract';

export const appModeSchema = z.enum(['real', 'training'], 'Mode: must be "real" or "training".');
export type AppModeName = z.infer<typeof appModeSchema>;

export const modeViewSchema = z.object({
  mode: appModeSchema,
  /** Switching needs the staff PIN (an IT policy is present and the app has a PIN). */
  pinNeeded: z.boolean(),
});
export type ModeView = z.infer<typeof modeViewSchema>;

export const modeChannels = {
  get: invokeChannel('mode:get', noRequest, modeViewSchema),
  /** Closes the current mode's services and opens the other's; nothing queued in either is touched.
   *  Errors: 'pinNeeded', 'wrongPin', 'locked', 'modeSwitchUnavailable' (a host that cannot switch). */
  set: invokeChannel(
    'mode:set',
    z.object({
      mode: appModeSchema,
      pin: z.string('Staff PIN: enter the PIN.').max(64, 'Staff PIN: at most 64 characters.').optional(),
    }),
    modeViewSchema,
  ),
};
