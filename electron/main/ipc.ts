// Electron IPC wiring: one ipcMain.handle per contract channel, all routed to the shared dispatcher, and
// sync:changed pushes to our windows. Takes its Electron objects as parameters (tested with the stub).
import { allInvokeChannels, ipcEvents, type IpcResult } from '../../shared/ipc';
import type { DispatchLogger, IpcDispatcher } from './core/ipc-dispatch';
import { isTrustedSenderUrl, type AllowedOrigin } from './trusted-url';

/** The parts of Electron's WebFrameMain we look at. */
export interface SenderFrame {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
  readonly parent: SenderFrame | null;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: SenderFrame | null }, request?: unknown) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface WindowLike {
  readonly webContents: {
    readonly mainFrame: SenderFrame;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
  };
  isDestroyed(): boolean;
}

export interface RegisterOptions {
  isTrustedSender(frame: SenderFrame | null): boolean;
  logger?: Pick<DispatchLogger, 'warn'>;
}

const refusedSender: IpcResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This page is not Booster Capture and may not use its data.' },
};

/** Registers every contract channel; returns a function that removes them again. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  dispatcher: IpcDispatcher,
  options: RegisterOptions,
): () => void {
  const channels = allInvokeChannels.map((definition) => definition.channel);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, request) => {
      if (!options.isTrustedSender(event.senderFrame)) {
        options.logger?.warn('Refused an IPC call from an untrusted frame', {
          channel,
          url: event.senderFrame?.url,
        });
        return refusedSender;
      }
      return dispatcher(channel, request);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Only the main frame of one of our windows, showing one of our own pages, may call main. */
export function createTrustedSenderCheck(options: {
  windows(): readonly WindowLike[];
  allowedOrigins(): readonly AllowedOrigin[];
}): (frame: SenderFrame | null) => boolean {
  return (frame) => {
    if (!frame || frame.parent !== null) return false;
    const isOurMainFrame = options
      .windows()
      .some(
        (window) =>
          !window.isDestroyed() &&
          window.webContents.mainFrame.processId === frame.processId &&
          window.webContents.mainFrame.routingId === frame.routingId,
      );
    return isOurMainFrame && isTrustedSenderUrl(frame.url, options.allowedOrigins());
  };
}

/** Validates a sync:changed payload against the contract, then sends it to every live window. */
export function createSyncChangedPublisher(options: {
  windows(): readonly WindowLike[];
  logger?: Pick<DispatchLogger, 'error'>;
}): (payload: unknown) => void {
  const event = ipcEvents.changed;
  return (payload) => {
    const parsed = event.payload.safeParse(payload);
    if (!parsed.success) {
      options.logger?.error('Dropped a sync:changed push outside the IPC contract', {
        issues: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`),
      });
      return;
    }
    for (const window of options.windows()) {
      if (!window.isDestroyed() && !window.webContents.isDestroyed())
        window.webContents.send(event.channel, parsed.data);
    }
  };
}
