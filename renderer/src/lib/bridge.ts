// The renderer's only door to main. Every answer and push is checked against the IPC contract, and a broken or
// missing bridge becomes an IpcError instead of an exception, so screens handle one shape of failure.
import {
  ipcContract,
  ipcResultSchema,
  syncChangedSchema,
  type BoosterBridge,
  type DomainClient,
  type InvokeDomain,
  type IpcError,
  type IpcResult,
} from '../../../shared/ipc';

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

function failure(code: string, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

function guardDomain<D extends InvokeDomain>(raw: DomainClient<D> | undefined, domain: D): DomainClient<D> {
  const guarded: Record<string, AnyMethod> = {};
  for (const [name, channel] of Object.entries(domain)) {
    const answerSchema = ipcResultSchema(channel.response);
    guarded[name] = async (...args: unknown[]): Promise<IpcResult<unknown>> => {
      const method = (raw as Record<string, AnyMethod> | undefined)?.[name];
      if (!method)
        return failure(
          'bridgeUnavailable',
          `The app cannot reach its background service (${channel.channel}).`,
        );
      try {
        const parsed = answerSchema.safeParse(await method(...args));
        if (parsed.success) return parsed.data as IpcResult<unknown>;
        return failure(
          'invalidAnswer',
          `The background service gave an unexpected answer to ${channel.channel}.`,
        );
      } catch (error) {
        return failure('bridgeFailed', error instanceof Error ? error.message : String(error));
      }
    };
  }
  return guarded as DomainClient<D>;
}

/** Wrap a raw bridge (the preload's, the web host's, or a test fake) so every call follows the contract. */
export function guardBridge(raw: BoosterBridge | undefined): BoosterBridge {
  return {
    outbox: guardDomain(raw?.outbox, ipcContract.outbox),
    sync: guardDomain(raw?.sync, ipcContract.sync),
    auth: guardDomain(raw?.auth, ipcContract.auth),
    onSyncChanged(listener) {
      if (!raw) return () => {};
      return raw.onSyncChanged((event) => {
        const parsed = syncChangedSchema.safeParse(event);
        // A malformed push is dropped; the next status call resynchronises.
        if (parsed.success) listener(parsed.data);
      });
    },
  };
}

let current: BoosterBridge | undefined;

/** The bridge in use: window.booster unless a test installed its own with `useBridge`. */
export function bridge(): BoosterBridge {
  current ??= guardBridge(typeof window === 'undefined' ? undefined : window.booster);
  return current;
}

export function useBridge(raw: BoosterBridge | undefined): void {
  current = raw === undefined ? undefined : guardBridge(raw);
}
