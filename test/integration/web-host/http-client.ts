// A tiny HTTP client for the web host tests: node:http, because fetch forbids setting Host and Origin.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { launchTokenHeader } from '../../../tools/web-host/launch-token';

/** A started web host (WebHost or WebHostServer): where it listens and this launch's token. */
export interface HostTarget {
  url: string;
  token: string;
}

/** The launch token header, as the bridge sends it. */
export function tokenHeaders(target: HostTarget): Record<string, string> {
  return { [launchTokenHeader]: target.token };
}

export interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

export async function postIpc(target: HostTarget, channel: string, request?: unknown): Promise<RawResponse> {
  return rawRequest(new URL(`/ipc/${encodeURIComponent(channel)}`, target.url).href, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: new URL(target.url).origin,
      ...tokenHeaders(target),
    },
    body: request === undefined ? '' : JSON.stringify(request),
  });
}

/** Opens /ipc/events with the launch token and collects the `event:`/`data:` pairs as they arrive. */
export function openEventStream(target: HostTarget): Promise<{
  events: { event: string; data: unknown }[];
  nextEvent(): Promise<{ event: string; data: unknown }>;
  close(): void;
}> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: unknown }[] = [];
    const waiting: ((event: { event: string; data: unknown }) => void)[] = [];
    let delivered = 0;
    const request = httpRequest(
      new URL('/ipc/events', target.url),
      { headers: { accept: 'text/event-stream', ...tokenHeaders(target) } },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`event stream answered ${response.statusCode}`));
          return;
        }
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (event === undefined || data === undefined) continue;
            const parsed = { event, data: JSON.parse(data) as unknown };
            events.push(parsed);
            const next = waiting.shift();
            if (next) {
              delivered += 1;
              next(parsed);
            }
          }
        });
        resolve({
          events,
          nextEvent: () =>
            new Promise((resolveEvent) => {
              const ready = events[delivered];
              if (ready) {
                delivered += 1;
                resolveEvent(ready);
              } else waiting.push(resolveEvent);
            }),
          close: () => request.destroy(),
        });
      },
    );
    request.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    request.end();
  });
}
