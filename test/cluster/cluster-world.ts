// What the cluster tier's test drives and reads: webhooks posted to a chosen api (signed for the
// one PUBLIC_URL both apis serve, as behind a load balancer), the control server of
// test/setup/cluster-stack.mjs, the emulator's phone network, the read model and the workflow
// histories (which worker process ran each activity).
import { Client } from '@temporalio/client';
import twilio from 'twilio';
import { WEBHOOK_PATHS } from '../../contracts/webhook-paths';
import { conversationWorkflowId } from '../../domain/conversation-id';
import { randomSid, sandboxJson, stack, waitForQuietOutbox, withDatabase } from '../support/stack';

export const apis = JSON.parse(process.env.NMC_CLUSTER_API_URLS ?? '[]') as string[];
export const temporalPorts = JSON.parse(process.env.NMC_CLUSTER_TEMPORAL_PORTS ?? '{}') as Record<string, number>;
const controlUrl = process.env.NMC_CLUSTER_CONTROL_URL ?? '';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const TEXT_BACK = /Sorry we missed your call/;

/** POSTs a control action; resolves with how long it took on the stack's side (a restart: until ready). */
export async function control(action: string): Promise<number> {
  const response = await fetch(`${controlUrl}${action}`, { method: 'POST' });
  const body = (await response.json()) as { ms?: number; error?: string };
  if (!response.ok) throw new Error(`cluster control ${action}: ${response.status} ${body.error}`);
  return body.ms ?? 0;
}

export async function pids(): Promise<Record<string, number | null>> {
  return (await (await fetch(`${controlUrl}/pids`)).json()) as Record<string, number | null>;
}

