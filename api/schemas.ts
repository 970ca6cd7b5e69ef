// Shapes the api answers with, shared by routes and the OpenAPI document. The types they describe
// live in domain/ and db/views.ts; `satisfies` below keeps the two in step.
import { z } from 'zod';
import { ASSISTANT_TONES } from '../domain/business-profile';
import { LEAD_STATUSES } from '../domain/lead-status';
import type { ConversationSummary, MessageView } from '../domain/live-events';
import type { ConversationListItem } from '../db/views';
import { e164 } from './phone-input';

export const id = (what: string) => z.uuid(`must be ${what} id`);
export const idParams = (what: string) => z.object({ id: id(what) });
export const isoDateTime = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 date-time', example: '2026-11-26T15:00:00Z' });
export const instant = z.string().meta({ description: 'ISO 8601 date-time (UTC)', example: '2026-11-26T15:00:00.000Z' });

export const leadStatus = z.enum(LEAD_STATUSES).meta({ id: 'LeadStatus' });
export const conversationMode = z.enum(['ai', 'human']).meta({ id: 'ConversationMode' });
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

export const alertView = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid().nullable(),
    kind: z.string(),
    body: z.string(),
    createdAt: instant,
    readAt: instant.nullable(),
  })
  .meta({ id: 'Alert' });

export const leadFields = z
  .object({
    callerName: z.string().optional(),
    serviceAddress: z.string().optional(),
    jobDescription: z.string().optional(),
    urgency: z.enum(['emergency', 'soon', 'flexible']).optional(),
    preferredTime: z.string().optional(),
  })
  .meta({ id: 'LeadFields' });

const text = (max: number) => z.string().trim().min(1).max(max);
export const priceBookEntry = z.strictObject({ service: text(120), price: text(60), note: text(300).optional() });
export const serviceArea = z.strictObject({
  description: z.string().trim().max(500),
  zipCodes: z
    .array(
      z
        .string()
        .trim()
        .regex(/^\d{5}$/, 'must be a 5-digit ZIP code'),
    )
    .max(500),
  cities: z.array(text(100)).max(200),
});
export const businessProfileFields = z.object({
  jobsTaken: z.array(text(200)).max(100),
  jobsDeclined: z.array(text(200)).max(100),
  serviceArea,
  assistantName: text(60),
  tone: z.enum(ASSISTANT_TONES),
  priceBook: z.array(priceBookEntry).max(200),
});

// Compile-time checks that the documented shapes are the ones the code produces.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _summaryMatches: Same<z.output<typeof conversationSummary>, ConversationSummary> = true;
const _listItemMatches: Same<z.output<typeof conversationListItem>, ConversationListItem> = true;
const _messageMatches: Same<z.output<typeof messageView>, MessageView> = true;
void [_summaryMatches, _listItemMatches, _messageMatches];
