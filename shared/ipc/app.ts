// IPC domain `app`: what the page tells main about itself (a draft is open) and the update main downloaded.
// An update is installed only at a quiet moment: no client sending, no draft open (main decides:
// electron/main/core/updates/updatePolicy.ts); the page shows what changed and offers the restart when safe.
import { z } from 'zod';
import { invokeChannel, noRequest } from './contract';

export const updateViewSchema = z.object({
  /** none: nothing to install (or no updater in this host); downloading; ready: downloaded, waits to install. */
  state: z.enum(['none', 'downloading', 'ready']),
  version: z.string().max(100).optional(),
  /** What changed, as plain text (the feed's release notes, markup removed). */
  releaseNotes: z.string().max(10_000).optional(),
  /** Restarting to install is safe now. */
  canInstallNow: z.boolean(),
  /** Why not now: a client is being sent, a draft is open. */
  waitingFor: z.array(z.enum(['sending', 'draftOpen'])).max(2),
});
export type UpdateView = z.infer<typeof updateViewSchema>;

export const appChannels = {
  /** The page has a draft open in the form (or not): an update never restarts the app under it. */
  reportDraftOpen: invokeChannel(
    'app:reportDraftOpen',
    z.object({ open: z.boolean('open: must be true or false.') }),
    updateViewSchema,
  ),
  update: invokeChannel('app:update', noRequest, updateViewSchema),
  /** Restarts to install the downloaded update; error 'updateNotSafe' while a client is sending or a draft
   *  is open, 'noUpdate' when none is ready. */
  installUpdate: invokeChannel('app:installUpdate', noRequest, updateViewSchema),
};
