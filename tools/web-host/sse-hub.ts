// Server-Sent Events to the open pages: each sync:changed push is validated against the contract (as the
// Electron publisher does) and written to every connected stream.
import type { ServerResponse } from 'node:http';
import { ipcEvents } from '../../shared/ipc';

export interface SseHub {
  attach(response: ServerResponse): void;
  publish(payload: unknown): void;
  closeAll(): void;
  readonly size: number;
}

export function createSseHub(options: {
  logger: { error(message: string, fields?: Record<string, unknown>): void };
  heartbeatMs?: number;
}): SseHub {
  const streams = new Set<ServerResponse>();
  const event = ipcEvents.changed;

  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, options.heartbeatMs ?? 20_000);
  heartbeat.unref();

  return {
    get size() {
      return streams.size;
    },
    attach(response) {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      // The browser reconnects after 2 s if the stream drops; the page then asks for the status again.
      response.write('retry: 2000\n: connected\n\n');
      streams.add(response);
      response.on('close', () => streams.delete(response));
    },
    publish(payload) {
      const parsed = event.payload.safeParse(payload);
      if (!parsed.success) {
        options.logger.error('Dropped a sync:changed push outside the IPC contract', {
          issues: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`),
        });
        return;
      }
      const frame = `event: ${event.channel}\ndata: ${JSON.stringify(parsed.data)}\n\n`;
      for (const stream of streams) stream.write(frame);
    },
    closeAll() {
      clearInterval(heartbeat);
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}
