// Twilio's webhooks (ARCHITECTURE.md "Webhooks"): check the signature, dedupe by SID, map the
// number to its business, signal the workflow, answer TwiML in milliseconds. Anything that can
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
import { isMissedDialStatus } from '../../domain/missed-call';
import { publishLiveEvent } from '../../db/live-events';
import { toE164 } from '../../domain/phone';
import { NmcCallerPhone, NmcLeadStatus, NmcMode, NmcTenantId } from '../../temporal/search-attributes';
import { TASK_QUEUES } from '../../temporal/task-queues';
import {
  CONVERSATION_WORKFLOW,
  deliveryStatusSignal,
  inboundSmsSignal,
  missedCallSignal,
  type ConversationInput,
  type DeliveryStatus,
} from '../../workflows/messages';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, validate } from '../errors';
import { requireTwilioSignature } from './signature';
import { sql } from '../../db/sql';

const RING_TIMEOUT_SECONDS = 20;
const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a Twilio ${prefix} SID`);

const statusParams = z.object({
  MessageSid: sid('SM'),
  MessageStatus: z.string().max(32),
  ErrorCode: z.coerce.number().int().optional(),
});
const smsParams = z.object({ MessageSid: sid('SM'), From: z.string().max(64), To: z.string().max(64), Body: z.string().max(1_600) });
const voiceParams = z.object({ CallSid: sid('CA'), From: z.string().max(64), To: z.string().max(64) });
const dialResultParams = voiceParams.extend({ DialCallStatus: z.string().max(32) });

interface Business {
  tenantId: string;
  ownerPhone: string;
  businessPhone: string;
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
    return { tenantId: row.tenant_id, ownerPhone: row.owner_phone, businessPhone: e164 };
  }

  /** Claims a webhook delivery; false when this key was processed before (Twilio retried it). */
  async function claimDelivery(key: string, tenantId: string): Promise<boolean> {
    const rows = await sql(
      orm.em,
      'insert into webhook_events (dedupe_key, tenant_id) values (?, ?) on conflict (dedupe_key) do nothing returning dedupe_key',
      [key, tenantId],
    );
    return rows.length === 1;
  }

  // A call to the business number: forward it to the owner's cell for the ring timeout.
  router.post('/voice', async (ctx) => {
    const params = validate(voiceParams, ctx.request.body);
    const business = await businessFor(params.To);
    const response = new twilio.twiml.VoiceResponse();
    const dial = response.dial({
      action: `${config.PUBLIC_URL}/webhooks/twilio/voice/dial-result`,
      method: 'POST',
      timeout: RING_TIMEOUT_SECONDS,
      answerOnBridge: true,
    });
    dial.number(business.ownerPhone);
    twiml(ctx, response);
  });

  // The forwarded leg ended: if nobody answered, the caller gets a text within seconds.
  router.post('/voice/dial-result', async (ctx) => {
    const params = validate(dialResultParams, ctx.request.body);
    const business = await businessFor(params.To);
    const response = new twilio.twiml.VoiceResponse();
    const caller = toE164(params.From);
    if (!isMissedDialStatus(params.DialCallStatus) || !caller) {
      response.hangup();
      return twiml(ctx, response);
    }
    if (await claimDelivery(`dial-result:${params.CallSid}`, business.tenantId)) {
      try {
        await signalConversation(business, caller, {
          signal: missedCallSignal,
          signalArgs: [{ callSid: params.CallSid, dialStatus: params.DialCallStatus }],
        });
      } catch (error) {
        await releaseDelivery(`dial-result:${params.CallSid}`);
        throw error;
      }
    }
    response.say('Sorry we missed your call. We will text you right away.');
    response.hangup();
    twiml(ctx, response);
  });

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
    const key = `sms:${params.MessageSid}`;
    if (await claimDelivery(key, business.tenantId)) {
      try {
        await signalConversation(business, caller, {
          signal: inboundSmsSignal,
          signalArgs: [{ messageSid: params.MessageSid, body: params.Body, receivedAt: new Date().toISOString() }],
        });
      } catch (error) {
        await releaseDelivery(key);
        throw error;
      }
    }
    twiml(ctx, new twilio.twiml.MessagingResponse());
  });

  // Delivery status of a text we sent. Callbacks arrive out of order and repeat: status only
  // moves forward, so applying one twice or late changes nothing.
  router.post('/status', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, string>;
    // The number's own StatusCallback reports calls here too; call progress is not tracked yet.
    if (body.CallSid && !body.MessageSid) return void (ctx.status = 204);
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
      // Not one of ours (or not stored yet): nothing to move; Twilio need not retry.
      if (!message || !canAdvanceStatus(message.status, next)) return;
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
      // The conversation acts on failures only: alert the owner, or record a carrier opt-out (21610).
      if (next === 'undelivered' || next === 'failed' || errorCode !== undefined) {
        await tellConversation(message.conversation_id, { messageSid, status: next, ...(errorCode !== undefined ? { errorCode } : {}) });
      }
      return;
    }
  }

  /** Release a claim so Twilio's retry of this webhook gets another chance. */
  async function releaseDelivery(key: string) {
    await sql(orm.em, 'delete from webhook_events where dedupe_key = ?', [key]);
  }

  /** signalWithStart: a running conversation gets the signal; otherwise a new run starts with it. */
  async function signalConversation<Args extends unknown[]>(
    business: Business,
    caller: string,
    { signal, signalArgs }: { signal: SignalDefinition<Args>; signalArgs: Args },
  ) {
    const input: ConversationInput = { tenantId: business.tenantId, callerPhone: caller, businessPhone: business.businessPhone };
    const options = {
      workflowId: conversationWorkflowId(business.tenantId, caller),
      taskQueue: TASK_QUEUES.conversations,
      args: [input],
      signal,
      signalArgs,
      typedSearchAttributes: [
        { key: NmcTenantId, value: business.tenantId },
        { key: NmcCallerPhone, value: caller },
        { key: NmcLeadStatus, value: 'new' },
        { key: NmcMode, value: 'ai' },
      ],
    };
    // The workflow is named, not imported (the api never loads workflow code), so its types are given here.
    const handle = await temporal.workflow.signalWithStart(
      CONVERSATION_WORKFLOW,
      options as Parameters<typeof temporal.workflow.signalWithStart>[1],
    );
    log.info({ workflowId: handle.workflowId, signal: signal.name }, 'conversation signalled');
  }

  return router;
}
