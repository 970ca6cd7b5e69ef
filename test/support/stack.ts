// How test files reach the shared stack started by test/setup/stack.mjs.
import pg from 'pg';
import twilio from 'twilio';
import { createTwilioClient } from '../../providers/twilio-client';

export interface Demo {
  tenantId: string;
  email: string;
  password: string;
  businessName: string;
  businessNumber: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this file through the "stack" Jest project`);
  return value;
}

export const stack = {
  apiUrl: required('NMC_TEST_API_URL'),
  sandboxUrl: required('NMC_TEST_SANDBOX_URL'),
  databaseUrl: required('NMC_TEST_DATABASE_URL'),
  temporalAddress: required('NMC_TEST_TEMPORAL_ADDRESS'),
  authToken: required('NMC_TEST_TWILIO_AUTH_TOKEN'),
  accountSid: required('NMC_TEST_TWILIO_ACCOUNT_SID'),
  demo: JSON.parse(required('NMC_TEST_DEMO')) as Demo,
  /** The worker's GET /metrics (test/setup/stack.mjs); other stacks (the fault tier's) do not set it. */
  workerMetricsUrl: process.env.NMC_TEST_WORKER_METRICS_URL,
};

export async function withDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Waits (at most `timeoutMs`) until none of these callers' texts is still being sent: no outbox row
 * without a SID whose lease is held or whose outcome is unknown. Such a row is a send in flight or a
 * killed worker's send awaiting its retry, which will find the text Twilio took and record its SID;
 * judged too early, that text looks like a duplicate. A real duplicate stays visible after this
 * (two texts, one row, one SID). Returns how many rows were still in flight.
 */
export async function waitForQuietOutbox(callerPhones: string[], timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const inFlight = await withDatabase(
      async (db) =>
        (
          await db.query<{ n: number }>(
            `select count(*)::int as n from sms_outbox o join conversations c on c.id = o.conversation_id
              where c.tenant_id = $1 and c.caller_phone = any($2) and o.twilio_sid is null
                and (o.lease_until > now() or o.unsettled_since is not null)`,
            [stack.demo.tenantId, callerPhones],
          )
        ).rows[0]!.n,
    );
    if (inFlight === 0 || Date.now() > deadline) return inFlight;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Posts form params to one of our Twilio webhooks, signed as Twilio would sign them (or not). */
export async function postWebhook(path: string, params: Record<string, string>, signature?: string | null): Promise<Response> {
  const url = `${stack.apiUrl}${path}`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const signed = signature === undefined ? twilio.getExpectedTwilioSignature(stack.authToken, url, params) : signature;
  if (signed !== null) headers['x-twilio-signature'] = signed;
  return fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

export async function login(email = stack.demo.email, password = stack.demo.password): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export async function sandboxJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${stack.sandboxUrl}${path}`, init);
  if (!response.ok) throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const randomSid = (prefix: string) => `${prefix}${[...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('')}`;

