// Builds `window.booster` from the IPC contract over any transport: Electron IPC in the preload, HTTP + SSE in
// the web host. No electron import here, so both hosts share exactly this code — and its checks: only our
// channel prefixes, every answer and every push validated once against the contract before the page sees it
// (the page trusts what it gets), and a failed crossing answered as an IpcError, never thrown.
import type { z } from 'zod';
import {
  channelPrefixes,
  ipcContract,
  ipcEvents,
  ipcResultSchema,
  transportErrorCodes,
  type BoosterBridge,
  type DomainClient,
  type InvokeChannel,
  type InvokeDomain,
  type IpcContract,
  type IpcResult,
  type SyncChanged,
} from './index';

/** What a host provides: send a request on a channel, and listen to pushes on one. */
export interface BridgeTransport {
  invoke(channel: string, request: unknown): Promise<unknown>;
  /** Calls `listener` with each push's payload only (never a transport event object); returns an unsubscribe. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

export interface BridgeOptions {
  /** Told when main answered or pushed something outside the contract (the page gets an error or nothing). */
  onContractViolation?(channel: string, issues: readonly z.core.$ZodIssue[]): void;
  /** For a person, when the transport itself failed (main gone, web host stopped). */
  unreachableMessage?: string;
}

export class ForeignChannelError extends Error {
  readonly code = 'foreignChannel';
  override readonly name = 'ForeignChannelError';
  constructor(readonly channel: string) {
    super(`Channel "${channel}" is outside Booster Capture's IPC prefixes.`);
  }
}

const defaultUnreachableMessage =
  'Booster Capture could not reach its background process. Restart the app; your saved clients are safe.';

export function isOwnChannel(channel: string): boolean {
  return channelPrefixes.some((prefix) => channel.startsWith(prefix) && channel.length > prefix.length);
}

function assertOwnChannel(channel: string): void {
  if (!isOwnChannel(channel)) throw new ForeignChannelError(channel);
}

export function createBoosterBridge(transport: BridgeTransport, options: BridgeOptions = {}): BoosterBridge {
  const clients = Object.fromEntries(
    Object.entries(ipcContract).map(([domainName, domain]) => [
      domainName,
      createDomainClient(domain, transport, options),
    ]),
  ) as { [D in keyof IpcContract]: DomainClient<IpcContract[D]> };

  const syncChanged = ipcEvents.changed;
  assertOwnChannel(syncChanged.channel);

  const booster = {
    ...clients,
    onSyncChanged(listener: (event: SyncChanged) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onSyncChanged needs a listener function');
      let subscribed = true;
      const unsubscribe = transport.subscribe(syncChanged.channel, (payload) => {
        if (!subscribed) return;
        const parsed = syncChanged.payload.safeParse(payload);
        if (!parsed.success) {
          options.onContractViolation?.(syncChanged.channel, parsed.error.issues);
          return;
        }
        listener(parsed.data);
      });
      return () => {
        if (!subscribed) return;
        subscribed = false;
        unsubscribe();
      };
    },
  } satisfies BoosterBridge;
  return booster;
}

function createDomainClient<D extends InvokeDomain>(
  domain: D,
  transport: BridgeTransport,
  options: BridgeOptions,
): DomainClient<D> {
  const methods = Object.entries(domain).map(([verb, definition]) => {
    assertOwnChannel(definition.channel);
    return [verb, createMethod(definition, transport, options)] as const;
  });
  return Object.fromEntries(methods) as unknown as DomainClient<D>;
}

function createMethod(
  definition: InvokeChannel,
  transport: BridgeTransport,
  options: BridgeOptions,
): (request?: unknown) => Promise<IpcResult<unknown>> {
  const resultSchema = ipcResultSchema(definition.response);
  return async (request?: unknown) => {
    let raw: unknown;
    try {
      raw = await transport.invoke(definition.channel, request);
    } catch {
      return {
        ok: false,
        error: {
          code: transportErrorCodes.unreachable,
          message: options.unreachableMessage ?? defaultUnreachableMessage,
        },
      };
    }
    const parsed = resultSchema.safeParse(raw);
    if (!parsed.success) {
      options.onContractViolation?.(definition.channel, parsed.error.issues);
      return {
        ok: false,
        error: {
          code: transportErrorCodes.invalidResponse,
          message: 'Booster Capture received an unexpected answer from its background process. Try again.',
        },
      };
    }
    return parsed.data as IpcResult<unknown>;
  };
}
