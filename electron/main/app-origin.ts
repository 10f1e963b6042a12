// The UI's own origin, app://booster-capture, and every decision about what it serves. Pure (no electron
// import): the protocol handler in app-protocol.ts and the end-to-end test's HTTP server call exactly these.
// The host never changes: IndexedDB (the drafts) belongs to the origin, so a new one would orphan every draft.
import nodePath from 'node:path';

export const appScheme = 'app';
export const appHost = 'booster-capture';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

export type AppRequestDecision =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405 | 414 };

/** What Vite emits for the renderer (and a few formats an asset might take). Anything else is refused. */
const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(fileName: string): string | undefined {
  const extension = nodePath.posix.extname(fileName).toLowerCase();
  return Object.hasOwn(contentTypes, extension) ? contentTypes[extension] : undefined;
}

const maxUrlLength = 2048;
// A '.' or '..' segment, plain or percent-encoded, between slashes or backslashes. The URL parser would
// resolve it silently; a request that tries one is refused outright instead.
const dotSegment = /(?:^|[/\\])(?:\.|%2e){1,2}(?:[/\\?#]|$)/i;
// Separators and what Windows gives a meaning in a file name (drive letters, alternate data streams,
// wildcards, device paths); control characters are checked apart (hasControlCharacter).
const forbiddenInSegment = /[/\\:*?"<>|]/;
// Windows opens a device for these names whatever the folder or extension.
const windowsDeviceName = /^(?:con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(?:\..*)?$/i;

export interface ResolveOptions {
  /** node:path by default; tests pass path.win32 to check Windows paths on any machine. */
  pathModule?: typeof nodePath.posix;
}

/**
 * Maps an app:// URL onto a file inside `rendererRoot`, or refuses it. Only our host, no user, port or dot
 * segment; each path segment is decoded once and must be a plain file name (no separator, NUL, drive letter,
 * hidden file, device name, trailing dot or space). The query and fragment are ignored. '/' is index.html; any
 * other path ending in '/' is a folder, and a folder is never served. Symbolic links are for the caller to
 * check (see isInsideRoot), since that needs the disk.
 */
export function resolveAppRequest(
  url: string,
  rendererRoot: string,
  options: ResolveOptions = {},
): AppRequestDecision {
  const pathModule = options.pathModule ?? nodePath;
  if (typeof url !== 'string') return refused(400);
  if (url.length > maxUrlLength) return refused(414);
  const parsed = parseUrl(url);
  if (!parsed) return refused(400);
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost) return refused(403);
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return refused(403);

  // The parser drops tabs, newlines and leading spaces, and resolves dot segments: judge the text as sent.
  if (!url.startsWith(`${appOrigin}/`) || url.includes(' ') || hasControlCharacter(url)) return refused(400);
  const rawPath = url.slice(appOrigin.length).split(/[?#]/, 1)[0] ?? '';
  if (dotSegment.test(rawPath) || rawPath.includes('\\')) return refused(400);

  const segments = parsed.pathname.split('/').slice(1);
  if (segments.length === 1 && segments[0] === '') segments[0] = 'index.html';
  const names: string[] = [];
  for (const segment of segments) {
    // An empty segment is a folder ('/assets/') or a doubled slash: neither names a file.
    if (segment === '') return refused(404);
    const name = decodeSegment(segment);
    if (name === undefined || forbiddenInSegment.test(name) || hasControlCharacter(name)) return refused(400);
    if (name.startsWith('.') || /[. ]$/.test(name) || windowsDeviceName.test(name)) return refused(404);
    names.push(name);
  }
  const contentType = contentTypeFor(names.at(-1) ?? '');
  if (!contentType) return refused(404);

  const root = pathModule.resolve(rendererRoot);
  const file = pathModule.join(root, ...names);
  if (!isInsideRoot(file, root, pathModule)) return refused(404);
  return { kind: 'file', path: file, contentType };
}

/** True when `candidate` is strictly inside `root` (both absolute). Also applied after realpath by the caller. */
export function isInsideRoot(
  candidate: string,
  root: string,
  pathModule: typeof nodePath.posix = nodePath,
): boolean {
  const relative = pathModule.relative(pathModule.resolve(root), pathModule.resolve(candidate));
  return (
    relative !== '' &&
    !pathModule.isAbsolute(relative) &&
    relative.split(pathModule.sep).every((part) => part !== '..')
  );
}

/** Only reads: a page has no reason to POST to its own files. */
export function isAllowedAppMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/**
 * The UI's policy, sent as a response header (a <meta> cannot carry frame-ancestors, and comes too late for
 * what the page parses before it). No 'unsafe-inline': styles come from files; Svelte's style: directives
 * set element.style through the CSSOM, which CSP does not govern.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers for every answer of the app scheme, files and refusals alike. */
export function appResponseHeaders(contentType?: string): Record<string, string> {
  return {
    ...(contentType ? { 'content-type': contentType } : {}),
    'content-security-policy': contentSecurityPolicy(),
    // A file is what its extension says, never what its bytes look like.
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()',
    // The files change with each release; the disk is fast, so never serve a stale copy.
    'cache-control': 'no-cache',
  };
}

function refused(status: 400 | 403 | 404 | 405 | 414): AppRequestDecision {
  return { kind: 'refused', status };
}

/** NUL and the other C0 controls, and DEL. */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
