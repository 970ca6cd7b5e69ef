// Calls (docs/decisions/0017-data-layer.md): what Twilio told us about each call to a business
// number, and the conversation it belongs to. Writes are SQL (a CallSid is stored once, whatever
// order Twilio's webhooks arrive in); the dashboard reads through the Call entity, limited to the
// business. A call is linked to its conversation when it is stored (the caller's open conversation)
// or when the conversation it opened is opened (linkOpeningCalls): the dashboard reads the link.
import type { InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CallView } from '../contracts/http/conversations';
import { Call } from './entities';
import { sql, type Statement } from './sql';
import { tenantSql } from './tenant-sql';

export type CallRecord = InferEntity<typeof Call>;

/** A call as the dashboard shows it; the voicemail link is signed by the api. */
export function toCallView(call: CallRecord, voicemailLink: (callId: string) => string): CallView {
  return {
    id: call.id,
    callSid: call.callSid,
    createdAt: new Date(call.createdAt).toISOString(),
    dialStatus: call.dialStatus ?? null,
    ownerAccepted: call.ownerAcceptedAt != null,
    voicemail: call.recordingUrl
      ? { url: voicemailLink(call.id), durationSeconds: call.recordingDurationS ?? null, transcription: call.transcription ?? null }
      : null,
  };
}

// ---- the dashboard's reads (limited to one business) --------------------------------------------

