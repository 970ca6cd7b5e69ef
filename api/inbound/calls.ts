// What Twilio tells us about a call to a business number, as the owner would say it: a call came
// in, the owner's phone picked up, the owner pressed 1, the forwarded leg ended (answered or
// missed), the caller left a voicemail, the call ended. Each stores what happened (a withheld
// caller ID included: the owner still sees the missed call) and tells the caller's conversation.
import { parseCallerId } from '../../domain/caller-id';
import { conversationWorkflowId } from '../../domain/conversation-id';
import { callHasEnded, countsAsMissed } from '../../domain/missed-call';
import { callBySid, recordOwnerAccepted, recordVoicemail, rememberCall } from '../../db/calls';
import {
  callAnsweredSignal,
  callEndedSignal,
  missedCallSignal,
  voicemailSignal,
  type ConversationInput,
  type MissedCall,
  type Voicemail,
} from '../../contracts/conversation-workflow';
import type { InboundEvent } from '../../temporal/inbound-delivery';
import { notFound } from '../errors';
import { businessForNumber, type Business } from './business';
import type { InboundContext } from './context';

/** The caller's number, or undefined when it is withheld or unusable (forwarded, never texted). */
function callerNumber(raw: string): string | undefined {
  const caller = parseCallerId(raw);
  return caller.kind === 'number' ? caller.e164 : undefined;
}

/** "completed" from Twilio but nobody pressed 1: carrier voicemail, or the owner let the whisper go. */
function notAcceptedStatus(dialStatus: string): string {
  return dialStatus === 'completed' ? 'not-accepted' : dialStatus;
}

/** An event for the caller's conversation, which it starts (signalWithStart) when none is running. */
function conversationEvent(business: Business, caller: string, dedupeKey: string, signalName: string, args: unknown[]): InboundEvent {
  const startInput: ConversationInput = {
    tenantId: business.tenantId,
    callerPhone: caller,
    businessPhone: business.businessPhone,
    businessName: business.name,
  };
  return {
    dedupeKey,
    tenantId: business.tenantId,
    workflowId: conversationWorkflowId(business.tenantId, caller),
    signalName,
    signalArgs: args,
    startInput,
  };
}

/** An event only a running conversation hears (a voicemail, a hang-up, an answered call): it never starts one. */
function runningConversationEvent(tenantId: string, caller: string, dedupeKey: string, signalName: string, args: unknown[]): InboundEvent {
  return { dedupeKey, tenantId, workflowId: conversationWorkflowId(tenantId, caller), signalName, signalArgs: args };
}

/** The call as we know it from its first webhook on, so screening and dial-result can find it; `dialStatus` when known. */
async function rememberCallOf(app: InboundContext, business: Business, callSid: string, rawFrom: string, dialStatus?: string) {
  const caller = callerNumber(rawFrom);
  const { ownerAccepted } = await rememberCall(app.orm.em, {
    tenantId: business.tenantId,
    callSid,
    callerPhone: caller ?? rawFrom.trim().slice(0, 64),
    callerWithheld: caller === undefined,
    businessPhone: business.businessPhone,
    dialStatus,
  });
  return { caller, ownerAccepted };
}

/** A missed call from a caller we can text: stored, then the text-back's workflow is told. */
async function missedCall(app: InboundContext, business: Business, caller: string, callSid: string, dialStatus: string) {
  const call: MissedCall = { callSid, dialStatus, voicemailOffered: true };
  await app.store(conversationEvent(business, caller, `missed:${callSid}`, missedCallSignal.name, [call]));
}

export type CallArrival = { forward: true; business: Business } | { forward: false; businessName: string; willText: boolean };

/**
 * A call to a business number: forwarded to the owner (screened), or, in "always text back" mode,
 * missed at once (text-back and voicemail).
 */
