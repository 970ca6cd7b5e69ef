// The safety net over whatever the model answered: the decision the workflow may act on. It
// backs the model's emergency and opt-out flags with keyword checks on the caller's message and
// replaces a reply that breaks a promise (a price not in the book or of another service than the
// one asked about, a discount, "you're booked", a bot question left unanswered) with a safe one
// from domain/assistant-safety.ts; a caller who asks for a call is handed to the owner, and one who
// asks for a job the business declines gets the polite no.
import { priceBookOffersFree } from '../domain/business-profile';
import { declinedJobAsked } from '../domain/job-match';
import { matchedAmounts, matchPriceBook } from '../domain/price-match';
import {
  automatedAssistantSentence,
  botDisclosureReply,
  callBackReply,
  disclosesAutomation,
  isBotQuestion,
  mentionsCall,
  wantsOwnerCallBack,
} from '../domain/assistant-safety-disclosure';
import {
  declinedJobReply,
  emergencyReply,
  fallbackReply,
  findingATimeReply,
  isPlainOptOut,
  looksSpanish,
  noDiscountReply,
  priceToConfirmReply,
  replyProblems,
  smsSafeText,
  soundsLikeEmergency,
  type ReplyProblem,
} from '../domain/assistant-safety';
import { VOICEMAIL_PREFIX, type LeadFields, type TranscriptEntry } from '../contracts/conversation-workflow';
import type { AssistantAction, DeclineReason, ModelDecision, PromptContext } from './assistant-protocol';

/** What the workflow acts on. */
export interface AssistantDecision {
  /** What to text the caller; empty when nothing should be sent. */
  reply: string;
  fields: LeadFields;
  action: AssistantAction;
  emergency: boolean;
  /** The caller refused further texts in plain words ("leave me alone"): treat as STOP. */
  optOut: boolean;
  declineReason?: DeclineReason;
}

/**
 * What the safety net changed in the model's answer. `bot_not_disclosed`: asked "bot or person?",
 * the reply did not say it is automated. `callback_missed`: the caller asked for a call and the
 * model did not hand off (only a handoff alerts the owner). `declined_job_taken`: the caller asked for
 * a job the business declines (domain/job-match.ts) and the model went on as if it took it.
 */
export type Correction =
  ReplyProblem | 'emergency_missed' | 'opt_out_missed' | 'bot_not_disclosed' | 'callback_missed' | 'declined_job_taken';

function callerMessagesNewestFirst(transcript: TranscriptEntry[]): string[] {
  return transcript
    .filter((entry) => entry.author === 'caller')
    .map((entry) => entry.body)
    .reverse();
}

/** What we (the assistant) texted last before the caller's latest message: did it offer a call back? */
function lastAssistantText(transcript: TranscriptEntry[]): string {
  const lastCaller = transcript.map((entry) => entry.author).lastIndexOf('caller');
  return (
    transcript
      .slice(0, Math.max(lastCaller, 0))
      .reverse()
      .find((entry) => entry.author === 'assistant')?.body ?? ''
  );
}

/**
 * Amounts the reply may state: those of the price-book entry for the job asked about (the
 * caller's latest message, else the known job, else their earlier messages), or before any job
 * is named the general call-out entry (domain/price-match.ts has the rule).
 */
function quotableNow(context: PromptContext, callerMessages: string[]): Set<number> {
  const [latest, ...earlier] = callerMessages;
  return matchedAmounts(matchPriceBook(context.business.priceBook, [latest, context.lead.jobDescription, ...earlier]));
}

/**
 * The safety net: the decision the workflow may act on, whatever the model answered (undefined:
 * no valid answer at all). Keyword checks on the caller's message back up the model's flags.
 */