/** The conversation's calls, oldest first. */
export function conversationCalls(em: EntityManager, tenantId: string, conversationId: string): Promise<CallRecord[]> {
  return em.find(Call, { tenantId, conversationId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/**
 * Missed calls from withheld or unusable caller IDs, newest first: forwarded to the owner like any
 * call, but with no number to text there is no conversation to show them in.
 */
export function withheldMissedCalls(em: EntityManager, tenantId: string, limit: number): Promise<CallRecord[]> {
  return em.find(
    Call,
    { tenantId, callerWithheld: true, ownerAcceptedAt: null, dialStatus: { $ne: null } },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit },
  );
}

/** Where Twilio keeps the call's voicemail, if the call is this business's and left one. */
export async function callRecordingUrl(em: EntityManager, tenantId: string, callId: string): Promise<string | undefined> {
  const call = await em.findOne(Call, { id: callId, tenantId }, { fields: ['recordingUrl'] });
  return call?.recordingUrl ?? undefined;
}

export interface MissedCallFactsRow {
  call_sid: string;
  missed_at: Date;
  first_text_at: Date | null;
}

/**
 * Every call missed in the period, from the moment its dial result reached us (the webhook's
 * arrival, else the call's row) to the first text in its conversation within the hour after it.
 */
export function missedCallFacts(em: EntityManager, tenantId: string, range: { from: Date; to: Date }): Promise<MissedCallFactsRow[]> {
  return tenantSql<MissedCallFactsRow[]>(
    em,
    tenantId,
    `select k.call_sid, k.missed_at,
            (select min(m.created_at) from messages m
              where m.tenant_id = :tenant and m.conversation_id = k.conversation_id and m.direction = 'outbound'
                and m.created_at >= k.missed_at and m.created_at < k.missed_at + interval '1 hour') as first_text_at
       from (select k.call_sid, k.conversation_id, coalesce(w.received_at, k.created_at) as missed_at
               -- Missed: the calls the webhook handed to a conversation as missed (its dedupe claim,
               -- 'dial-result:' before screening existed); ringing or answered calls are not.
               from calls k join webhook_events w on w.dedupe_key in ('missed:' || k.call_sid, 'dial-result:' || k.call_sid)
                    and w.tenant_id = :tenant
              where k.tenant_id = :tenant and k.created_at >= ? and k.created_at < ?) k`,
    [range.from, range.to],
  );
}

// ---- writes ---------------------------------------------------------------------------------------

export interface NewCall {
  tenantId: string;
  callSid: string;
  /** The caller's number, or what the caller ID said when it was withheld or unusable. */
  callerPhone: string;
  callerWithheld: boolean;
  businessPhone: string;
  /** Twilio's DialCallStatus once known ('not-forwarded' when the call is not forwarded). */
  dialStatus?: string | undefined;
}

/**
 * Stores the call at its first webhook, once per CallSid, so screening and the dial result find it;
 * a later webhook adds the dial status. A call from a caller with an open conversation belongs to it
 * from the start (a later call, a voicemail while the conversation runs); a call that opens one is
 * linked when it opens. Answers whether the owner accepted the screened call.
 */
export async function rememberCall(em: EntityManager, call: NewCall): Promise<{ ownerAccepted: boolean }> {
  const [row] = await sql<{ owner_accepted_at: Date | null }[]>(
    em,
    `insert into calls (tenant_id, call_sid, caller_phone, caller_withheld, business_phone, dial_status, conversation_id)
     values (?, ?, ?, ?, ?, ?, (select id from conversations where tenant_id = ? and caller_phone = ? and closed_at is null
                                 and not provisional and not ?))
     on conflict (call_sid) do update set dial_status = coalesce(excluded.dial_status, calls.dial_status)
     returning owner_accepted_at`,
    [
      call.tenantId,
      call.callSid,
      call.callerPhone,
      call.callerWithheld,
      call.businessPhone,
      call.dialStatus ?? null,
      call.tenantId,
      call.callerPhone,
      call.callerWithheld,
    ],
  );
  return { ownerAccepted: Boolean(row?.owner_accepted_at) };
}

/**
 * The conversation opened: the missed call that opened it is its call (stored here if the webhook's
 * row is missing, re-linked if it was stored while an earlier conversation was closing), and so are
 * the caller's calls from the minute before it opened that no conversation holds yet.
 */
export async function linkOpeningCalls(tx: EntityManager, input: OpeningCalls): Promise<void> {
  for (const statement of linkOpeningCallsStatements(input)) await sql(tx, statement.text, statement.params);
}

interface OpeningCalls {
  tenantId: string;
  callerPhone: string;
  businessPhone: string;
  conversationId: string;
  call?: { callSid: string; dialStatus: string } | undefined;
}

/** linkOpeningCalls' statements, for a batch (run after the conversation row is inserted). */
export function linkOpeningCallsStatements(input: OpeningCalls): Statement[] {
  const statements: Statement[] = [];
  if (input.call) {
    statements.push({
      text: `insert into calls (tenant_id, call_sid, caller_phone, business_phone, dial_status, conversation_id) values (?, ?, ?, ?, ?, ?)
       on conflict (call_sid) do update set conversation_id = excluded.conversation_id`,
      params: [input.tenantId, input.call.callSid, input.callerPhone, input.businessPhone, input.call.dialStatus, input.conversationId],
    });
  }
  statements.push({
    text: `update calls set conversation_id = ?
      where tenant_id = ? and caller_phone = ? and not caller_withheld and conversation_id is null
        and created_at >= (select created_at from conversations where id = ?) - interval '1 minute'`,
    params: [input.conversationId, input.tenantId, input.callerPhone, input.conversationId],
  });
  return statements;
}

/** The call's business and caller, for the webhooks that follow its first one. */
export async function callBySid(
  em: EntityManager,
  callSid: string,
): Promise<{ tenant_id: string; caller_phone: string; caller_withheld: boolean; business_name: string } | undefined> {
  const [row] = await sql<{ tenant_id: string; caller_phone: string; caller_withheld: boolean; business_name: string }[]>(
    em,
    `select k.tenant_id, k.caller_phone, k.caller_withheld, t.name as business_name
       from calls k join tenants t on t.id = k.tenant_id where k.call_sid = ?`,
    [callSid],
  );
  return row;
}

/** The owner pressed 1 on the screened call (first time kept). False when the call is not stored. */
export async function recordOwnerAccepted(em: EntityManager, callSid: string): Promise<boolean> {
  const rows = await sql(em, 'update calls set owner_accepted_at = coalesce(owner_accepted_at, now()) where call_sid = ? returning id', [
    callSid,
  ]);
  return rows.length > 0;
}

/** The caller's voicemail, and later its transcription (idempotent: a repeat changes nothing). */
export async function recordVoicemail(
  em: EntityManager,
  input: {
    callSid: string;
    recordingSid: string;
    recordingUrl: string;
    durationSeconds?: number | undefined;
    transcription?: string | undefined;
  },
): Promise<void> {
  await sql(
    em,
    `update calls set recording_sid = ?, recording_url = ?, recording_duration_s = coalesce(?, recording_duration_s),
            transcription = coalesce(?, transcription) where call_sid = ?`,
    [input.recordingSid, input.recordingUrl, input.durationSeconds ?? null, input.transcription ?? null, input.callSid],
  );
}
