// Authentication as a ServiceStack host does it: an API key (Bearer or X-Api-Key), or the bearer token of a
// credentials session (as `Authorization: Bearer` or the `ss-tok` cookie), refreshed through /access-token.
// Tokens are random and opaque, with an expiry.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from './exchange';

export interface SimulatorUser {
  userName: string;
  password: string;
}

export interface IssuedSession {
  sessionId: string;
  userName: string;
  bearerToken: string;
  refreshToken: string;
}

export type TokenState = 'valid' | 'expired' | 'unknown';

export type AuthOutcome =
  | { kind: 'authorized'; via: 'api-key'; token: null }
  | { kind: 'authorized'; via: 'token'; token: string; userName: string }
  | { kind: 'expired'; token: string }
  | { kind: 'unauthorized' };

interface TokenEntry {
  userName: string;
  expiresAt: number;
}

export class TokenRegistry {
  private readonly accessTokens = new Map<string, TokenEntry>();
  private readonly refreshTokens = new Map<string, TokenEntry>();

  constructor(private readonly now: () => number) {}

  issueSession(userName: string, accessLifetimeMs: number, refreshLifetimeMs: number): IssuedSession {
    const bearerToken = newToken();
    const refreshToken = newToken();
    this.accessTokens.set(bearerToken, { userName, expiresAt: this.now() + accessLifetimeMs });
    this.refreshTokens.set(refreshToken, { userName, expiresAt: this.now() + refreshLifetimeMs });
    return { sessionId: newToken(16), userName, bearerToken, refreshToken };
  }

  /** A new access token for a live refresh token; the refresh token itself stays as it is. */
  refresh(refreshToken: string, accessLifetimeMs: number): { accessToken: string } | { error: TokenState } {
    const state = this.stateOf(this.refreshTokens, refreshToken);
    if (state !== 'valid') return { error: state };
    const entry = this.refreshTokens.get(refreshToken)!;
    const accessToken = newToken();
    this.accessTokens.set(accessToken, {
      userName: entry.userName,
      expiresAt: this.now() + accessLifetimeMs,
    });
    return { accessToken };
  }

  refreshTokenState(token: string): TokenState {
    return this.stateOf(this.refreshTokens, token);
  }

  accessTokenState(token: string): TokenState {
    return this.stateOf(this.accessTokens, token);
  }

  /** Whose access token this is (whatever its state). */
  accessTokenUser(token: string): string | undefined {
    return this.accessTokens.get(token)?.userName;
  }

  /** Forced expiry: every token issued so far is expired from now on. */
  expireAll(alsoRefreshTokens: boolean): void {
    const now = this.now();
    for (const entry of this.accessTokens.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
    if (!alsoRefreshTokens) return;
    for (const entry of this.refreshTokens.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
  }

  private stateOf(map: Map<string, TokenEntry>, token: string): TokenState {
    const entry = map.get(token);
    if (!entry) return 'unknown';
    return entry.expiresAt > this.now() ? 'valid' : 'expired';
  }
}

/** The credential a request presents: a Bearer token (or else an `ss-tok` cookie) and/or an X-Api-Key header. */
export function presentedCredentials(headers: IncomingHttpHeaders): {
  bearer: string | null;
  apiKey: string | null;
} {
  const authorization = headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return {
    bearer: match?.[1] ?? requestCookie(headers, 'ss-tok'),
    apiKey: headerValue(headers, 'x-api-key'),
  };
}

/** A cookie the request carries, by name; null when absent or empty. */
export function requestCookie(headers: IncomingHttpHeaders, name: string): string | null {
  for (const pair of (headers.cookie ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals > 0 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim() || null;
  }
  return null;
}

export function authenticate(
  headers: IncomingHttpHeaders,
  apiKey: string,
  tokens: TokenRegistry,
): AuthOutcome {
  const presented = presentedCredentials(headers);
  if (presented.apiKey === apiKey) return { kind: 'authorized', via: 'api-key', token: null };
  if (presented.bearer === null) return { kind: 'unauthorized' };
  if (presented.bearer === apiKey) return { kind: 'authorized', via: 'api-key', token: null };
  const state = tokens.accessTokenState(presented.bearer);
  if (state === 'valid') {
    const userName = tokens.accessTokenUser(presented.bearer)!;
    return { kind: 'authorized', via: 'token', token: presented.bearer, userName };
  }
  if (state === 'expired') return { kind: 'expired', token: presented.bearer };
  return { kind: 'unauthorized' };
}

export function findUser(
  users: readonly SimulatorUser[],
  userName: string,
  password: string,
): SimulatorUser | null {
  const user = users.find((candidate) => candidate.userName.toLowerCase() === userName.toLowerCase());
  return user && user.password === password ? user : null;
}

function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
