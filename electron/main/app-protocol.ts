// Serves the renderer folder as app://booster-capture: a standard, secure scheme, so the page has an origin of
// its own (IndexedDB, fetch and CSP 'self' mean this folder and nothing else on the disk). What may be served
// is decided by app-origin.ts; this file only touches the disk and Electron.
import { promises as fs } from 'node:fs';
import type { CustomScheme, Protocol } from 'electron';
import {
  appResponseHeaders,
  appScheme,
  isAllowedAppMethod,
  isInsideRoot,
  resolveAppRequest,
} from './app-origin';

/**
 * standard: a real origin (IndexedDB, relative URLs); secure: a secure context (WebCrypto). No CORS, no
 * service workers, no CSP bypass: the page only loads its own files.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: false,
    bypassCSP: false,
    allowServiceWorkers: false,
    stream: false,
  },
};

/** Must run before the app is ready (Electron throws after), once. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
}

/**
 * Answers app:// requests with files under `rendererRoot`. Reads go through node:fs, which Electron lets into
 * app.asar; the real path must still be inside the root's real path, so a symbolic link cannot lead out.
 */
export function createAppFileHandler(options: {
  rendererRoot: string;
}): (request: Request) => Promise<Response> {
  let realRoot: Promise<string> | undefined;
  return async (request) => {
    if (!isAllowedAppMethod(request.method)) return refusal(405);
    const decision = resolveAppRequest(request.url, options.rendererRoot);
    if (decision.kind === 'refused') return refusal(decision.status);
    try {
      realRoot ??= fs.realpath(options.rendererRoot);
      const [root, real] = await Promise.all([realRoot, fs.realpath(decision.path)]);
      if (!isInsideRoot(real, root)) return refusal(404);
      if (!(await fs.stat(real)).isFile()) return refusal(404);
      const body = request.method === 'HEAD' ? null : await fs.readFile(real);
      return new Response(body, { status: 200, headers: appResponseHeaders(decision.contentType) });
    } catch {
      // Missing, unreadable, or removed while read: nothing more to tell the page.
      realRoot = undefined;
      return refusal(404);
    }
  };
}

export function handleAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  options: { rendererRoot: string },
): void {
  protocol.handle(appScheme, createAppFileHandler(options));
}

function refusal(status: number): Response {
  return new Response(null, { status, headers: appResponseHeaders() });
}
