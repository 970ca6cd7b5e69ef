// Reduces what the Google SDKs throw (a GaxiosError, whose config holds the Authorization header
// and whose request body can hold a refresh token) to a CalendarFailure that holds neither.
import { retryAfterMs, type CalendarFailure } from './calendar-results';

interface GaxiosLike {
  status?: number;
  code?: string | number;
  response?: { status?: number; headers?: unknown; data?: unknown };
}

function header(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const value = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : null;
}

/** Google's reason ("fullSyncRequired", "rateLimitExceeded", ...) or OAuth error ("invalid_grant"). */
function reasonOf(data: unknown): string {
  if (typeof data === 'string') {
    try {
      return reasonOf(JSON.parse(data));
    } catch {
      return '';
    }
  }
  const body = (data ?? {}) as { error?: unknown };
  if (typeof body.error === 'string') return body.error;
  const errors = (body.error as { errors?: Array<{ reason?: unknown }> } | undefined)?.errors;
  return typeof errors?.[0]?.reason === 'string' ? errors[0].reason : '';
}

export function googleFailureOf(error: unknown): CalendarFailure {
  const { response, code } = (error ?? {}) as GaxiosLike;
  const status = response?.status ?? (typeof code === 'number' ? code : undefined);
  if (status === undefined) return { kind: 'retryable' }; // timeout or network: no answer at all
  const reason = reasonOf(response?.data);
  // Our client id or secret is wrong: an operator's mistake, which no owner reconnecting can fix.
  if (reason === 'invalid_client') return { kind: 'rejected', status, reason };
  // invalid_grant: the refresh token expired or was revoked. A 401 reaching us means the SDK's own
  // refresh-and-retry did not help either.
  if (reason === 'invalid_grant' || status === 401) return { kind: 'reconnect' };
  if (status === 410 && reason !== 'deleted') return { kind: 'full_resync_needed' };
  if (status === 429 || (status === 403 && /rateLimitExceeded|userRateLimitExceeded/.test(reason)))
    return { kind: 'rate_limited', retryAfterMs: retryAfterMs(header(response?.headers, 'retry-after')) };
  if (status >= 500) return { kind: 'retryable', status };
  return { kind: 'rejected', status, reason: reason || `HTTP ${status}` };
}
