// The whole IPC contract, and the one object the preload exposes as `window.booster`.
import type { DomainClient, DomainHandlers } from './contract';
import { appChannels } from './app';
import { authChannels } from './auth';
import { consentChannels } from './consent';
import { draftsChannels } from './drafts';
import { lockChannels } from './lock';
import { modeChannels } from './mode';
import { operationsChannels } from './operations';
import { outboxChannels } from './outbox';
import { policyChannels } from './policy';
import { syncChannels, syncEvents, type SyncChanged } from './sync';

export * from './contract';
export * from './app';
export * from './auth';
export * from './consent';
export * from './drafts';
export * from './lock';
export * from './mode';
export * from './operations';
export * from './outbox';
export * from './policy';
export * from './sync';

export const ipcContract = {
  outbox: outboxChannels,
  sync: syncChannels,
  auth: authChannels,
  drafts: draftsChannels,
  lock: lockChannels,
  policy: policyChannels,
  operations: operationsChannels,
  mode: modeChannels,
  app: appChannels,
  consent: consentChannels,
} as const;

export const ipcEvents = syncEvents;

export type IpcContract = typeof ipcContract;

/** Every invoke channel, flat: what a transport (Electron IPC or the web host) routes by name. */
export const allInvokeChannels = Object.values(ipcContract).flatMap((domain) => Object.values(domain));

/** The API the preload exposes (and the web host's transport mimics). */
export type BoosterBridge = { [D in keyof IpcContract]: DomainClient<IpcContract[D]> } & {
  /** Status pushes; returns an unsubscribe function. */
  onSyncChanged(listener: (event: SyncChanged) => void): () => void;
};

/** What the main process implements behind the bridge. */
export type BoosterHandlers = { [D in keyof IpcContract]: DomainHandlers<IpcContract[D]> };

/** Channel names must stay within our prefixes; the preload refuses anything else. */
export const channelPrefixes = [
  'outbox:',
  'sync:',
  'auth:',
  'drafts:',
  'lock:',
  'policy:',
  'operations:',
  'mode:',
  'app:',
  'consent:',
] as const;
