// The web host's HTTP server is Vite's dev server: Vite serves the renderer (MIME types, the single-page
// fallback, hot reload) and this plugin adds what Electron's preload and IPC give the app: the bridge script
// before the app's own, the IPC contract as `POST /ipc/<channel>` through the same dispatcher Electron's IPC
// uses, sync:changed pushes as Server-Sent Events, and a guard that lets only pages this host served use it:
// the Host / Origin checks on every request, and the per-launch token (launch-token.ts) on every /ipc/* one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Connect, type Plugin } from 'vite';
import type { IpcResult } from '../../shared/ipc';
import type { IpcDispatcher } from '../../electron/main/core/ipc-dispatch';
import { rendererViteConfig } from '../../renderer/vite.config';
import {
  checkIpcContentType,
  decodeIpcBody,
  maxDrainedBodyBytes,
  ipcBodyLimitFor,
  tooLargeBody,
  type BodyRefusal,
} from './ipc-body';
import { checkLaunchToken, createLaunchToken, launchTokenHeader, launchTokenMetaName } from './launch-token';
import { checkRequest } from './request-guard';
import { createSseHub, type SseHub } from './sse-hub';

export interface WebHostServerOptions {
  dispatcher: IpcDispatcher;
  /** Subscribes the SSE hub to the services' sync:changed pushes; returns an unsubscribe. */
  subscribeSyncChanged(listener: (payload: unknown) => void): () => void;
  /** The folder holding the page's index.html: the renderer's sources unless a test serves a stand-in. */
  rendererDir?: string | undefined;
  /** Reload the page when a source changes (npm run dev:web); tests keep the page still. */
  hotReload?: boolean;
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  logger: {
    warn(message: string, fields?: Record<string, unknown>): void;
    error(message: string, fields?: Record<string, unknown>): void;
  };
}

export interface WebHostServer {
  url: string;
  port: number;
  /** This launch's token, which the served page carries; tools calling /ipc/* send it as X-Booster-Token. */
  token: string;
  close(): Promise<void>;
}

export const bridgeScriptPath = '/booster-bridge.js';
const bridgeClientFile = fileURLToPath(new URL('./bridge-client.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
// What the page imports from outside its folder: the contract, the bridge, packages (and Vite's cache of them).
const importedFolders = ['shared', 'tools/web-host', 'node_modules'].map((folder) =>
  path.join(projectRoot, folder),
);
const ipcPrefix = '/ipc/';
const eventsPath = '/ipc/events';

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
};

export async function startWebHostServer(options: WebHostServerOptions): Promise<WebHostServer> {
  const root = options.rendererDir ?? rendererViteConfig.root;
  const token = createLaunchToken();
  const standIn = options.rendererDir !== undefined;
  const hub = createSseHub({ logger: options.logger });
  const unsubscribe = options.subscribeSyncChanged((payload) => hub.publish(payload));
  const stopPushes = () => {
    unsubscribe();
    hub.closeAll();
  };
  const server = await createServer({
    ...rendererViteConfig,
    configFile: false,
    root,
    base: '/',
    appType: 'spa',
    logLevel: 'warn',
    clearScreen: false,
    // A stand-in page (outside the project, where svelte does not resolve) needs only the host's plugin.
    plugins: [...(standIn ? [] : rendererViteConfig.plugins), webHostPlugin(options, hub, token)],
    // The app's packages are pre-bundled, the bridge's crawled with them so that no late discovery reloads
    // the page. A stand-in needs none (the bridge imports only ES modules), so nothing is written in its folder.
    optimizeDeps: standIn
      ? { noDiscovery: true, include: [] }
      : { entries: ['index.html', bridgeClientFile] },
    server: {
      host: '127.0.0.1',
      port: options.port ?? 0,
      strictPort: true,
      // Our own guard decides who may call (see request-guard.ts); Vite's looser checks would answer first.
      cors: false,
      allowedHosts: true,
      // Nothing else of the project (a data folder inside it, say) is served.
      fs: { strict: true, allow: [root, ...importedFolders] },
      hmr: options.hotReload ?? false,
      watch: options.hotReload ? {} : null,
      // The page carries the launch token: never kept in the browser's cache (Vite's default is no-cache).
      headers: { 'cache-control': 'no-store' },
    },
  }).catch((error: unknown) => {
    stopPushes();
    throw error;
  });
  const close = async () => {
    stopPushes();
    await server.close();
  };
  try {
    await server.listen();
  } catch (error) {
    await close();
    throw error;
  }
  const { port } = server.httpServer!.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, port, token, close };
}

