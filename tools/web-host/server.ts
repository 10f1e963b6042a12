// The web host's HTTP server: the built renderer as static files, the IPC contract as `POST /ipc/<channel>`
// (through the same dispatcher Electron's IPC uses), and sync:changed pushes as Server-Sent Events.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { IpcResult } from '../../shared/ipc';
import type { IpcDispatcher } from '../../electron/main/core/ipc-dispatch';
import { checkRequest } from './request-guard';
import { createSseHub } from './sse-hub';
import {
  bridgeScriptPath,
  injectBridgeScript,
  isPageRoute,
  mimeTypeFor,
  resolveStaticPath,
} from './static-files';

export interface WebHostServerOptions {
  dispatcher: IpcDispatcher;
  /** Subscribes the SSE hub to the services' sync:changed pushes; returns an unsubscribe. */
  subscribeSyncChanged(listener: (payload: unknown) => void): () => void;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** The bundled bridge client, served at /booster-bridge.js. */
  bridgeScript: string;
  /** 0 picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  logger: {
    warn(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
  };
}

export interface WebHostServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
const ipcPrefix = '/ipc/';
const eventsPath = '/ipc/events';

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

export async function startWebHostServer(options: WebHostServerOptions): Promise<WebHostServer> {
  const hub = createSseHub({ logger: options.logger });
  const unsubscribe = options.subscribeSyncChanged((payload) => hub.publish(payload));
  let port = 0;

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger.error('Web host request failed', { url: request.url, error });
      if (!response.headersSent)
        sendJson(response, 500, transportError('internal', 'The web host failed. Check its log.'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const verdict = checkRequest(
      {
        host: request.headers.host,
        origin: request.headers.origin,
        secFetchSite: headerValue(request.headers['sec-fetch-site']),
      },
      port,
    );
    if (!verdict.allowed) {
      options.logger.warn('Web host refused a request', { reason: verdict.reason, url: request.url });
      sendJson(
        response,
        403,
        transportError('forbidden', 'Only Booster Capture pages served by this host may use it.'),
      );
      return;
    }

    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (pathname === eventsPath) {
      if (request.method !== 'GET') return sendMethodNotAllowed(response, 'GET');
      hub.attach(response);
      return;
    }
    if (pathname.startsWith(ipcPrefix)) {
      if (request.method !== 'POST') return sendMethodNotAllowed(response, 'POST');
      await handleIpc(pathname.slice(ipcPrefix.length), request, response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendMethodNotAllowed(response, 'GET, HEAD');
    if (pathname === bridgeScriptPath) {
      sendBody(response, request, 200, mimeTypeFor('bridge.js'), options.bridgeScript, {
        'cache-control': 'no-store',
      });
      return;
    }
    await serveStatic(pathname, request, response);
  }

  async function handleIpc(encodedChannel: string, request: IncomingMessage, response: ServerResponse) {
    let channel: string;
    try {
      channel = decodeURIComponent(encodedChannel);
    } catch {
      sendJson(response, 404, transportError('unknownChannel', 'There is no IPC channel with that name.'));
      return;
    }
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? 'application/json')) {
      sendJson(response, 415, transportError('invalidRequest', 'IPC requests must be JSON.'));
      return;
    }
    const body = await readBody(request);
    if (body === 'tooLarge') {
      sendJson(response, 413, transportError('invalidRequest', 'The request is too large.'));
      return;
    }
    let requestValue: unknown;
    if (body.trim() !== '') {
      try {
        requestValue = JSON.parse(body);
      } catch {
        sendJson(response, 400, transportError('invalidRequest', 'The request body is not valid JSON.'));
        return;
      }
    }
    sendJson(response, 200, await options.dispatcher(channel, requestValue));
  }

  async function serveStatic(pathname: string, request: IncomingMessage, response: ServerResponse) {
    const target = resolveStaticPath(options.rendererDir, pathname);
    if (target.kind === 'file') {
      const content = await readFileIfExists(target.file);
      if (content) {
        sendBody(response, request, 200, mimeTypeFor(target.file), content, {
          // Vite's hashed assets never change; everything else is revalidated.
          'cache-control': pathname.startsWith('/assets/')
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        });
        return;
      }
      if (!isPageRoute(pathname)) return sendNotFound(response);
    } else if (target.kind === 'notFound') {
      return sendNotFound(response);
    }
    const index = await readFileIfExists(path.join(options.rendererDir, 'index.html'));
    if (!index) {
      sendBody(response, request, 503, 'text/plain; charset=utf-8', 'The renderer has not been built.', {});
      return;
    }
    sendBody(response, request, 200, mimeTypeFor('index.html'), injectBridgeScript(index.toString('utf8')), {
      'cache-control': 'no-store',
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: async () => {
      unsubscribe();
      hub.closeAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function transportError(code: string, message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(response: ServerResponse, status: number, body: IpcResult<unknown>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...securityHeaders,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

function sendBody(
  response: ServerResponse,
  request: IncomingMessage,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string>,
): void {
  response.writeHead(status, {
    ...securityHeaders,
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function sendNotFound(response: ServerResponse): void {
  response.writeHead(404, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' });
  response.end('Not found');
}

function sendMethodNotAllowed(response: ServerResponse, allow: string): void {
  response.writeHead(405, { ...securityHeaders, allow, 'content-type': 'text/plain; charset=utf-8' });
  response.end('Method not allowed');
}

async function readFileIfExists(file: string): Promise<Buffer | undefined> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? await fs.readFile(file) : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<string | 'tooLarge'> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large: leaving the stream early would destroy the socket before the 413.
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= maxBodyBytes) chunks.push(buffer);
  }
  return size > maxBodyBytes ? 'tooLarge' : Buffer.concat(chunks).toString('utf8');
}
