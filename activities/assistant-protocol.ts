// The protocol between the assistant activity and any OpenAI-compatible model server: the chat
// messages we send and the structured decision we accept back. The offline assistant and the
// fake server in tests speak it too, so one code path (the real `openai` SDK over HTTP) serves
// OpenAI, a local model, sandbox mode and tests alike.
import { z } from 'zod';
import { OFFLINE_ASSISTANT_MODEL } from '../domain/assistant-safety';
import type { BusinessProfile } from '../domain/business-profile';
import type { LeadFields, TranscriptEntry } from '../contracts/conversation-workflow';

export const ASSISTANT_ACTIONS = ['reply', 'offer_slots', 'book', 'handoff', 'close'] as const;
export type AssistantAction = (typeof ASSISTANT_ACTIONS)[number];
export const DECLINE_REASONS = ['out_of_area', 'out_of_scope'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/**
 * What the model must answer: strict JSON (every key present, null when unknown), so it also
 * works with OpenAI's `json_schema` strict mode.
 */
export const modelDecisionSchema = z
  .object({
    reply: z.string().describe('The SMS to send the caller: plain text, at most 320 characters, no emoji.'),
    fields: z
      .object({
        callerName: z.string().nullable(),
        serviceAddress: z.string().nullable(),
        jobDescription: z.string().nullable(),
        urgency: z.enum(['emergency', 'soon', 'flexible']).nullable(),
        preferredTime: z.string().nullable(),
      })
      .strict()
      .describe('Lead fields learned from the latest caller message; null when not stated.'),
    nextAction: z.enum(ASSISTANT_ACTIONS),
    emergency: z.boolean(),
    optOut: z.boolean().describe('The caller asked not to be texted any more, in any words or language.'),
    declineReason: z.enum(DECLINE_REASONS).nullable(),
  })
  .strict();
export type ModelDecision = z.infer<typeof modelDecisionSchema>;

/** The JSON schema sent as `response_format` (strict structured output). */
export const MODEL_DECISION_JSON_SCHEMA = z.toJSONSchema(modelDecisionSchema, { target: 'draft-7' }) as Record<string, unknown>;

/** The model name the offline assistant answers to; conversations it served are labelled offline. */
export const OFFLINE_MODEL = OFFLINE_ASSISTANT_MODEL;

export interface ReturningCustomer {
  name?: string;
  lastJob?: string;
  previousConversations: number;
}

/** Facts the prompt gives the model, also embedded as JSON so the offline assistant can read them. */
export interface PromptContext {
  business: BusinessProfile;
  /** The business's opening hours in words, in its time zone. */
  hours: string;
  timeZone: string;
  /** The local date and time now, e.g. "Thursday 2026-11-26 09:14". */
  now: string;
  lead: LeadFields;
  returningCustomer: ReturningCustomer | null;
}

const CONTEXT_OPEN = '<conversation-context>';
const CONTEXT_CLOSE = '</conversation-context>';

export function contextBlock(context: PromptContext): string {
  return `${CONTEXT_OPEN}\n${JSON.stringify(context)}\n${CONTEXT_CLOSE}`;
}

/** The context embedded in a system prompt by contextBlock, or undefined. */
export function readPromptContext(systemPrompt: string): PromptContext | undefined {
  const start = systemPrompt.indexOf(CONTEXT_OPEN);
  const end = systemPrompt.indexOf(CONTEXT_CLOSE, start);
  if (start < 0 || end < 0) return undefined;
  try {
    return JSON.parse(systemPrompt.slice(start + CONTEXT_OPEN.length, end)) as PromptContext;
  } catch {
    return undefined;
  }
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Owner messages are shown to the model as ours, marked, so it never contradicts them. */
export const OWNER_PREFIX = '(owner) ';
export const NOTE_PREFIX = '[note] ';

/** The transcript as chat turns: caller → user, our texts → assistant, system notes → user notes. */
export function transcriptMessages(transcript: TranscriptEntry[]): ChatMessage[] {
  return transcript.map((entry) =>
    entry.author === 'caller'
      ? { role: 'user', content: entry.body }
      : entry.author === 'system'
        ? { role: 'user', content: `${NOTE_PREFIX}${entry.body}` }
        : { role: 'assistant', content: entry.author === 'owner' ? `${OWNER_PREFIX}${entry.body}` : entry.body },
  );
}
