// The assistant's turn (the `ai` task queue). Without a configured model the offline assistant
// in sandbox/ answers through the same decision shape; the model-backed path arrives with the
// assistant work. Its output is checked here: nothing empty, JSON-looking or over-long is sent.
import { offlineAssistantTurn } from '../sandbox/offline-assistant';
import type { LeadFields, TranscriptEntry } from '../workflows/messages';

export interface AssistantTurnInput {
  tenantId: string;
  conversationId: string;
  businessName: string;
  transcript: TranscriptEntry[];
  lead: LeadFields;
}

export interface AssistantDecision {
  /** What to text the caller; empty when nothing should be sent. */
  reply: string;
  fields: LeadFields;
  action: 'reply' | 'offer_slots' | 'book' | 'handoff' | 'close';
  emergency: boolean;
  /** The caller refused further texts in plain words ("leave me alone"): treat as STOP. */
  optOut: boolean;
}

const MAX_REPLY = 320;
const SAFE_FALLBACK = 'Thanks for your message! The owner will get back to you shortly.';

export function checkedDecision(decision: AssistantDecision): AssistantDecision {
  const reply = decision.reply.trim();
  const unsafe = reply.length > MAX_REPLY || /^[[{]/.test(reply);
  if (!unsafe) return { ...decision, reply };
  return { ...decision, reply: SAFE_FALLBACK, action: 'handoff' };
}

export async function assistantTurn(input: AssistantTurnInput): Promise<AssistantDecision> {
  return checkedDecision(offlineAssistantTurn(input));
}
