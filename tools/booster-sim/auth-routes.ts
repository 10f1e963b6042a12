// POST /auth/credentials and POST /access-token, shaped as ServiceStack's AuthenticateResponse and
// GetAccessTokenResponse. Server faults, 403s and lost responses apply here too when a fault lists the 'auth'
// route; a 403 strikes only once the credential or refresh token is verified, before anything is issued.
import { findUser } from './auth';
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
  exchange.json(
    200,
    {
      userId: String(state.users.indexOf(user) + 1),
      displayName: user.userName,
      ...session,
      roles: [],
      permissions: [],
    },
    'signed-in',
  );
}

export async function handleAccessToken(exchange: Exchange): Promise<void> {
  const { state } = exchange;
  const body = await exchange.readJsonObject('GetAccessToken');
  if (body === null) return;
  if (exchange.answeredServerFault('auth')) return;

  const missing = notEmpty(body, 'refreshToken', 'RefreshToken', 'Refresh Token');
  if (missing) return exchange.validationErrors([missing]);

  const refreshToken = body.refreshToken as string;
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
  exchange.json(200, { accessToken: result.accessToken }, 'refreshed');
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
