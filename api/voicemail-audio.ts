// A voicemail's audio for the dashboard's <audio> player. Twilio serves recordings only with the
// account's credentials, which must never reach a browser, and an <audio> element cannot send our
// bearer token: so the conversation view gets a short-lived signed link to this api, which fetches
// the recording from Twilio (the emulator in sandbox mode) and streams it through.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Context } from 'koa';
import type { ApiConfig } from '../config';
import { HttpError, notFound } from './errors';

/** Long enough to listen to a conversation's voicemails, short enough that a leaked link dies. */
export const VOICEMAIL_LINK_TTL_MS = 6 * 60 * 60 * 1000;

export interface VoicemailLinks {
  /** A path (same origin as the dashboard) that plays this call's voicemail until it expires. */
  link(tenantId: string, callId: string, now?: Date): string;
  /** Whether a link's signature is right and it has not expired. */
  verify(input: { tenantId: string; callId: string; expires: number; signature: string }, now?: Date): boolean;
}

export function createVoicemailLinks(secret: string): VoicemailLinks {
  // A key of its own, derived from the JWT secret: a link signature can never pass for a token's.
  const key = createHmac('sha256', secret).update('nevermisscall voicemail links').digest();
  const sign = (tenantId: string, callId: string, expires: number) =>
    createHmac('sha256', key).update(`${tenantId}.${callId}.${expires}`).digest('base64url');
  return {
    link(tenantId, callId, now = new Date()) {
      const expires = now.getTime() + VOICEMAIL_LINK_TTL_MS;
      const query = new URLSearchParams({ tenant: tenantId, expires: String(expires), signature: sign(tenantId, callId, expires) });
      return `/api/voicemails/${callId}.wav?${query}`;
    },
    verify({ tenantId, callId, expires, signature }, now = new Date()) {
      if (!Number.isSafeInteger(expires) || expires < now.getTime()) return false;
      const expected = Buffer.from(sign(tenantId, callId, expires));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/**
 * Streams a recording from Twilio. Only URLs under Twilio's API (or the emulator in sandbox mode)
 * are fetched: the account's credentials go nowhere else, whatever a row says.
 */
export async function streamRecording(ctx: Context, config: ApiConfig, recordingUrl: string): Promise<void> {
  const allowed = config.NMC_MODE === 'sandbox' && config.TWILIO_API_URL ? `${config.TWILIO_API_URL}/` : 'https://api.twilio.com/';
  if (!recordingUrl.startsWith(allowed)) throw notFound('that voicemail');
  let response: Response;
  try {
    response = await fetch(`${recordingUrl}.wav`, {
      headers: { authorization: `Basic ${Buffer.from(`${config.TWILIO_ACCOUNT_SID}:${config.TWILIO_AUTH_TOKEN}`).toString('base64')}` },
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new HttpError(502, 'recording_unavailable', 'Twilio did not answer for that recording; try again in a moment');
  }
  if (response.status === 404) throw notFound('that voicemail (Twilio no longer has it)');
  if (!response.ok || !response.body)
    throw new HttpError(502, 'recording_unavailable', `Twilio answered ${response.status} for that recording`);
  ctx.set('cache-control', 'private, max-age=3600');
  ctx.type = response.headers.get('content-type') ?? 'audio/x-wav';
  const length = response.headers.get('content-length');
  if (length) ctx.set('content-length', length);
  ctx.body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
}
