// Runs in the browser page served by the web host: `window.booster` over HTTP (fetch) and Server-Sent Events,
// built by the same createBoosterBridge as Electron's preload, so answers and pushes get the same checks.
// Served as /booster-bridge.js, a module script placed before the app's own (see server.ts). Every request
// carries this launch's token, read from the page's meta tag (why a header: launch-token.ts).
import { createBoosterBridge, type BridgeTransport } from '../../shared/ipc/create-bridge';
import { launchTokenHeader, launchTokenMetaName } from './launch-token-names';
import { createSseParser } from './sse-parser';

const eventsUrl = '/ipc/events';
// EventSource's habit, until the server says otherwise with `retry:`.
const defaultRetryMs = 2000;

interface TokenMeta {
  getAttribute(name: string): string | null;
  remove(): void;
}

/** Read once, then removed from the page: later scripts find no token to copy (they have window.booster). */
function takeLaunchToken(): string {
  const { document } = globalThis as unknown as {
    document: { querySelector(selector: string): TokenMeta | null };
  };
  const meta = document.querySelector(`meta[name="${launchTokenMetaName}"]`);
  const token = meta?.getAttribute('content') ?? '';
  meta?.remove();
  return token;
}

/**
 * The sync:changed stream, read with fetch so that it can carry the token header. Reconnects after a drop as
 * EventSource would, except after a 403: the page is from an earlier launch of the host and must be reloaded.
 */
function openEventStream(token: string, onEvent: (event: string, data: string) => void): () => void {
  const abort = new AbortController();
  let retryMs = defaultRetryMs;
  const parser = createSseParser({
    onEvent: ({ event, data }) => onEvent(event, data),
    onRetry: (ms) => (retryMs = ms),
  });

  const readOnce = async (): Promise<'again' | 'stop'> => {
    const response = await fetch(eventsUrl, {
      headers: { accept: 'text/event-stream', [launchTokenHeader]: token },
      credentials: 'same-origin',
      signal: abort.signal,
    });
    if (response.status === 403) {
      console.warn('Booster Capture: the web host refused this page (it has restarted?): reload the page.');
      return 'stop';
    }
    if (!response.ok || !response.body) return 'again';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'again';
      parser.push(decoder.decode(value, { stream: true }));
    }
  };

  void (async () => {
    while (!abort.signal.aborted) {
      const outcome = await readOnce().catch(() => 'again' as const);
      if (outcome === 'stop' || abort.signal.aborted) return;
      // A frame cut by the drop must not run into the next connection's first one.
      parser.push('\n\n');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  })();
  return () => abort.abort();
}

function createHttpTransport(token: string): BridgeTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let closeStream: (() => void) | undefined;

  const deliver = (channel: string, data: string) => {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  };

  return {
    async invoke(channel, request) {
      const response = await fetch(`/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [launchTokenHeader]: token },
        body: request === undefined ? '' : JSON.stringify(request),
        credentials: 'same-origin',
      });
      // Every answer, refusals included, is an IpcResult body; createBoosterBridge checks its shape.
      return (await response.json()) as unknown;
    },
    subscribe(channel, listener) {
      // Each subscription is its own entry, so the same function subscribed twice is called twice.
      const entry = (payload: unknown) => listener(payload);
      const channelListeners = listeners.get(channel) ?? new Set();
      listeners.set(channel, channelListeners.add(entry));
      closeStream ??= openEventStream(token, deliver);
      return () => {
        channelListeners.delete(entry);
        if (channelListeners.size === 0) listeners.delete(channel);
        if (listeners.size === 0) {
          closeStream?.();
          closeStream = undefined;
        }
      };
    },
  };
}

const booster = createBoosterBridge(createHttpTransport(takeLaunchToken()), {
  unreachableMessage:
    'The Booster Capture web host is not answering. Check that `npm run dev:web` is still running.',
  onContractViolation(channel, issues) {
    console.warn(`Booster Capture: the web host sent data outside the IPC contract on ${channel}`, issues);
  },
});

// Like contextBridge: a fixed, frozen property the page cannot replace.
for (const value of Object.values(booster)) if (typeof value === 'object') Object.freeze(value);
Object.defineProperty(globalThis, 'booster', {
  value: Object.freeze(booster),
  writable: false,
  configurable: false,
  enumerable: true,
});
