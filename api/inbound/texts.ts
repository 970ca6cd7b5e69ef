// A caller texted a business number: stored with its MessageSid (shown on the dashboard at once
// when the caller has an open conversation), then the caller's conversation is told, or started.
import { conversationWorkflowId } from '../../domain/conversation-id';
import { toE164 } from '../../domain/phone';
import { inboundSmsSignal, type ConversationInput, type InboundSms } from '../../contracts/conversation-workflow';
import { HttpError } from '../errors';
import { businessForNumber } from './business';
import type { InboundContext } from './context';

export async function textArrived(
  app: InboundContext,
  text: { messageSid: string; from: string; to: string; body: string; numSegments?: number | undefined },
): Promise<void> {
  const business = await businessForNumber(app.orm, text.to);
  const caller = toE164(text.from);
  if (!caller) throw new HttpError(400, 'invalid_number', 'From is not a phone number');
  const sms: InboundSms = {
    messageSid: text.messageSid,
    body: text.body,
    receivedAt: new Date().toISOString(),
    ...(text.numSegments ? { numSegments: text.numSegments } : {}),
  };
  const startInput: ConversationInput = {
    tenantId: business.tenantId,
    callerPhone: caller,
    businessPhone: business.businessPhone,
    businessName: business.name,
  };
  await app.store({
    dedupeKey: `sms:${text.messageSid}`,
    tenantId: business.tenantId,
    workflowId: conversationWorkflowId(business.tenantId, caller),
    signalName: inboundSmsSignal.name,
    signalArgs: [sms],
    startInput,
    text: { callerPhone: caller, ...sms },
  });
}