export function guardDecision(
  answer: ModelDecision | undefined,
  context: PromptContext,
  transcript: TranscriptEntry[],
): { decision: AssistantDecision; corrected: Correction[] } {
  const callerMessages = callerMessagesNewestFirst(transcript);
  const callerSaid = callerMessages[0] ?? '';
  const spanish = looksSpanish(callerSaid);
  const quotable = quotableNow(context, callerMessages);
  const business = context.business.name;
  const corrected: Correction[] = [];
  const fields = answer ? leadFields(answer.fields) : {};

  if (answer?.optOut || isPlainOptOut(callerSaid)) {
    if (!answer?.optOut) corrected.push('opt_out_missed');
    return { decision: { reply: '', fields: {}, action: 'close', emergency: false, optOut: true }, corrected };
  }
  if (!answer) {
    const emergency = soundsLikeEmergency(callerSaid);
    let reply = emergency ? emergencyReply(business, spanish) : fallbackReply(business, spanish);
    // Handed to the owner either way; a bot question still gets its true answer first.
    if (!emergency && isBotQuestion(callerSaid)) reply = `${automatedAssistantSentence(business, spanish)} ${reply}`;
    return {
      decision: { reply, fields: emergency ? { urgency: 'emergency' } : {}, action: 'handoff', emergency, optOut: false },
      corrected,
    };
  }

  let reply = smsSafeText(answer.reply);
  let action: AssistantAction = answer.nextAction === 'book' ? 'offer_slots' : answer.nextAction;
  const emergency = answer.emergency || soundsLikeEmergency(callerSaid);
  if (emergency) {
    if (!answer.emergency) corrected.push('emergency_missed');
    const problems = replyProblems(reply, quotable, false, { freeInPriceBook: priceBookOffersFree(context.business) });
    if (!answer.emergency || problems.length > 0) reply = emergencyReply(business, spanish);
    return {
      decision: { reply, fields: { ...fields, urgency: 'emergency' }, action: 'handoff', emergency: true, optOut: false },
      corrected,
    };
  }

  const problems = replyProblems(reply, quotable, false, { freeInPriceBook: priceBookOffersFree(context.business) });
  corrected.push(...problems);
  if (problems.includes('empty') && action === 'offer_slots') reply = findingATimeReply(spanish);
  else if (problems.includes('empty') || problems.includes('json') || problems.includes('too_long')) {
    reply = fallbackReply(business, spanish);
    action = 'handoff';
  } else if (problems.includes('promises_discount')) reply = noDiscountReply(spanish);
  else if (problems.includes('ungrounded_price')) reply = priceToConfirmReply(spanish);
  else if (problems.includes('claims_booking')) {
    // Only the workflow books; a model that says "you're booked" gets the real free times offered instead.
    reply = findingATimeReply(spanish);
    action = 'offer_slots';
  }
  // "Call me back" ends most voicemails; the text-back answers it by text, so it is not a request to hand over.
  const wantsCall = !callerSaid.startsWith(VOICEMAIL_PREFIX) && wantsOwnerCallBack(callerSaid, lastAssistantText(transcript));
  if (isBotQuestion(callerSaid) && !disclosesAutomation(reply)) {
    corrected.push('bot_not_disclosed');
    reply = wantsCall
      ? `${automatedAssistantSentence(business, spanish)} ${callBackReply(business, spanish)}`
      : botDisclosureReply(business, spanish);
  }
  if (wantsCall && action !== 'handoff') {
    // Only a handoff alerts the owner: a "sure, they'll call you" without one is a broken promise.
    corrected.push('callback_missed');
    action = 'handoff';
    if (!mentionsCall(reply)) reply = callBackReply(business, spanish);
  }
  // A job the business declines, about to be taken (no job asked about before this one): the polite no.
  const declinedJob =
    action !== 'handoff' && action !== 'close' && !answer.declineReason && !takenJobKnown(context)
      ? declinedJobAsked(callerSaid, context.business)
      : undefined;
  if (declinedJob) {
    corrected.push('declined_job_taken');
    reply = declinedJobReply(business, declinedJob, spanish);
    action = 'close';
  }
  // A decline whose text could not be sent is the owner's to word: the handoff stands.
  const declineReason = action === 'handoff' ? undefined : declinedJob ? 'out_of_scope' : (answer.declineReason ?? undefined);
  if (declineReason) action = 'close';
  return {
    decision: {
      reply,
      fields: declineReason ? { ...fields, declineReason } : fields,
      action,
      emergency: false,
      optOut: false,
      ...(declineReason ? { declineReason } : {}),
    },
    corrected,
  };
}

/** The conversation already has a job the business takes: a declined one mentioned besides does not end it. */
function takenJobKnown(context: PromptContext): boolean {
  const job = context.lead.jobDescription;
  return Boolean(job && !declinedJobAsked(job, context.business));
}

function leadFields(fields: ModelDecision['fields']): LeadFields {
  const lead: LeadFields = {};
  const text = (value: string | null, max: number) => (value && value.trim() ? smsSafeText(value).slice(0, max) : undefined);
  const callerName = text(fields.callerName, 80);
  const serviceAddress = text(fields.serviceAddress, 200);
  const jobDescription = text(fields.jobDescription, 300);
  const preferredTime = text(fields.preferredTime, 120);
  if (callerName) lead.callerName = callerName;
  if (serviceAddress) lead.serviceAddress = serviceAddress;
  if (jobDescription) lead.jobDescription = jobDescription;
  if (preferredTime) lead.preferredTime = preferredTime;
  if (fields.urgency) lead.urgency = fields.urgency;
  return lead;
}
