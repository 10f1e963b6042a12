// POST /auth/credentials and POST /access-token (and their predefined routes), shaped as ServiceStack's
// AuthenticateResponse and GetAccessTokenResponse, with the tokens in the body or, with tokenDelivery
// 'cookies', only as ss-tok / ss-reftok HttpOnly cookies (ServiceStack 6+ UseTokenCookie). Server faults,
// 403s and lost responses apply here too when a fault lists the 'auth' route; a 403 strikes only once the
// credential or refresh token is verified, before anything is issued. GET /auth answers the current session.
import { createHash } from 'node:crypto';
import { authenticate, findUser, requestCookie } from './auth';
import type { Exchange, FieldError } from './exchange';

export async function handleCredentialsLogin(exchange: Exchange): Promise<void> {
  const { state } = exchange;
  const body = await exchange.readJsonObject('Authenticate');
  if (body === null) return;
  if (exchange.answeredServerFault('auth')) return;

  const errors = [
    notEmpty(body, 'userName', 'UserName', 'User Name'),
    notEmpty(body, 'password', 'Password', 'Password'),
  ];
  const fieldErrors = errors.filter((error): error is FieldError => error !== null);
  if (fieldErrors.length > 0) return exchange.validationErrors(fieldErrors);

  const user = findUser(state.users, body.userName as string, body.password as string);
  if (!user) {
    return exchange.responseStatus(
      401,
      { errorCode: 'Unauthorized', message: 'Invalid Username or Password' },
      'unauthorized',
    );
  }
  if (exchange.answeredForbidden('auth')) return;
  const session = state.tokens.issueSession(
    user.userName,
    state.config.tokenLifetimeMs,
    state.config.refreshTokenLifetimeMs,
  );
  if (exchange.lostResponse('auth')) return;
  const { bearerToken, refreshToken, ...rest } = session;
  const inCookies = state.config.tokenDelivery === 'cookies';
  exchange.json(
    200,
    {
      userId: String(state.users.indexOf(user) + 1),
      displayName: user.userName,
      ...rest,
      ...(inCookies ? {} : { bearerToken, refreshToken }),
      roles: [],
      permissions: [],
    },
    'signed-in',
    inCookies
      ? {
          'Set-Cookie': [
            tokenCookie('ss-tok', bearerToken, state.config.tokenLifetimeMs),
            tokenCookie('ss-reftok', refreshToken, state.config.refreshTokenLifetimeMs),
          ],
        }
      : {},
  );
}

export async function handleAccessToken(exchange: Exchange): Promise<void> {
  const { state } = exchange;
  const body = await exchange.readJsonObject('GetAccessToken');
  if (body === null) return;
  if (exchange.answeredServerFault('auth')) return;

  // With token cookies, a client may leave the refresh token to its ss-reftok cookie.
  const cookie = requestCookie(exchange.req.headers, 'ss-reftok');
  const missing = notEmpty(body, 'refreshToken', 'RefreshToken', 'Refresh Token');
  if (missing && !cookie) return exchange.validationErrors([missing]);

  const refreshToken = missing ? cookie! : (body.refreshToken as string);
  const tokenState = state.tokens.refreshTokenState(refreshToken);
  if (tokenState !== 'valid') {
    const message = tokenState === 'expired' ? 'Token has expired' : 'Invalid Refresh Token';
    return exchange.responseStatus(401, { errorCode: 'TokenException', message }, 'unauthorized');
  }
  // Checked before the refresh, so a 403 issues no access token.
  if (exchange.answeredForbidden('auth')) return;
  const result = state.tokens.refresh(refreshToken, state.config.tokenLifetimeMs);
  if ('error' in result) {
    const message = result.error === 'expired' ? 'Token has expired' : 'Invalid Refresh Token';
    return exchange.responseStatus(401, { errorCode: 'TokenException', message }, 'unauthorized');
  }
  if (exchange.lostResponse('auth')) return;
  if (state.config.tokenDelivery === 'cookies') {
    return exchange.json(200, {}, 'refreshed', {
      'Set-Cookie': tokenCookie('ss-tok', result.accessToken, state.config.tokenLifetimeMs),
    });
  }
  exchange.json(200, { accessToken: result.accessToken }, 'refreshed');
}

/**
 * GET /auth: the Authenticate service without a provider. 200 with the session for a valid API key or token,
 * 401 otherwise (empty with a challenge; a TokenException for an expired token). Changes nothing.
 */
export function handleSessionCheck(exchange: Exchange): void {
  const { state } = exchange;
  if (exchange.answeredServerFault('session')) return;
  const auth = authenticate(exchange.req.headers, state.apiKey, state.tokens);
  if (auth.kind === 'unauthorized') return exchange.unauthorizedEmpty();
  if (auth.kind === 'expired') {
    return exchange.responseStatus(
      401,
      { errorCode: 'TokenException', message: 'Token has expired' },
      'token-expired',
    );
  }
  const userName = auth.via === 'token' ? auth.userName : 'apikey';
  const user = state.users.findIndex((candidate) => candidate.userName === userName);
  exchange.json(
    200,
    {
      userId: String(user + 1),
      sessionId: sessionIdOf(auth.token ?? state.apiKey),
      userName,
      displayName: userName,
    },
    'ok',
  );
}

function sessionIdOf(credential: string): string {
  return createHash('sha256').update(credential).digest('base64url').slice(0, 22);
}

function tokenCookie(name: string, value: string, lifetimeMs: number): string {
  return `${name}=${value}; Path=/; Max-Age=${Math.floor(lifetimeMs / 1000)}; HttpOnly; SameSite=Strict`;
}

function notEmpty(
  body: Record<string, unknown>,
  key: string,
  fieldName: string,
  label: string,
): FieldError | null {
  const value = body[key];
  if (typeof value === 'string' && value.trim() !== '') return null;
  return { errorCode: 'NotEmpty', fieldName, message: `'${label}' must not be empty.` };
}
