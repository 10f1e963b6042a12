// The web host's per-launch token: required on every /ipc/* request (the event stream included), handed to the
// page it serves in a <meta> tag and sent back by the bridge as the X-Booster-Token header.
//
// Threat model. The host listens on 127.0.0.1 only, so everything that can reach it runs on this computer:
// - Web pages in the browser (another site, or a DNS-rebinding page whose name resolves to 127.0.0.1) are
//   stopped by request-guard.ts: the Host must be ours and Origin / Sec-Fetch-Site must be our own pages. They
//   cannot read our page either (the same-origin policy), so they never see the token.
// - Local programs that speak HTTP without reading the page first (another app's SSRF, a script POSTing to a
//   well-known port, a tool opening the event stream to watch client names go by) lack the token: 403.
// - A local program that fetches the page with a correct Host header can read the token from it. That is the
//   line we hold: the token raises the bar from "send one request" to "fetch our page as a browser would",
//   which passes the Host/Origin checks first. A program running as this user can read the browser's memory
//   anyway; the Electron app, which has no port at all, is what staff run.
// Why a header and not a cookie: a cookie set on the HTML response is readable by any program that fetches
// the HTML, exactly as the meta tag is, so it is no stronger; and it is weaker in two ways: cookies ignore the
// port (every server on 127.0.0.1, the Booster simulator included, would receive it, and two web hosts would
// overwrite each other's), and the browser attaches it by itself to any request, which is what a forged
// request needs. A header is sent only by code that read the token, so the event stream is read with fetch
// (EventSource cannot set headers), and the meta tag rather than an inline script keeps a strict CSP possible.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export { launchTokenHeader, launchTokenMetaName } from './launch-token-names';

/** 32 bytes from the CSPRNG, base64url: new at every start of the host, never written anywhere. */
export function createLaunchToken(random: (size: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

export type TokenVerdict = { allowed: true } | { allowed: false; reason: 'missing token' | 'wrong token' };

/**
 * Compares in constant time. The length of a token is no secret (every token is 43 characters), so a
 * presented value of another length is refused before timingSafeEqual, which needs equal lengths.
 */
export function checkLaunchToken(expected: string, presented: string | string[] | undefined): TokenVerdict {
  // A header sent twice is refused rather than guessed at.
  if (presented === undefined || presented === '') return { allowed: false, reason: 'missing token' };
  if (Array.isArray(presented)) return { allowed: false, reason: 'wrong token' };
  const expectedBytes = Buffer.from(expected, 'utf8');
  const presentedBytes = Buffer.from(presented, 'utf8');
  if (presentedBytes.length !== expectedBytes.length || !timingSafeEqual(presentedBytes, expectedBytes))
    return { allowed: false, reason: 'wrong token' };
  return { allowed: true };
}
