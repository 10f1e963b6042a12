// Serving the built renderer: safe path resolution, MIME types, the SPA fallback, and the bridge script tag
// inserted into index.html before the app's own script.
import path from 'node:path';

export const bridgeScriptPath = '/booster-bridge.js';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function mimeTypeFor(file: string): string {
  return mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticTarget =
  | { kind: 'file'; file: string }
  /** A page route of the single-page app: answer index.html. */
  | { kind: 'index' }
  | { kind: 'notFound' };

/** Maps a URL path to a file under `root`, never outside it. Pure: whether the file exists is checked later. */
export function resolveStaticPath(root: string, urlPath: string): StaticTarget {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'notFound' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'notFound' };
  if (decoded === '/' || decoded === '/index.html') return { kind: 'index' };
  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, `.${decoded}`);
  if (!file.startsWith(resolvedRoot + path.sep)) return { kind: 'notFound' };
  return { kind: 'file', file };
}

/** A missing path without a file extension is a client-side route; with one, it is a missing asset. */
export function isPageRoute(urlPath: string): boolean {
  return path.posix.extname(urlPath) === '';
}

export function injectBridgeScript(html: string): string {
  const tag = `<script src="${bridgeScriptPath}"></script>`;
  const firstScript = html.search(/<script\b/i);
  if (firstScript !== -1) return `${html.slice(0, firstScript)}${tag}\n    ${html.slice(firstScript)}`;
  const headEnd = html.search(/<\/head>/i);
  if (headEnd !== -1) return `${html.slice(0, headEnd)}${tag}\n${html.slice(headEnd)}`;
  return `${tag}\n${html}`;
}
