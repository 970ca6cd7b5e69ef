// Faults on demand, like the Twilio emulator's: each one fires on the next matching API request
// (`count` times), then is gone. Token endpoints are never faulted: a refused refresh is modelled
// by revoking the grant instead.
export type CalendarFaultKind =
  /** 401: the access token has expired; the client should refresh it and try again. */
  | 'expired_token'
  /** Google 410 fullSyncRequired / Graph syncStateNotFound: the sync token is no longer valid. */
  | 'sync_token_gone'
  /** 429 with Retry-After. */
  | 'rate_limited'
  /** 500. */
  | 'server_error';

export interface CalendarFault {
  kind: CalendarFaultKind;
  /** Which emulated provider; both when absent. */
  provider?: 'google' | 'microsoft';
  /** How many requests it fires on (default 1). */
  count?: number;
  /** For rate_limited (default 30). */
  retryAfterSeconds?: number;
}

const KINDS = new Set<CalendarFaultKind>(['expired_token', 'sync_token_gone', 'rate_limited', 'server_error']);

/** A validated copy of faults from a test or a POST body; throws on anything else. */
export function parseFaults(input: unknown): CalendarFault[] {
  if (!Array.isArray(input)) throw new Error('faults must be an array');
  return input.map((raw: unknown) => {
    const fault = (raw ?? {}) as Record<string, unknown>;
    if (!KINDS.has(fault.kind as CalendarFaultKind)) throw new Error(`unknown fault kind: ${String(fault.kind)}`);
    const parsed: CalendarFault = { kind: fault.kind as CalendarFaultKind, count: Number(fault.count ?? 1) };
    if (fault.provider === 'google' || fault.provider === 'microsoft') parsed.provider = fault.provider;
    if (fault.retryAfterSeconds !== undefined) parsed.retryAfterSeconds = Number(fault.retryAfterSeconds);
    return parsed;
  });
}

/**
 * The first pending fault this request can fire, used up. A sync-token fault fires only on a
 * request that carries a sync token; the others fire on any API request.
 */
export function takeFault(faults: CalendarFault[], provider: 'google' | 'microsoft', carriesSyncToken: boolean): CalendarFault | undefined {
  const index = faults.findIndex(
    (fault) => (fault.provider === undefined || fault.provider === provider) && (fault.kind !== 'sync_token_gone' || carriesSyncToken),
  );
  if (index < 0) return undefined;
  const fault = faults[index]!;
  fault.count = (fault.count ?? 1) - 1;
  if (fault.count <= 0) faults.splice(index, 1);
  return fault;
}