/** A Twilio webhook posted to one api; on a 5xx it is posted again with the same SID, as Twilio's retry would. */
export async function webhook(api: string, path: string, params: Record<string, string>): Promise<number> {
  const signature = twilio.getExpectedTwilioSignature(stack.authToken, `${stack.apiUrl}${path}`, params);
  let status = 0;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    status = await fetch(`${api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    }).then(
      (response) => response.status,
      () => 0,
    );
    if (status > 0 && status < 500) return status;
    await sleep(1_000);
  }
  return status;
}

export interface Caller {
  phone: string;
  /** Bodies this caller texted, with when and through which api. */
  texts: { body: string; sentAt: number; api: string; status: number }[];
}

/** The owner's phone did not answer: the missed call, through `api`. */
export async function missedCall(api: string, phone: string): Promise<void> {
  const CallSid = randomSid('CA');
  const to = stack.demo.businessNumber;
  expect(await webhook(api, WEBHOOK_PATHS.dialResult, { CallSid, From: phone, To: to, DialCallStatus: 'no-answer' })).toBe(200);
  expect(await webhook(api, WEBHOOK_PATHS.status, { CallSid, CallStatus: 'completed', From: phone, To: to })).toBe(204);
}

export async function callerText(api: string, caller: Caller, body: string): Promise<void> {
  const sentAt = Date.now();
  const params = { MessageSid: randomSid('SM'), From: caller.phone, To: stack.demo.businessNumber, Body: body, NumSegments: '1' };
  const status = await webhook(api, WEBHOOK_PATHS.sms, params);
  caller.texts.push({ body, sentAt, api, status });
}

export interface PhoneMessage {
  sid: string;
  body: string;
  direction: 'to-phone' | 'from-phone';
  dateCreated: string;
}

/** Texts Twilio (the emulator) accepted for this caller, oldest first. */
export async function sentTo(phone: string): Promise<PhoneMessage[]> {
  const { messages } = await sandboxJson<{ messages: PhoneMessage[] }>(`/sandbox/phones/${encodeURIComponent(phone)}/messages`);
  return messages.filter((message) => message.direction === 'to-phone');
}

/** Each caller text answered: the first text to the caller after it, or Infinity. */
export async function answerTimes(caller: Caller): Promise<{ sentAt: number; answeredAt: number }[]> {
  const received = await sentTo(caller.phone);
  return caller.texts.map(({ sentAt }) => {
    const answer = received.find((message) => Date.parse(message.dateCreated) > sentAt);
    return { sentAt, answeredAt: answer ? Date.parse(answer.dateCreated) : Infinity };
  });
}

/** Waits until every text of every caller has an answer (or the time is up). */
export async function settle(callers: Caller[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answered = await Promise.all(callers.map(async (caller) => (await answerTimes(caller)).every((t) => t.answeredAt < Infinity)));
    const textBacks = await Promise.all(callers.map(async (caller) => (await sentTo(caller.phone)).some((m) => TEXT_BACK.test(m.body))));
    if ((answered.every(Boolean) && textBacks.every(Boolean)) || Date.now() > deadline) return;
    await sleep(500);
  }
}

/**
 * Problems with what each caller sent and received: lost or twice-stored texts, texts sent twice,
 * text-backs ≠ 1, unanswered texts. Judged once no text is still being sent: a killed worker's send
 * is recorded only when its retry has waited out the unknown outcome and found the text at Twilio.
 */
export async function findings(callers: Caller[]): Promise<string[]> {
  const phones = callers.map((caller) => caller.phone);
  const found: string[] = [];
  const stillSending = await waitForQuietOutbox(phones);
  if (stillSending) found.push(`${stillSending} text(s) still being sent 30 s after every caller text was answered`);
  const rows = await withDatabase(async (db) => {
    const inbound = await db.query<{ caller_phone: string; body: string; copies: number }>(
      `select c.caller_phone, m.body, count(*)::int as copies from messages m join conversations c on c.id = m.conversation_id
        where c.tenant_id = $1 and c.caller_phone = any($2) and m.direction = 'inbound' group by 1, 2`,
      [stack.demo.tenantId, phones],
    );
    const outbox = await db.query<{ caller_phone: string; seq: number; body: string; twilio_sid: string | null; attempt: number }>(
      `select c.caller_phone, o.seq, o.body, o.twilio_sid, o.attempt from sms_outbox o join conversations c on c.id = o.conversation_id
        where c.tenant_id = $1 and c.caller_phone = any($2) order by o.created_at`,
      [stack.demo.tenantId, phones],
    );
    return { inbound: inbound.rows, outbox: outbox.rows, outboxSids: new Set(outbox.rows.map((row) => row.twilio_sid)) };
  });
  for (const caller of callers) {
    const received = await sentTo(caller.phone);
    for (const text of caller.texts) {
      const copies = rows.inbound.find((row) => row.caller_phone === caller.phone && row.body === text.body)?.copies ?? 0;
      if (copies !== 1) found.push(`${caller.phone}: "${text.body}" stored ${copies} times (webhook answered ${text.status})`);
    }
    const orphans = received.filter((message) => !rows.outboxSids.has(message.sid));
    if (orphans.length) {
      // What a failure needs to be understood: the orphans, and every outbox row of this caller.
      const rowsOfCaller = rows.outbox.filter((row) => row.caller_phone === caller.phone);
      found.push(
        `${caller.phone}: ${orphans.length} text(s) Twilio accepted that no outbox row owns (sent twice?): ${JSON.stringify(orphans)}; outbox: ${JSON.stringify(rowsOfCaller)}`,
      );
    }
    const textBacks = received.filter((message) => TEXT_BACK.test(message.body)).length;
    if (textBacks !== 1) found.push(`${caller.phone}: ${textBacks} text-backs`);
    const unanswered = (await answerTimes(caller)).filter((t) => t.answeredAt === Infinity).length;
    if (unanswered) found.push(`${caller.phone}: ${unanswered} caller text(s) never answered`);
  }
  return found;
}

/** Which worker (identity `<pid>@<host>`) started each of this caller's activities, and when, from the workflow history. */
export async function activityWorkers(client: Client, phone: string): Promise<{ identity: string; at: number }[]> {
  const history = await client.workflow.getHandle(conversationWorkflowId(stack.demo.tenantId, phone)).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const identity = event.activityTaskStartedEventAttributes?.identity;
    const at = Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
    return identity ? [{ identity, at }] : [];
  });
}

/** A Temporal process's row in the cluster's membership table, heartbeating since `since`. */
export async function membershipHeartbeatSince(membershipPort: number, since: number): Promise<boolean> {
  const url = new URL(stack.databaseUrl);
  url.pathname = '/temporal';
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from cluster_membership where rpc_port = $1 and session_start >= $2 and last_heartbeat >= $2',
      [membershipPort, new Date(since - 1_000)],
    );
    return rows[0]!.n > 0;
  } finally {
    await client.end();
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