/** A fresh caller number per test, so tests never see each other's conversations. */
const usedCallers = new Set<string>();
export function newCallerPhone(): string {
  for (;;) {
    // A million numbers outside the 555 range the emulator sells and owners use: test files run in
    // separate module registries, so this Set cannot see another file's callers (ten thousand
    // once let an e2e caller and a telephony caller be the same phone).
    const phone = `+17376${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
    if (!usedCallers.has(phone)) return (usedCallers.add(phone), phone);
  }
}

export async function eventually<T>(probe: () => Promise<T | undefined>, { timeoutMs = 15_000, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface PhoneMessage {
  from: string;
  to: string;
  body: string;
  direction: string;
}

/** The texts a phone has received, as the emulator's phone network saw them. */
export async function textsTo(phone: string): Promise<PhoneMessage[]> {
  const { messages } = await sandboxJson<{ messages: PhoneMessage[] }>(`/sandbox/phones/${encodeURIComponent(phone)}/messages`);
  return messages.filter((message) => message.to === phone);
}

export function waitForTexts(phone: string, count: number): Promise<PhoneMessage[]> {
  return eventually(
    async () => {
      const texts = await textsTo(phone);
      return texts.length >= count ? texts : undefined;
    },
    { what: `${count} texts to ${phone}` },
  );
}

/** The caller texts the business through the emulator (which signs and posts our SMS webhook). */
export function callerTexts(from: string, body: string, to = stack.demo.businessNumber) {
  return sandboxJson<{ messageSid: string; status: number }>('/sandbox/sms', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, to, body }),
  });
}

/** Twilio reports that the forwarded call to the owner was not answered. */
export async function missedCallFrom(caller: string, DialCallStatus = 'no-answer', CallSid = randomSid('CA')): Promise<Response> {
  const response = await postWebhook('/webhooks/twilio/voice/dial-result', {
    CallSid,
    From: caller,
    To: stack.demo.businessNumber,
    DialCallStatus,
  });
  // As Twilio does when the caller hangs up at the voicemail beep: the text-back stops waiting for a message.
  await callEnded(caller, CallSid);
  return response;
}

/** Twilio's call status callback for a call that ended. */
export function callEnded(caller: string, CallSid: string): Promise<Response> {
  return postWebhook('/webhooks/twilio/status', { CallSid, CallStatus: 'completed', From: caller, To: stack.demo.businessNumber });
}

/** What the emulator's phone network reports about a call it placed. */
export interface PlacedCall {
  callSid: string;
  events: { type: string; [key: string]: unknown }[];
}

/** A caller dials a business number through the emulator, which then plays Twilio (and the owner's phone). */
export function callerCalls(
  from: string,
  options: { to?: string; owner?: 'no-answer' | 'busy' | 'accept' | 'decline' | 'voicemail'; voicemail?: string } = {},
): Promise<PlacedCall> {
  return sandboxJson<PlacedCall>('/sandbox/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      from,
      to: options.to ?? stack.demo.businessNumber,
      owner: options.owner ?? 'no-answer',
      voicemail: options.voicemail,
    }),
  });
}

/**
 * Another business with its own sandbox number (bought from the emulator, webhooks configured),
 * for tests that change call handling without touching the demo business others use.
 */
export async function createBusiness(options: { name?: string; ownerPhone?: string; settings?: Record<string, unknown> } = {}) {
  // The real twilio SDK, pointed at the emulator, buys and configures the number.
  const client = createTwilioClient({ accountSid: stack.accountSid, authToken: stack.authToken, apiUrl: stack.sandboxUrl });
  const [available] = await client.availablePhoneNumbers('US').local.list({ areaCode: 737, limit: 1 });
  if (!available) throw new Error('the emulator has no number left in area code 737');
  const hooks = `${stack.apiUrl}/webhooks/twilio`;
  const bought = await client.incomingPhoneNumbers.create({
    phoneNumber: available.phoneNumber,
    voiceUrl: `${hooks}/voice`,
    smsUrl: `${hooks}/sms`,
    statusCallback: `${hooks}/status`,
  });
  const phoneNumber = bought.phoneNumber;
  const sid = bought.sid;
  const tenantId = await withDatabase(async (db) => {
    const { rows } = await db.query(
      `insert into tenants (name, trade, timezone, owner_phone, settings) values ($1, 'plumbing', 'America/Chicago', $2, $3) returning id`,
      [options.name ?? 'Second Street Plumbing', options.ownerPhone ?? '+17375550199', JSON.stringify(options.settings ?? {})],
    );
    await db.query('insert into phone_numbers (tenant_id, e164, twilio_sid) values ($1, $2, $3)', [rows[0].id, phoneNumber, sid]);
    return rows[0].id as string;
  });
  return { tenantId, businessNumber: phoneNumber, name: options.name ?? 'Second Street Plumbing' };
}
