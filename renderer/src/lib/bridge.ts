// The renderer's only door to main: `window.booster`, put there by the host (Electron's preload, the web
// host's page script). That bridge already checks every answer and push against the IPC contract and turns a
// failed crossing into an IpcError, so the renderer trusts it and handles only its absence.
import type { BoosterBridge } from '../../../shared/ipc';
import { createBoosterBridge } from '../../../shared/ipc/create-bridge';

/** Without a host (a page opened on its own), every call answers 'mainUnreachable' and no push ever comes. */
const noHost = createBoosterBridge({
  invoke: () => Promise.reject(new Error('This page has no window.booster.')),
  subscribe: () => () => undefined,
});

export function bridge(): BoosterBridge {
  return (typeof window === 'undefined' ? undefined : window.booster) ?? noHost;
}