function webHostPlugin(options: WebHostServerOptions, hub: SseHub, token: string): Plugin {
  return {
    name: 'booster-web-host',
    resolveId: (id) => (id === bridgeScriptPath ? bridgeClientFile : undefined),
    // 'pre', so that Vite treats the bridge like the app's own module script; module scripts run in order.
    transformIndexHtml: {
      order: 'pre',
      // The token as a meta tag, not an inline script (a strict CSP forbids those) nor in a URL (which ends up
      // in logs and history); the bridge reads it, then removes the tag.
      handler: () => [
        { tag: 'meta', attrs: { name: launchTokenMetaName, content: token }, injectTo: 'head-prepend' },
        { tag: 'script', attrs: { type: 'module', src: bridgeScriptPath }, injectTo: 'head-prepend' },
      ],
    },
    configureServer(server) {
      // Added here, before Vite's own middlewares: every request meets the guard first.
      server.middlewares.use(ipcMiddleware(options, hub, token));
    },
  };
}

function ipcMiddleware(
  options: WebHostServerOptions,
  hub: SseHub,
  token: string,
): Connect.NextHandleFunction {
  return (request, response, next) => {
    handle(request, response, next).catch((error: unknown) => {
      options.logger.error('Web host request failed', { url: request.url, error });
      if (!response.headersSent)
        sendJson(response, 500, transportError('internal', 'The web host failed. Check its log.'));
      else response.destroy();
    });
  };

  async function handle(request: IncomingMessage, response: ServerResponse, next: () => void) {
    const verdict = checkRequest(
      {
        host: request.headers.host,
        origin: request.headers.origin,
        secFetchSite: headerValue(request.headers['sec-fetch-site']),
      },
      request.socket.localPort ?? 0,
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
    if (pathname.startsWith(ipcPrefix)) {
      const tokenVerdict = checkLaunchToken(token, request.headers[launchTokenHeader]);
      if (!tokenVerdict.allowed) {
        // The reason and the path only: never the token presented (it may be ours, sent from a wrong place).
        options.logger.warn('Web host refused a request', { reason: tokenVerdict.reason, url: pathname });
        sendJson(
          response,
          403,
          transportError(
            'forbidden',
            'Only Booster Capture pages served by this host may use it. Reload the page.',
          ),
        );
        return;
      }
    }
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
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    next();
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
    const limit = ipcBodyLimitFor(channel);
    const body = await readBody(request, limit);
    if (body.kind === 'aborted') return;
    if (body.kind === 'tooLarge') {
      sendRefusal(request, response, tooLargeBody(limit), { close: !body.drained });
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

function sendMethodNotAllowed(response: ServerResponse, allow: string): void {
  response.writeHead(405, { ...securityHeaders, allow, 'content-type': 'text/plain; charset=utf-8' });
  response.end('Method not allowed');
}

type BodyRead =
  { kind: 'complete'; bytes: Buffer } | { kind: 'tooLarge'; drained: boolean } | { kind: 'aborted' };

/**
 * Keeps at most `limit` (the channel's, ipc-body.ts) in memory. A larger body is read on and discarded up to maxDrainedBodyBytes,
 * so that the client, still sending, reads the 413 instead of a reset; beyond that (or when the declared
 * Content-Length is beyond it) reading stops and the connection is closed after the answer.
 */
function readBody(request: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  const drainLimit = Math.max(limit, maxDrainedBodyBytes);
  if (declared > drainLimit) {
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
      if (size <= limit) chunks.push(chunk);
      else if (size > drainLimit) {
        request.pause();
        finish({ kind: 'tooLarge', drained: false });
      }
    };
    const onEnd = () =>
      finish(
        size > limit
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
