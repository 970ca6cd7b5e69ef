// The live inbox over HTTP: conversations, their messages, and what the owner does to one.
// ConversationSummary and MessageView are contracts/live-events.ts's (live events carry them too);
// the checks at the end keep these schemas and those types in step.
import { z } from 'zod';
import { MAX_SMS_BODY, type LeadFields as DomainLeadFields } from '../../domain/conversation-facts';
import type { ConversationSummary, MessageView } from '../live-events';
import { conversationMode, id, idParams, instant, isoDateTime, leadStatus, limit, type Same } from './common';
import { e164 } from './phone';

const messageStatus = z.enum(['received', 'queued', 'sent', 'delivered', 'undelivered', 'failed']);

export const conversationSummary = z
  .object({
    id: z.uuid(),
    callerPhone: e164,
    leadStatus,
    mode: conversationMode,
    createdAt: instant,
    lastMessageAt: instant.nullable(),
    lastMessagePreview: z.string().nullable(),
    callerName: z.string().nullable(),
    offline: z.boolean().meta({ description: 'Answered by the offline rules assistant (sandbox without an OpenAI key).' }),
  })
  .meta({ id: 'ConversationSummary' });

/** A conversation as the inbox lists it: the live summary plus who the caller is and what is unread. */
export interface ConversationListItem extends ConversationSummary {
  unreadCount: number;
}

export const conversationListItem = conversationSummary
  .extend({
    unreadCount: z.int().min(0),
  })
  .meta({ id: 'ConversationListItem' });

export const messageView = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid(),
    direction: z.enum(['inbound', 'outbound']),
    author: z.enum(['caller', 'assistant', 'owner', 'system']),
    body: z.string(),
    status: messageStatus,
    createdAt: instant,
  })
  .meta({ id: 'Message' });

export const leadFields = z
  .object({
    callerName: z.string().optional(),
    serviceAddress: z.string().optional(),
    jobDescription: z.string().optional(),
    urgency: z.enum(['emergency', 'soon', 'flexible']).optional(),
    preferredTime: z.string().optional(),
    declineReason: z
      .enum(['out_of_area', 'out_of_scope'])
      .optional()
      .meta({ description: 'Why the assistant declined the job (the lead is lost for that reason).' }),
    place: z
      .object({
        formatted: z.string(),
        street: z.string().optional(),
        city: z.string().optional(),
        state: z.string().optional(),
        zip: z.string().optional(),
        lat: z.number().optional(),
        lng: z.number().optional(),
        check: z.enum(['confirmed', 'unconfirmed', 'not_found', 'unchecked']),
        inArea: z.boolean().optional(),
        readBack: z.boolean().optional(),
      })
      .optional()
      .meta({ id: 'PlacedAddress', description: 'The service address as the map placed it, and whether it is inside the service area.' }),
  })
  .meta({ id: 'LeadFields' });
export type LeadFields = z.output<typeof leadFields>;

// ---- requests -----------------------------------------------------------------------------------

export const conversationParams = idParams('a conversation');

export const conversationListQuery = z.strictObject({
  status: leadStatus.optional(),
  mode: conversationMode.optional(),
  q: z.string().trim().min(1).max(64).optional().meta({ description: "A fragment of the caller's phone number or name." }),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor from the previous page.' }),
  limit: limit(100, 50),
});
/** What the owner filters the inbox by. */
export type ConversationFilters = Pick<z.input<typeof conversationListQuery>, 'status' | 'mode' | 'q'>;

export const withheldCallsQuery = z.strictObject({ limit: limit(100, 20) });
export const messagesQuery = z.strictObject({ before: id('a message').optional(), limit: limit(200, 50) });

export const ownerMessage = z
  .strictObject({
    body: z.string().trim().min(1, 'the message is empty').max(MAX_SMS_BODY, `must be at most ${MAX_SMS_BODY} characters`),
    clientId: z.uuid('must be a UUID made by the browser for this message'),
  })
  .meta({ id: 'OwnerMessage' });
export type OwnerMessage = z.input<typeof ownerMessage>;

export const leadStatusChange = z.strictObject({ status: leadStatus });
export const booking = z.strictObject({ start: isoDateTime });

export const voicemailParams = z.object({ callId: z.uuid('is not a call id') });
export const voicemailQuery = z.object({ tenant: z.uuid(), expires: z.coerce.number().int(), signature: z.string().max(100) });

// ---- responses ----------------------------------------------------------------------------------

export const appointmentRef = z
  .object({ id: z.uuid(), start: instant, end: instant, status: z.enum(['booked', 'cancelled']) })
  .meta({ id: 'ConversationAppointment' });
export type AppointmentRef = z.output<typeof appointmentRef>;

export const call = z
  .object({
    id: z.uuid(),
    callSid: z.string(),
    createdAt: instant,
    dialStatus: z.string().nullable(),
    ownerAccepted: z.boolean(),
    voicemail: z.object({ url: z.string(), durationSeconds: z.int().nullable(), transcription: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'Call' });
export type CallView = z.output<typeof call>;
export type Voicemail = NonNullable<CallView['voicemail']>;

export const conversationDetail = conversationListItem
  .extend({
    lead: leadFields,
    appointment: appointmentRef.nullable(),
    calls: z.array(call),
    aiUsage: z.object({
      turns: z.int(),
      promptTokens: z.int(),
      completionTokens: z.int(),
      model: z.string().nullable(),
      averageLatencyMs: z.number().nullable(),
    }),
  })
  .meta({ id: 'ConversationDetail' });
export type ConversationDetails = z.output<typeof conversationDetail>;
export type AiUsage = ConversationDetails['aiUsage'];

export const conversationPage = z.object({ conversations: z.array(conversationListItem), nextCursor: z.string().nullable() });
export const withheldCalls = z.object({ calls: z.array(call) });
export const conversationAnswer = z.object({ conversation: conversationDetail });
export const messagePage = z.object({ messages: z.array(messageView), nextCursor: z.uuid().nullable() });
export const sentMessage = z.object({ message: messageView });
export const leadStatusChanged = z.object({ conversationId: z.uuid(), leadStatus });
export const booked = z.object({ appointment: z.object({ id: z.uuid(), start: instant, end: instant }) });

export type ConversationPage = z.output<typeof conversationPage>;
export type MessagePage = z.output<typeof messagePage>;
export type SentMessage = z.output<typeof sentMessage>;
export type LeadStatusChanged = z.output<typeof leadStatusChanged>;
export type Booked = z.output<typeof booked>;
export type WithheldCalls = z.output<typeof withheldCalls>;

// Compile-time checks that the documented shapes are the ones the code produces.
const _summaryMatches: Same<z.output<typeof conversationSummary>, ConversationSummary> = true;
const _listItemMatches: Same<z.output<typeof conversationListItem>, ConversationListItem> = true;
const _messageMatches: Same<z.output<typeof messageView>, MessageView> = true;
const _leadMatches: Same<LeadFields, DomainLeadFields> = true;
void [_summaryMatches, _listItemMatches, _messageMatches, _leadMatches];
