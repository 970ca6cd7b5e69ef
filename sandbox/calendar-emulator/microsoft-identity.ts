// Microsoft identity platform as MSAL (`@azure/msal-node`) uses it, under `<base>` standing in for
// https://login.microsoftonline.com: the tenant's OpenID metadata
// (`/{tenant}/v2.0/.well-known/openid-configuration`), instance discovery
// (`/common/discovery/instance`) and the token endpoint (`/{tenant}/oauth2/v2.0/token`) for the
// authorization-code and refresh_token grants. Microsoft rotates refresh tokens on every refresh.
//
// MSAL refuses an authority that is not https, so the documents name the emulator by https URLs
// (the host the request came to); the app's emulator transport (providers/microsoft-calendar.ts)
// carries them to this plain-HTTP server. Tokens carry an unsigned id_token and client_info:
// MSAL reads the account from them without checking a signature.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAccepted, clientCredentials, type CalendarEmulatorState } from './emulator-state';
import { readBody, sendJson } from './http';

const EMULATED_TENANT_ID = '00000000-0000-4000-8000-00000000c0de';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The https origin and base the documents name, e.g. https://127.0.0.1:4010/microsoft. */
const authorityBase = (request: IncomingMessage, basePath: string) => `https://${request.headers.host ?? 'localhost'}${basePath}`;

function aadError(response: ServerResponse, status: number, error: string, description: string, codes: number[]): void {
  sendJson(response, status, { error, error_description: description, error_codes: codes, timestamp: new Date().toISOString() });
}

/** Answers identity routes (path after the base) and returns true, or false when `route` is not one. */
export async function answerMicrosoftIdentity(
  state: CalendarEmulatorState,
  basePath: string,
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const base = authorityBase(request, basePath);
  if (route === '/common/discovery/instance') {
    const host = new URL(base).host;
    sendJson(response, 200, {
      tenant_discovery_endpoint: `${base}/common/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
    return true;
  }
  const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(route);
  if (metadata) {
    const tenant = metadata[1]!;
    sendJson(response, 200, {
      token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
      // The browser, not MSAL, follows this one: it names the emulator as it is really served.
      authorization_endpoint: `http://${request.headers.host ?? 'localhost'}${basePath}/${tenant}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
      issuer: `${base}/{tenantid}/v2.0`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    });
    return true;
  }
  const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(route);
  if (!token || request.method !== 'POST') return false;
  const body = await readBody(request);
  const { id, secret } = clientCredentials(request.headers.authorization, body);
  if (!clientAccepted(state, id, secret)) {
    aadError(response, 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.', [7000215]);
    return true;
  }
  const exchange =
    body.grant_type === 'authorization_code'
      ? state.grants.exchangeCode(String(body.code ?? ''))
      : body.grant_type === 'refresh_token'
        ? state.grants.refresh(String(body.refresh_token ?? ''), true)
        : undefined;
  if (!exchange) {
    aadError(response, 400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.', [70003]);
    return true;
  }
  if (!exchange.ok) {
    aadError(response, 400, 'invalid_grant', `AADSTS70008: ${exchange.description}`, [70008]);
    return true;
  }
  const { accessToken, refreshToken, expiresIn, accountId } = exchange.tokens;
  const now = Math.floor(Date.now() / 1000);
  const oid = Buffer.from(accountId).toString('hex').slice(0, 32).padEnd(32, '0');
  const idToken = [
    b64({ typ: 'JWT', alg: 'none' }),
    b64({
      aud: id,
      iss: `${base}/${EMULATED_TENANT_ID}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + expiresIn,
      oid,
      sub: oid,
      tid: EMULATED_TENANT_ID,
      preferred_username: accountId,
      name: accountId,
      ver: '2.0',
    }),
    '',
  ].join('.');
  sendJson(response, 200, {
    token_type: 'Bearer',
    scope: String(body.scope ?? 'https://graph.microsoft.com/Calendars.ReadWrite'),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: accessToken,
    refresh_token: refreshToken,
    id_token: idToken,
    client_info: b64({ uid: oid, utid: EMULATED_TENANT_ID }),
  });
  return true;
}
