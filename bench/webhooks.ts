// What Twilio would post: signed form posts to a webhook base (our api or the bare baseline), a
// missed call (dial-result no-answer, then the call status callback when the caller hangs up) and
// a caller's text. Each returns when it was sent and how long the first webhook took to answer.
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export const randomSid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export interface Target {
  /** Base URL the webhooks are served under (and signed against), e.g. http://127.0.0.1:4000. */
  baseUrl: string;
  authToken: string;
  businessNumber: string;
}

export async function postSigned(target: Target, path: string, params: Record<string, string>): Promise<Response> {
  const url = `${target.baseUrl}${path}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(target.authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  await response.text();
  return response;
}

export interface SentCall {
  caller: string;
  /** Date.now() when the dial-result webhook was sent: the missed call's moment. */
  sentAt: number;
  webhookMs: number;
  /** When the call-ended webhook was sent (the where-the-time-goes breakdown uses it). */
  endedAt: number;
  /** Non-2xx answers of either webhook, or a network error. */
  error?: string;
}

export async function missedCall(target: Target, caller: string): Promise<SentCall> {
  const params = { CallSid: randomSid('CA'), From: caller, To: target.businessNumber, DialCallStatus: 'no-answer' };
  const sentAt = Date.now();
  const started = performance.now();
  try {
    const answer = await postSigned(target, '/webhooks/twilio/voice/dial-result', params);
    const webhookMs = performance.now() - started;
    const endedAt = Date.now();
    // The caller hangs up at the voicemail beep (Twilio's call status callback): the text-back goes now.
    const ended = await postSigned(target, '/webhooks/twilio/status', {
      CallSid: params.CallSid,
      CallStatus: 'completed',
      From: caller,
      To: target.businessNumber,
    });
    const error = !answer.ok ? `dial-result ${answer.status}` : !ended.ok ? `status ${ended.status}` : undefined;
    return { caller, sentAt, webhookMs, endedAt, ...(error ? { error } : {}) };
  } catch (error) {
    return { caller, sentAt, webhookMs: performance.now() - started, endedAt: Date.now(), error: (error as Error).message };
  }
}

export async function callerTexts(target: Target, caller: string, body: string) {
  const params = { MessageSid: randomSid('SM'), From: caller, To: target.businessNumber, Body: body, NumSegments: '1' };
  const sentAt = Date.now();
  const started = performance.now();
  try {
    const answer = await postSigned(target, '/webhooks/twilio/sms', params);
    return {
      caller,
      sid: params.MessageSid,
      sentAt,
      webhookMs: performance.now() - started,
      ...(answer.ok ? {} : { error: `sms ${answer.status}` }),
    };
  } catch (error) {
    return { caller, sid: params.MessageSid, sentAt, webhookMs: performance.now() - started, error: (error as Error).message };
  }
}

/** Starts `fn(i)` for i < total at `rate` per second, on schedule whatever earlier ones take; resolves with all results. */
export async function atRate<T>(rate: number, total: number, fn: (index: number) => Promise<T>): Promise<T[]> {
  const started: Promise<T>[] = [];
  const start = Date.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    started.push(fn(i));
  }
  return Promise.all(started);
}

/** Runs `fn(i)` for i < total with at most `concurrency` in flight, as fast as they finish. */
export async function bounded<T>(total: number, concurrency: number, fn: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(total);
  let next = 0;
  const lane = async () => {
    while (next < total) {
      const index = next++;
      results[index] = await fn(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return results;
}