export async function callArrived(app: InboundContext, call: { callSid: string; from: string; to: string }): Promise<CallArrival> {
  const business = await businessForNumber(app.orm, call.to);
  const forward = business.settings.calls.forwardToOwner;
  const { caller } = await rememberCallOf(app, business, call.callSid, call.from, forward ? undefined : 'not-forwarded');
  if (forward) return { forward: true, business };
  if (caller) await missedCall(app, business, caller, call.callSid, 'not-forwarded');
  return { forward: false, businessName: business.name, willText: caller !== undefined };
}

/** The owner's leg picked up: the business name for the whisper. */
export async function screeningFor(app: InboundContext, parentCallSid: string): Promise<{ businessName: string }> {
  const call = await callBySid(app.orm.em, parentCallSid);
  if (!call) throw notFound('that call');
  return { businessName: call.business_name };
}

/** The owner pressed 1: the call is theirs (bridged), whatever Twilio later says about the leg. */
export async function ownerAccepted(app: InboundContext, parentCallSid: string): Promise<void> {
  if (!(await recordOwnerAccepted(app.orm.em, parentCallSid))) throw notFound('that call');
}

export type LegOutcome = { missed: false } | { missed: true; businessName: string; willText: boolean };

/**
 * The forwarded leg ended. Missed unless the owner accepted the screened call, whatever Twilio's
 * DialCallStatus says. Answered: a text-back still waiting out its delay (from an earlier missed
 * call) is not sent.
 */
export async function forwardedLegEnded(
  app: InboundContext,
  leg: { callSid: string; from: string; to: string; dialStatus: string },
): Promise<LegOutcome> {
  const business = await businessForNumber(app.orm, leg.to);
  const { caller, ownerAccepted: accepted } = await rememberCallOf(app, business, leg.callSid, leg.from, leg.dialStatus);
  if (!countsAsMissed({ dialStatus: leg.dialStatus, screened: true, ownerAccepted: accepted })) {
    if (caller) {
      const answered = { callSid: leg.callSid, by: 'owner_answered' as const };
      await app.store(runningConversationEvent(business.tenantId, caller, `answered:${leg.callSid}`, callAnsweredSignal.name, [answered]));
    }
    return { missed: false };
  }
  if (caller) await missedCall(app, business, caller, leg.callSid, accepted ? leg.dialStatus : notAcceptedStatus(leg.dialStatus));
  return { missed: true, businessName: business.name, willText: caller !== undefined };
}

/**
 * The caller left a voicemail, or Twilio transcribed it (`transcription`). Kept on the call first
 * (idempotent): the dashboard plays it whatever happens to the signal. Only a running conversation
 * hears of it: a voicemail never opens one.
 */
export async function voicemailLeft(
  app: InboundContext,
  recording: { callSid: string; recordingSid: string; recordingUrl: string; durationSeconds?: number | undefined },
  transcription?: string,
): Promise<void> {
  const call = await callBySid(app.orm.em, recording.callSid);
  if (!call) throw notFound('that call');
  await recordVoicemail(app.orm.em, { ...recording, transcription });
  if (call.caller_withheld) return; // no conversation to tell: nobody can be texted
  const voicemail: Voicemail = {
    callSid: recording.callSid,
    recordingSid: recording.recordingSid,
    durationSeconds: recording.durationSeconds ?? 0,
    ...(transcription ? { transcription } : {}),
  };
  const key = `${transcription === undefined ? 'voicemail' : 'transcription'}:${recording.recordingSid}`;
  await app.store(runningConversationEvent(call.tenant_id, call.caller_phone, key, voicemailSignal.name, [voicemail]));
}

/**
 * The number's status callback reports calls too: a caller who hung up without a voicemail must not
 * wait for their text-back. Delivered after anything still pending for that conversation, so a
 * hang-up never overtakes the missed call it ends.
 */
export async function callStatusReported(app: InboundContext, report: { callSid: string; callStatus: string }): Promise<void> {
  if (!callHasEnded(report.callStatus)) return;
  const call = await callBySid(app.orm.em, report.callSid);
  if (!call || call.caller_withheld) return;
  await app.store(
    runningConversationEvent(call.tenant_id, call.caller_phone, `ended:${report.callSid}`, callEndedSignal.name, [
      { callSid: report.callSid },
    ]),
  );
}
