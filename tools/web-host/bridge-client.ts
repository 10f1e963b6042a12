// Runs in the browser page served by the web host: `window.booster` over HTTP (fetch) and Server-Sent Events,
// built by the same createBoosterBridge as Electron's preload, so answers and pushes get the same checks.
// Served as /booster-bridge.js, a module script placed before the app's own (see server.ts).
import { createBoosterBridge, type BridgeTransport } from '../../shared/ipc/create-bridge';

const eventsUrl = '/ipc/events';

function createHttpTransport(): BridgeTransport {
  let events: EventSource | undefined;
  let subscribers = 0;

  return {
    async invoke(channel, request) {
      const response = await fetch(`/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: request === undefined ? '' : JSON.stringify(request),
        credentials: 'same-origin',
      });
      // Every answer, refusals included, is an IpcResult body; createBoosterBridge checks its shape.
      return (await response.json()) as unknown;
    },
    subscribe(channel, listener) {
      events ??= new EventSource(eventsUrl);
      subscribers += 1;
      const onMessage = (event: Event) => {
        let payload: unknown;
        try {
          payload = JSON.parse(String((event as MessageEvent).data));
        } catch {
          return;
        }
        listener(payload);
      };
      events.addEventListener(channel, onMessage);
      return () => {
        events?.removeEventListener(channel, onMessage);
        subscribers -= 1;
        if (subscribers === 0) {
          events?.close();
          events = undefined;
        }
      };
    },
  };
}

const booster = createBoosterBridge(createHttpTransport(), {
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
