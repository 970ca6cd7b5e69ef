// Reduces what MSAL and the Graph client throw to a CalendarFailure. MSAL errors name the grant's
// fate in errorCode (invalid_grant, interaction_required); Graph errors carry the HTTP status,
// Graph's code and the response headers. Neither's message is kept: no failure quotes a token.
import { retryAfterMs, type CalendarFailure } from './calendar-results';

const RECONNECT_CODES = new Set([
  'invalid_grant',
  'interaction_required',
  'consent_required',
  'login_required',
  'no_tokens_found',
  'invalid_client',
]);
const RESYNC_CODES = new Set(['syncStateNotFound', 'syncStateInvalid', 'resyncRequired']);

interface ThrownLike {
  errorCode?: unknown;
  statusCode?: unknown;
  code?: unknown;
  headers?: unknown;
}

function header(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const value = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : null;
}

export function microsoftFailureOf(error: unknown): CalendarFailure {
  const { errorCode, statusCode, code, headers } = (error ?? {}) as ThrownLike;
  // MSAL (token acquisition)
  // Our client id or secret is wrong: an operator's mistake, which no owner reconnecting can fix.
  if (errorCode === 'invalid_client') return { kind: 'rejected', status: 401, reason: 'invalid_client' };
  if (typeof errorCode === 'string') return RECONNECT_CODES.has(errorCode) ? { kind: 'reconnect' } : { kind: 'retryable' };
  // Graph
  const status = typeof statusCode === 'number' ? statusCode : -1;
  const graphCode = typeof code === 'string' ? code : '';
  if (status === 401) return { kind: 'reconnect' };
  if (status === 410 || RESYNC_CODES.has(graphCode)) return { kind: 'full_resync_needed' };
  if (status === 429) return { kind: 'rate_limited', retryAfterMs: retryAfterMs(header(headers, 'retry-after')) };
  if (status >= 500) return { kind: 'retryable', status };
  if (status < 0) return { kind: 'retryable' }; // no answer: the network or a timeout
  return { kind: 'rejected', status, reason: graphCode || `HTTP ${status}` };
}
