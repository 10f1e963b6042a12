// Which page may talk to main, and where our window may go. Pure functions (no electron import) so they are
// tested under Node with a list of hostile URLs.

/**
 * An allowed origin is a scheme://host[:port] origin: 'app://booster-capture' (the built UI) or the loopback
 * dev server ('http://localhost:5173'). file: URLs are never trusted: 'self' on file:// is the whole disk.
 */
export type AllowedOrigin = string;

export function isTrustedSenderUrl(url: string, allowedOrigins: readonly AllowedOrigin[]): boolean {
  const parsed = parseUrl(url);
  if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
  return allowedOrigins.some((allowed) => matchesAllowed(parsed, allowed));
}

export type NavigationDecision = 'allow' | 'deny';

/**
 * Our window only ever shows our own pages. The UI has no link that leaves it, so nothing is opened outside
 * either (shell.openExternal is never called): should one be added, it gets an allow-list of its own.
 */
export function decideNavigation(url: string, allowedOrigins: readonly AllowedOrigin[]): NavigationDecision {
  return isTrustedSenderUrl(url, allowedOrigins) ? 'allow' : 'deny';
}

function matchesAllowed(candidate: URL, allowed: AllowedOrigin): boolean {
  const allowedUrl = parseUrl(allowed);
  if (!allowedUrl || candidate.protocol !== allowedUrl.protocol) return false;
  if (!['http:', 'https:', 'app:'].includes(candidate.protocol)) return false;
  // Compared by hand: non-special schemes such as app: have an opaque ('null') URL.origin in Node.
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
