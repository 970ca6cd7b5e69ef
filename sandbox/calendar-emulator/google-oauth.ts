// Google's OAuth 2.0 token endpoint (`POST <base>/token`, standing in for
// https://oauth2.googleapis.com/token) and revocation (`POST <base>/revoke`): the
// authorization-code exchange and the refresh_token grant google-auth-library's OAuth2 client
// sends, with Google's error bodies ({ error: 'invalid_grant', error_description }).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAccepted, clientCredentials, type CalendarEmulatorState } from './emulator-state';
import { readBody, sendEmpty, sendJson } from './http';

export const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/calendar';

export async function answerGoogleToken(state: CalendarEmulatorState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  const { id, secret } = clientCredentials(request.headers.authorization, body);
  if (!clientAccepted(state, id, secret)) return sendJson(response, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
  const exchange =
    body.grant_type === 'authorization_code'
      ? state.grants.exchangeCode(String(body.code ?? ''))
      : body.grant_type === 'refresh_token'
        ? state.grants.refresh(String(body.refresh_token ?? ''), false)
        : undefined;
  if (!exchange) return sendJson(response, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' });
  if (!exchange.ok) return sendJson(response, 400, { error: exchange.error, error_description: exchange.description });
  const { accessToken, refreshToken, expiresIn } = exchange.tokens;
  sendJson(response, 200, {
    access_token: accessToken,
    expires_in: expiresIn,
    token_type: 'Bearer',
    scope: GOOGLE_SCOPE,
    // Google returns a refresh token only on the code exchange; a refresh keeps the old one.
    ...(body.grant_type === 'authorization_code' ? { refresh_token: refreshToken } : {}),
  });
}

export async function answerGoogleRevoke(state: CalendarEmulatorState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  const url = new URL(request.url ?? '/', 'http://localhost');
  const token = String(body.token ?? url.searchParams.get('token') ?? '');
  if (!state.grants.revokeToken(token))
    return sendJson(response, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
  sendEmpty(response, 200);
}
