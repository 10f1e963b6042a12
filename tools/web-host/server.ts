// The web host's HTTP server: the built renderer as static files, the IPC contract as `POST /ipc/<channel>`
// (through the same dispatcher Electron's IPC uses), and sync:changed pushes as Server-Sent Events.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { IpcResult } from '../../shared/ipc';
import type { IpcDispatcher } from '../../electron/main/core/ipc-dispatch';
import {
  checkIpcContentType,
  decodeIpcBody,
  maxDrainedBodyBytes,
  maxIpcBodyBytes,
  tooLargeBody,
  type BodyRefusal,
} from './ipc-body';
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
    // Read (within the limits) before refusing anything, so that the client reads the answer, not a reset.
    const body = await readBody(request);
    if (body.kind === 'aborted') return;
    if (body.kind === 'tooLarge') {
      sendRefusal(request, response, tooLargeBody(), { close: !body.drained });
      return;
    }
    const decision = checkIpcContentType(request.headers['content-type']) ?? decodeIpcBody(body.bytes);
    if (!decision.ok) {
      sendRefusal(request, response, decision, { close: false });
      return;
    }
    sendJson(response, 200, await options.dispatcher(channel, decision.value));
  }

  function sendRefusal(
    request: IncomingMessage,
    response: ServerResponse,
    refusal: BodyRefusal,
    { close }: { close: boolean },
  ): void {
    options.logger.warn('Web host refused an IPC request', { status: refusal.status, url: request.url });
    sendJson(
      response,
      refusal.status,
      transportError('invalidRequest', refusal.message),
      close ? { connection: 'close' } : {},
    );
    // An unread body must not stay on the connection (nor keep the socket open): drop it once answered.
    if (close) response.once('finish', () => request.destroy());
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

function sendJson(
  response: ServerResponse,
  status: number,
  body: IpcResult<unknown>,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...securityHeaders,
    ...headers,
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

type BodyRead =
  { kind: 'complete'; bytes: Buffer } | { kind: 'tooLarge'; drained: boolean } | { kind: 'aborted' };

/**
 * Keeps at most maxIpcBodyBytes in memory. A larger body is read on and discarded up to maxDrainedBodyBytes,
 * so that the client, still sending, reads the 413 instead of a reset; beyond that (or when the declared
 * Content-Length is beyond it) reading stops and the connection is closed after the answer.
 */
function readBody(request: IncomingMessage): Promise<BodyRead> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > maxDrainedBodyBytes) {
    request.pause();
    return Promise.resolve({ kind: 'tooLarge', drained: false });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (read: BodyRead) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      resolve(read);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxIpcBodyBytes) chunks.push(chunk);
      else if (size > maxDrainedBodyBytes) {
        request.pause();
        finish({ kind: 'tooLarge', drained: false });
      }
    };
    const onEnd = () =>
      finish(
        size > maxIpcBodyBytes
          ? { kind: 'tooLarge', drained: true }
          : { kind: 'complete', bytes: Buffer.concat(chunks, size) },
      );
    // The client went away before the end: there is nobody to answer.
    const onClose = () => finish({ kind: 'aborted' });
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('close', onClose);
  });
}
