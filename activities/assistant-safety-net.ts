// The safety net over whatever the model answered: the decision the workflow may act on. It
// backs the model's emergency and opt-out flags with keyword checks on the caller's message and
// replaces a reply that breaks a promise (a price not in the book, a discount, "you're booked")
// with a safe one from domain/assistant-safety.ts.
import { priceBookOffersFree, quotableAmounts } from '../domain/business-profile';
import {
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
import type { LeadFields, TranscriptEntry } from '../contracts/conversation-workflow';
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

/** What the safety net changed in the model's answer. */
export type Correction = ReplyProblem | 'emergency_missed' | 'opt_out_missed';

function lastCallerMessage(transcript: TranscriptEntry[]): string {
  return [...transcript].reverse().find((entry) => entry.author === 'caller')?.body ?? '';
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
  const callerSaid = lastCallerMessage(transcript);
  const spanish = looksSpanish(callerSaid);
  const business = context.business.name;
  const corrected: Correction[] = [];
  const fields = answer ? leadFields(answer.fields) : {};

  if (answer?.optOut || isPlainOptOut(callerSaid)) {
    if (!answer?.optOut) corrected.push('opt_out_missed');
    return { decision: { reply: '', fields: {}, action: 'close', emergency: false, optOut: true }, corrected };
  }
  if (!answer) {
    const emergency = soundsLikeEmergency(callerSaid);
    const reply = emergency ? emergencyReply(business, spanish) : fallbackReply(business, spanish);
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
    const problems = replyProblems(reply, quotableAmounts(context.business), false, {
      freeInPriceBook: priceBookOffersFree(context.business),
    });
    if (!answer.emergency || problems.length > 0) reply = emergencyReply(business, spanish);
    return {
      decision: { reply, fields: { ...fields, urgency: 'emergency' }, action: 'handoff', emergency: true, optOut: false },
      corrected,
    };
  }

  const problems = replyProblems(reply, quotableAmounts(context.business), false, {
    freeInPriceBook: priceBookOffersFree(context.business),
  });
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
  // A decline whose text could not be sent is the owner's to word: the handoff stands.
  const declineReason = action === 'handoff' ? undefined : (answer.declineReason ?? undefined);
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
