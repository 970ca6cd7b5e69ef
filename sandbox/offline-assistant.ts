// The offline assistant: deterministic rules that answer when no model is configured (sandbox
// mode without an OpenAI key), so a caller can be qualified end to end without any account.
// It speaks the same decision shape as the model-backed assistant; its texts say nothing it
// cannot keep (no prices, no promised times).
import type { AssistantDecision, AssistantTurnInput } from '../activities/assistant';
import type { LeadFields } from '../workflows/messages';

const EMERGENCY =
  /\b(gas (smell|leak)|smell(s|ing)? (of )?gas|flood(ing|ed)?|burst pipe|no heat|sparks?|smoke|fire|carbon monoxide|sewage)\b/i;
const REFUSAL = /\b(leave me alone|stop (texting|messaging)|don'?t (text|message) me|no m[aá]s|unsubscribe me)\b/i;
const DECLINE = /\b(not interested|no thanks|no thank you|wrong number|already (found|hired) (someone|somebody))\b/i;
const NAME = /\b(?:[Mm]y name is|[Tt]his is|[Ii] am|[Ii]'m|[Nn]ame's|[Ii]t's)\s+([A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?)/;
const ADDRESS =
  /\b(\d{1,6}\s+[A-Za-z0-9.'-]+(?:\s+[A-Za-z0-9.'-]+){0,4}\s+(?:st|street|ave|avenue|rd|road|dr|drive|ln|lane|blvd|way|ct|court|pl|place|trl|trail|pkwy)\b\.?(?:[^.!?\n]*)?)/i;

function extract(message: string, known: LeadFields): LeadFields {
  const fields: LeadFields = {};
  const name = NAME.exec(message)?.[1];
  if (name && !known.callerName) fields.callerName = name;
  const address = ADDRESS.exec(message)?.[1]?.trim();
  if (address && !known.serviceAddress) fields.serviceAddress = address;
  // The first message that is neither a name nor an address describes the job.
  if (!known.jobDescription && !name && !address && message.trim().split(/\s+/).length >= 3)
    fields.jobDescription = message.trim().slice(0, 200);
  return fields;
}

export function offlineAssistantTurn(input: AssistantTurnInput): AssistantDecision {
  const message = [...input.transcript].reverse().find((entry) => entry.author === 'caller')?.body ?? '';
  if (REFUSAL.test(message)) return { reply: '', fields: {}, action: 'close', emergency: false, optOut: true };
  if (DECLINE.test(message)) {
    return {
      reply: `No problem. Thanks for letting ${input.businessName} know!`,
      fields: {},
      action: 'close',
      emergency: false,
      optOut: false,
    };
  }
  const fields = extract(message, input.lead);
  if (EMERGENCY.test(message)) {
    return {
      reply: `This sounds urgent. I'm alerting the owner of ${input.businessName} right now. If anyone is in danger, leave the building and call 911.`,
      fields: { ...fields, urgency: 'emergency' },
      action: 'handoff',
      emergency: true,
      optOut: false,
    };
  }
  const lead = { ...input.lead, ...fields };
  const reply = !lead.jobDescription
    ? 'Thanks! What can we help you with?'
    : !lead.callerName
      ? 'Got it. May I have your name?'
      : !lead.serviceAddress
        ? `Thanks, ${lead.callerName.split(' ')[0]}. What is the address where you need the work done?`
        : `Thanks, ${lead.callerName.split(' ')[0]}! Let me find you a time.`;
  // Everything needed is known: the workflow offers real free slots next.
  const qualified = Boolean(lead.jobDescription && lead.callerName && lead.serviceAddress);
  return { reply, fields, action: qualified ? 'offer_slots' : 'reply', emergency: false, optOut: false };
}
