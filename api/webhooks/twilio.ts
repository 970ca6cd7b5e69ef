// Twilio's webhooks (docs/decisions/0013-inbound-delivery.md): check the signature, map the number to its
// business, store what the caller did with its dedupe key (one transaction), answer TwiML in
// milliseconds, then signal the workflow. A signal that fails is not Twilio's problem: the inbound
// sweeper delivers what was stored (docs/decisions/0013-inbound-delivery.md). Anything that can
// wait is the workflow's job, not the request's.
import Router from '@koa/router';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/workflow';
import type { Context } from 'koa';
import twilio from 'twilio';
import { z } from 'zod';
import { conversationWorkflowId } from '../../domain/conversation-id';
import type { MessageStatus } from '../../domain/live-events';
import { canAdvanceStatus, TWILIO_MESSAGE_STATUSES } from '../../domain/message-status';
import { parseCallerId } from '../../domain/caller-id';
import { callHasEnded, countsAsMissed } from '../../domain/missed-call';
import type { ConversationSettings } from '../../domain/settings';
import { loadSettings } from '../../db/business-settings';
import { publishLiveEvent } from '../../db/live-events';
import { toE164 } from '../../domain/phone';
import { deliverInbound, showUndeliveredText, storeInbound, type InboundEvent } from '../../temporal/inbound-delivery';
import {
  callAnsweredSignal,
  callEndedSignal,
  deliveryStatusSignal,
  inboundSmsSignal,
  missedCallSignal,
  voicemailSignal,
  type ConversationInput,
  type DeliveryStatus,
  type InboundSms,
  type MissedCall,
  type Voicemail,
} from '../../workflows/messages';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, validate } from '../errors';
import { requireTwilioSignature } from './signature';
import { sql } from '../../db/sql';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a Twilio ${prefix} SID`);

const statusParams = z.object({
  MessageSid: sid('SM'),
  MessageStatus: z.string().max(32),
  ErrorCode: z.coerce.number().int().optional(),
});
const smsParams = z.object({
  MessageSid: sid('SM'),
  From: z.string().max(64),
  To: z.string().max(64),
  Body: z.string().max(1_600),
  NumSegments: z.coerce.number().int().min(1).max(10).optional(),
});
const voiceParams = z.object({ CallSid: sid('CA'), From: z.string().max(64), To: z.string().max(64) });
const dialResultParams = voiceParams.extend({ DialCallStatus: z.string().max(32) });
const screenParams = z.object({ CallSid: sid('CA'), ParentCallSid: sid('CA') });
const screenResultParams = screenParams.extend({ Digits: z.string().max(32).optional() });
const recordingParams = z.object({
  CallSid: sid('CA'),
  RecordingSid: sid('RE'),
  RecordingUrl: z.url().max(500),
  RecordingDuration: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .optional(),
});
const transcriptionParams = recordingParams.extend({
  TranscriptionStatus: z.string().max(32),
  TranscriptionText: z.string().max(5_000).optional().default(''),
});
const callStatusParams = z.object({ CallSid: sid('CA'), CallStatus: z.string().max(32) });

/** How long the owner has to press 1 once their phone picks up. */
const SCREEN_TIMEOUT_SECONDS = 6;
const VOICEMAIL_MAX_SECONDS = 120;

/** "completed" from Twilio but nobody pressed 1: carrier voicemail, or the owner let the whisper go. */
function notAcceptedStatus(dialStatus: string): string {
  return dialStatus === 'completed' ? 'not-accepted' : dialStatus;
}

interface Business {
  tenantId: string;
  name: string;
  ownerPhone: string;
  businessPhone: string;
  settings: ConversationSettings;
}

function twiml(ctx: Context, response: { toString(): string }) {
  ctx.type = 'text/xml';
  ctx.body = response.toString();
}

export function twilioWebhookRoutes({ config, orm, temporal, log }: ApiDeps) {
  const router = new Router({ prefix: '/webhooks/twilio' });
  router.use(requireTwilioSignature({ authToken: config.TWILIO_AUTH_TOKEN, publicUrl: config.PUBLIC_URL, log }));

  async function businessFor(dialled: string): Promise<Business> {
    const e164 = toE164(dialled);
    if (!e164) throw new HttpError(400, 'invalid_number', 'To is not a phone number');
    const [row] = await sql<{ tenant_id: string; owner_phone: string }[]>(
      orm.em,
      'select t.id as tenant_id, t.owner_phone from phone_numbers p join tenants t on t.id = p.tenant_id where p.e164 = ?',
      [e164],
    );
    if (!row) throw notFound('a business for that number');
    const settings = await loadSettings(orm.em, row.tenant_id);
    return { tenantId: row.tenant_id, name: settings.businessName, ownerPhone: row.owner_phone, businessPhone: e164, settings };
  }

  /** The caller's number, or undefined when it is withheld or unusable (forwarded, never texted). */
  function callerNumber(raw: string): string | undefined {
    const caller = parseCallerId(raw);
    return caller.kind === 'number' ? caller.e164 : undefined;
  }

  /**
   * Stores the event (one transaction with its dedupe key); false when it was stored before. Its
   * delivery starts after the answer to Twilio: `deliverLater`.
   */
  async function store(event: InboundEvent): Promise<boolean> {
    return storeInbound(orm.em, event);
  }

  /**
   * Signals the workflow once Twilio has its answer. A failure (Temporal unreachable) is kept on the
   * stored event for the sweeper; a caller's text is shown on the dashboard meanwhile.
   */
  function deliverLater(ctx: Context, key: string) {
    const deliver = async () => {
      const em = orm.em.fork();
      if (await deliverInbound(em, temporal, key)) return;
      log.warn({ dedupeKey: key }, 'inbound event stored, signal failed: the inbound sweeper delivers it');
      await showUndeliveredText(em, key);
    };
    ctx.res.once('finish', () => {
      deliver().catch((error: unknown) =>
        log.error({ dedupeKey: key, error: error instanceof Error ? error.message : String(error) }, 'inbound delivery failed'),
      );
    });
  }

  /** The call as we know it: stored at its first webhook, so screening and dial-result can find it. */
  async function rememberCall(business: Business, callSid: string, caller: string | undefined, rawFrom: string) {
    await sql(
      orm.em,
      `insert into calls (tenant_id, call_sid, caller_phone, caller_withheld, business_phone) values (?, ?, ?, ?, ?)
       on conflict (call_sid) do nothing`,
      [business.tenantId, callSid, caller ?? rawFrom.trim().slice(0, 64), caller === undefined, business.businessPhone],
    );
  }

  /** After a missed call: a short message, then the caller may leave a voicemail (transcribed). */
  function voicemailPrompt(response: InstanceType<typeof twilio.twiml.VoiceResponse>, businessName: string, willText = true) {
    response.say(
      willText
        ? `Sorry, ${businessName} can't take your call right now. We'll text you in a moment. You can also leave a message after the tone.`
        : `Sorry, ${businessName} can't take your call right now. Please leave a message after the tone.`,
    );
    response.record({
      action: `${config.PUBLIC_URL}/webhooks/twilio/voice/voicemail`,
      method: 'POST',
      maxLength: VOICEMAIL_MAX_SECONDS,
      playBeep: true,
      trim: 'trim-silence',
      transcribe: true,
      transcribeCallback: `${config.PUBLIC_URL}/webhooks/twilio/voice/transcription`,
    });
    response.hangup();
  }

  /** A missed call from a caller we can text: stored, then the text-back's workflow is told. */
  async function missedCall(ctx: Context, business: Business, caller: string, callSid: string, dialStatus: string) {
    const call: MissedCall = { callSid, dialStatus, voicemailOffered: true };
    const key = `missed:${callSid}`;
    if (await store(conversationEvent(business, caller, key, missedCallSignal.name, [call]))) deliverLater(ctx, key);
  }

  /** An event for the caller's conversation, which it starts (signalWithStart) when none is running. */
  function conversationEvent(business: Business, caller: string, dedupeKey: string, signalName: string, args: unknown[]): InboundEvent {
    const startInput: ConversationInput = { tenantId: business.tenantId, callerPhone: caller, businessPhone: business.businessPhone };
    return {
      dedupeKey,
      tenantId: business.tenantId,
      workflowId: conversationWorkflowId(business.tenantId, caller),
      signalName,
      signalArgs: args,
      startInput,
    };
  }

  // A call to the business number: forward it to the owner's cell, screened, for the ring timeout;
  // or, in "always text back" mode, straight to the text-back and voicemail.
  router.post('/voice', async (ctx) => {
    const params = validate(voiceParams, ctx.request.body);
    const business = await businessFor(params.To);
    // A withheld caller ID is forwarded like any call; only the text-back needs a number.
    const caller = callerNumber(params.From);
    await rememberCall(business, params.CallSid, caller, params.From);
    const response = new twilio.twiml.VoiceResponse();
    if (!business.settings.calls.forwardToOwner) {
      if (caller) await missedCall(ctx, business, caller, params.CallSid, 'not-forwarded');
      else await sql(orm.em, 'update calls set dial_status = ? where call_sid = ?', ['not-forwarded', params.CallSid]);
      voicemailPrompt(response, business.name, caller !== undefined);
      return twiml(ctx, response);
    }
    const dial = response.dial({
      action: `${config.PUBLIC_URL}/webhooks/twilio/voice/dial-result`,
      method: 'POST',
      timeout: business.settings.calls.ringTimeoutSeconds,
      answerOnBridge: true,
      callerId: business.businessPhone,
    });
    // The owner hears a whisper and must press 1: carrier voicemail cannot, so it counts as missed.
    dial.number({ url: `${config.PUBLIC_URL}/webhooks/twilio/voice/screen`, method: 'POST' }, business.ownerPhone);
    twiml(ctx, response);
  });

  // The owner's leg picked up (the owner, or their carrier's voicemail): ask for a key press.
  router.post('/voice/screen', async (ctx) => {
    const params = validate(screenParams, ctx.request.body);
    const [call] = await sql<{ business_name: string }[]>(
      orm.em,
      'select t.name as business_name from calls c join tenants t on t.id = c.tenant_id where c.call_sid = ?',
      [params.ParentCallSid],
    );
    if (!call) throw notFound('that call');
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({
      numDigits: 1,
      timeout: SCREEN_TIMEOUT_SECONDS,
      action: `${config.PUBLIC_URL}/webhooks/twilio/voice/screen-result`,
      method: 'POST',
    });
    gather.say(`Call for ${call.business_name}. Press 1 to accept.`);
    // Nothing pressed (a voicemail greeting does not press keys): hang up this leg; the caller's call is missed.
    response.hangup();
    twiml(ctx, response);
  });

  router.post('/voice/screen-result', async (ctx) => {
    const params = validate(screenResultParams, ctx.request.body);
    const response = new twilio.twiml.VoiceResponse();
    if (params.Digits !== '1') {
      response.hangup();
      return twiml(ctx, response);
    }
    const accepted = await sql(
      orm.em,
      'update calls set owner_accepted_at = coalesce(owner_accepted_at, now()) where call_sid = ? returning id',
      [params.ParentCallSid],
    );
    if (accepted.length === 0) throw notFound('that call');
    // An empty response bridges the owner to the caller.
    twiml(ctx, response);
  });

  // The forwarded leg ended. Missed unless the owner accepted the screened call, whatever Twilio's
  // DialCallStatus says: then the caller may leave a voicemail and gets a text within seconds.
  router.post('/voice/dial-result', async (ctx) => {
    const params = validate(dialResultParams, ctx.request.body);
    const business = await businessFor(params.To);
    const caller = callerNumber(params.From);
    await rememberCall(business, params.CallSid, caller, params.From);
    const [call] = await sql<{ owner_accepted_at: Date | null }[]>(
      orm.em,
      'update calls set dial_status = ? where call_sid = ? returning owner_accepted_at',
      [params.DialCallStatus, params.CallSid],
    );
    const ownerAccepted = Boolean(call?.owner_accepted_at);
    const response = new twilio.twiml.VoiceResponse();
    if (!countsAsMissed({ dialStatus: params.DialCallStatus, screened: true, ownerAccepted })) {
      // Answered: a text-back still waiting out its delay (from an earlier missed call) is not sent.
      if (caller) {
        await tellRunningConversation(ctx, business.tenantId, caller, `answered:${params.CallSid}`, callAnsweredSignal, {
          callSid: params.CallSid,
          by: 'owner_answered',
        });
      }
      response.hangup();
      return twiml(ctx, response);
    }
    const dialStatus = ownerAccepted ? params.DialCallStatus : notAcceptedStatus(params.DialCallStatus);
    if (caller) await missedCall(ctx, business, caller, params.CallSid, dialStatus);
    voicemailPrompt(response, business.name, caller !== undefined);
    twiml(ctx, response);
  });

  // The caller left a voicemail (the <Record> action). Nobody hears this answer: the caller hung up.
  router.post('/voice/voicemail', async (ctx) => {
    const params = validate(recordingParams, ctx.request.body);
    await storeVoicemail(ctx, params);
    const response = new twilio.twiml.VoiceResponse();
    response.hangup();
    twiml(ctx, response);
  });

  // Twilio's transcription of that voicemail, later.
  router.post('/voice/transcription', async (ctx) => {
    const params = validate(transcriptionParams, ctx.request.body);
    await storeVoicemail(ctx, params, params.TranscriptionStatus === 'completed' ? params.TranscriptionText : undefined);
    ctx.status = 204;
  });

  async function storeVoicemail(ctx: Context, params: z.infer<typeof recordingParams>, transcription?: string) {
    const key = `${transcription === undefined ? 'voicemail' : 'transcription'}:${params.RecordingSid}`;
    const [call] = await sql<{ tenant_id: string; caller_phone: string; caller_withheld: boolean }[]>(
      orm.em,
      'select tenant_id, caller_phone, caller_withheld from calls where call_sid = ?',
      [params.CallSid],
    );
    if (!call) throw notFound('that call');
    // Kept on the call first (idempotent): the dashboard plays it whatever happens to the signal.
    await sql(
      orm.em,
      `update calls set recording_sid = ?, recording_url = ?, recording_duration_s = coalesce(?, recording_duration_s),
              transcription = coalesce(?, transcription) where call_sid = ?`,
      [params.RecordingSid, params.RecordingUrl, params.RecordingDuration ?? null, transcription ?? null, params.CallSid],
    );
    if (call.caller_withheld) return; // no conversation to tell: nobody can be texted
    const voicemail: Voicemail = {
      callSid: params.CallSid,
      recordingSid: params.RecordingSid,
      durationSeconds: params.RecordingDuration ?? 0,
      ...(transcription ? { transcription } : {}),
    };
    // Only a running conversation hears of it (no startInput): a voicemail never opens one.
    const event: InboundEvent = {
      dedupeKey: key,
      tenantId: call.tenant_id,
      workflowId: conversationWorkflowId(call.tenant_id, call.caller_phone),
      signalName: voicemailSignal.name,
      signalArgs: [voicemail],
    };
    if (await store(event)) deliverLater(ctx, key);
  }

  /**
   * Tells the caller's running conversation, if there is one (these events never start one): stored
   * like every caller event and delivered after the answer, after anything still pending for that
   * conversation, so a hang-up never overtakes the missed call it ends.
   */
  async function tellRunningConversation<Args extends unknown[]>(
    ctx: Context,
    tenantId: string,
    caller: string,
    dedupeKey: string,
    signal: SignalDefinition<Args>,
    ...args: Args
  ) {
    const event: InboundEvent = {
      dedupeKey,
      tenantId,
      workflowId: conversationWorkflowId(tenantId, caller),
      signalName: signal.name,
      signalArgs: args,
    };
    if (await store(event)) deliverLater(ctx, dedupeKey);
  }

  async function tellConversation(conversationId: string, report: DeliveryStatus) {
    const [conversation] = await sql<{ workflow_id: string; closed_at: Date | null }[]>(
      orm.em,
      'select workflow_id, closed_at from conversations where id = ?',
      [conversationId],
    );
    if (!conversation || conversation.closed_at) return;
    try {
      await temporal.workflow.getHandle(conversation.workflow_id).signal(deliveryStatusSignal, report);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  // A text from a caller: it joins their open conversation, or opens a new one linked to the last.
  router.post('/sms', async (ctx) => {
    const params = validate(smsParams, ctx.request.body);
    const business = await businessFor(params.To);
    const caller = toE164(params.From);
    if (!caller) throw new HttpError(400, 'invalid_number', 'From is not a phone number');
    const sms: InboundSms = {
      messageSid: params.MessageSid,
      body: params.Body,
      receivedAt: new Date().toISOString(),
      ...(params.NumSegments ? { numSegments: params.NumSegments } : {}),
    };
    const key = `sms:${params.MessageSid}`;
    const event = conversationEvent(business, caller, key, inboundSmsSignal.name, [sms]);
    if (await store({ ...event, text: { callerPhone: caller, ...sms } })) deliverLater(ctx, key);
    twiml(ctx, new twilio.twiml.MessagingResponse());
  });

  // Delivery status of a text we sent. Callbacks arrive out of order and repeat: status only
  // moves forward, so applying one twice or late changes nothing.
  router.post('/status', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, string>;
    // The number's own StatusCallback reports calls here too: a caller who hung up without a
    // voicemail must not wait for their text-back.
    if (body.CallSid && !body.MessageSid) {
      const params = validate(callStatusParams, body);
      if (callHasEnded(params.CallStatus)) {
        const [call] = await sql<{ tenant_id: string; caller_phone: string; caller_withheld: boolean }[]>(
          orm.em,
          'select tenant_id, caller_phone, caller_withheld from calls where call_sid = ?',
          [params.CallSid],
        );
        if (call && !call.caller_withheld)
          await tellRunningConversation(ctx, call.tenant_id, call.caller_phone, `ended:${params.CallSid}`, callEndedSignal, {
            callSid: params.CallSid,
          });
      }
      return void (ctx.status = 204);
    }
    const params = validate(statusParams, body);
    const next = TWILIO_MESSAGE_STATUSES[params.MessageStatus];
    if (!next) throw new HttpError(400, 'invalid_request', `MessageStatus: unknown status "${params.MessageStatus}"`);
    await advanceMessageStatus(params.MessageSid, next, params.ErrorCode);
    ctx.status = 204;
  });

  async function advanceMessageStatus(messageSid: string, next: MessageStatus, errorCode: number | undefined) {
    const em = orm.em.fork();
    // Optimistic: retry when a concurrent callback moved the status between our read and write.
    for (let attempt = 0; attempt < 5; attempt++) {
      const [message] = await sql<{ id: string; tenant_id: string; conversation_id: string; status: MessageStatus }[]>(
        em,
        'select id, tenant_id, conversation_id, status from messages where twilio_sid = ?',
        [messageSid],
      );
      if (!message) {
        // Not stored yet (Twilio's callback beat its answer to our send): kept for the send to apply.
        // A report for a text that is not ours waits there harmlessly.
        if (attempt === 0) {
          await rememberEarlyStatus(messageSid, next, errorCode);
          continue; // the send may have stored it meanwhile: look once more
        }
        return;
      }
      if (!canAdvanceStatus(message.status, next)) return;
      const moved = await em.transactional(async (tx) => {
        const updated = await sql(
          tx,
          'update messages set status = ?, error_code = coalesce(?, error_code) where id = ? and status = ? returning id',
          [next, errorCode ?? null, message.id, message.status],
        );
        if (updated.length === 0) return false;
        await publishLiveEvent(tx, message.tenant_id, 'message.status', {
          messageId: message.id,
          conversationId: message.conversation_id,
          status: next,
        });
        return true;
      });
      if (!moved) continue;
      // Stored after all, between our two looks: the early report was applied here instead.
      if (attempt > 0) await sql(em, 'delete from early_message_statuses where twilio_sid = ?', [messageSid]);
      // The conversation acts on failures only: alert the owner, or record a carrier opt-out (21610).
      if (next === 'undelivered' || next === 'failed' || errorCode !== undefined) {
        await tellConversation(message.conversation_id, { messageSid, status: next, ...(errorCode !== undefined ? { errorCode } : {}) });
      }
      return;
    }
  }

  /** Keeps the most advanced early report per SID (final states are final, as for stored texts). */
  async function rememberEarlyStatus(messageSid: string, status: MessageStatus, errorCode: number | undefined) {
    await sql(
      orm.em,
      `insert into early_message_statuses (twilio_sid, status, error_code) values (?, ?, ?)
       on conflict (twilio_sid) do update set status = excluded.status, error_code = coalesce(excluded.error_code, early_message_statuses.error_code)
       where (case excluded.status when 'queued' then 1 when 'sent' then 2 else 3 end)
           > (case early_message_statuses.status when 'queued' then 1 when 'sent' then 2 else 3 end)`,
      [messageSid, status, errorCode ?? null],
    );
  }

  return router;
}
