// Which page may talk to main, and where our window may go. Pure functions (no electron import) so they are
// tested under Node with a list of hostile URLs.
import { pathToFileURL } from 'node:url';

/**
 * An allowed origin is either a scheme://host[:port] origin ('http://localhost:5173', 'app://booster') or a
 * file URL folder ('file:///opt/Booster Capture/resources/app.asar/out/renderer/') for the packaged build.
 */
export type AllowedOrigin = string;

export function isTrustedSenderUrl(url: string, allowedOrigins: readonly AllowedOrigin[]): boolean {
  const parsed = parseUrl(url);
  if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
  return allowedOrigins.some((allowed) => matchesAllowed(parsed, allowed));
}

export type NavigationDecision = 'allow' | 'openExternally' | 'deny';

/**
 * Our window only ever shows our own pages. A plain https link a person clicked opens in their browser;
 * everything else (other schemes, http, credentials in the URL) is refused.
 */
export function decideNavigation(url: string, allowedOrigins: readonly AllowedOrigin[]): NavigationDecision {
  if (isTrustedSenderUrl(url, allowedOrigins)) return 'allow';
  const parsed = parseUrl(url);
  if (parsed && parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '') {
    return 'openExternally';
  }
  return 'deny';
}

/** The origin entry for a renderer folder served from disk. */
export function fileOriginFor(directory: string): AllowedOrigin {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function matchesAllowed(candidate: URL, allowed: AllowedOrigin): boolean {
  const allowedUrl = parseUrl(allowed);
  if (!allowedUrl || candidate.protocol !== allowedUrl.protocol) return false;
  if (candidate.protocol === 'file:') {
    // A host in a file URL is a network share (UNC path on Windows): never ours.
    if (candidate.host !== '' || allowedUrl.host !== '') return false;
    const folder = allowedUrl.pathname.endsWith('/') ? allowedUrl.pathname : `${allowedUrl.pathname}/`;
    // The URL parser has already resolved '..' and '%2e%2e' segments; encoded slashes would hide one.
    return candidate.pathname.startsWith(folder) && !/%2f|%5c/i.test(candidate.pathname);
  }
  if (!['http:', 'https:', 'app:'].includes(candidate.protocol)) return false;
  // Compared by hand: non-special schemes such as app: have an opaque ('null') URL.origin.
  return candidate.host !== '' && candidate.host === allowedUrl.host;
}

function parseUrl(url: string): URL | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
