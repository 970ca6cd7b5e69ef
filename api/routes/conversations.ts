// The live inbox (docs/product.md journeys 5 and 6): conversations and their messages, and what the
// owner does to one: read it, take over, hand back, text the caller, set the lead status, book or
// cancel the appointment. Every change goes through the conversation workflow.
import { z } from 'zod';
import { MAX_SMS_BODY } from '../../workflows/messages';
import type { ConversationCommands } from '../conversation-commands';
import { badRequest, HttpError, notFound } from '../errors';
import { ownerRoute, publicRoute, type RouteGroup } from '../route';
import {
  conversationListItem,
  conversationMode,
  id,
  idParams,
  instant,
  isoDateTime,
  leadFields,
  leadStatus,
  messageView,
} from '../schemas';
import type { ApiConfig } from '../../config';
import type { AppointmentRow, TenantScope } from '../tenant-scope';
import { streamRecording, type VoicemailLinks } from '../voicemail-audio';

const conversationParams = idParams('a conversation');
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const listQuery = z.strictObject({
  status: leadStatus.optional(),
  mode: conversationMode.optional(),
  q: z.string().trim().min(1).max(64).optional().meta({ description: "A fragment of the caller's phone number or name." }),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor from the previous page.' }),
  limit: limit(100, 50),
});

/** A list cursor is the last item's activity time (µs since the epoch) and id. */
function parseCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const match = /^(\d{1,17})\.([0-9a-f-]{36})$/i.exec(cursor);
  if (!match || !z.uuid().safeParse(match[2]).success)
    throw badRequest('invalid_cursor', 'cursor: pass nextCursor from the previous page unchanged');
  return { activityUs: match[1]!, id: match[2]! };
}

const appointment = z
  .object({ id: z.uuid(), start: instant, end: instant, status: z.enum(['booked', 'cancelled']) })
  .meta({ id: 'ConversationAppointment' });
const call = z
  .object({
    id: z.uuid(),
    callSid: z.string(),
    createdAt: instant,
    dialStatus: z.string().nullable(),
    ownerAccepted: z.boolean(),
    voicemail: z.object({ url: z.string(), durationSeconds: z.int().nullable(), transcription: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'Call' });
const conversationDetail = conversationListItem
  .extend({
    lead: leadFields,
    appointment: appointment.nullable(),
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

const iso = (value: Date | string) => new Date(value).toISOString();
const appointmentView = (row: AppointmentRow | null) =>
  row ? { id: row.id, start: iso(row.starts_at), end: iso(row.ends_at), status: row.status } : null;

export function conversationRoutes({
  commands,
  config,
  voicemailLinks,
  scopeForTenant,
}: {
  commands: ConversationCommands;
  config: ApiConfig;
  voicemailLinks: VoicemailLinks;
  /** A scope for a business named by a signed voicemail link (no signed-in owner). */
  scopeForTenant: (tenantId: string) => TenantScope;
}): RouteGroup {
  return {
    tag: 'Conversations',
    description: 'Every conversation is a lead; the workflow behind it acts on what the owner does here.',
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/conversations',
        summary: 'Conversations, most recent activity first',
        query: listQuery,
        response: z.object({ conversations: z.array(conversationListItem), nextCursor: z.string().nullable() }),
        handler: async ({ scope, query }) => {
          const page = await scope.listConversations({ ...query, cursor: parseCursor(query.cursor) });
          return {
            conversations: page.items.map(({ cursor: _cursor, ...item }) => item),
            nextCursor: page.more ? (page.items.at(-1)?.cursor ?? null) : null,
          };
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/calls/withheld',
        summary: 'Missed calls from withheld numbers, newest first',
        description:
          'Calls whose caller ID was withheld, anonymous or unusable: forwarded to the owner like any call, never texted back (there is no number to text), so they have no conversation.',
        query: z.strictObject({ limit: limit(100, 20) }),
        response: z.object({ calls: z.array(call) }),
        errors: [],
        handler: async ({ scope, query }) => ({
          calls: await scope.withheldMissedCalls(query.limit, (callId) => voicemailLinks.link(scope.tenantId, callId)),
        }),
      }),
      ownerRoute({
        method: 'get',
        path: '/api/conversations/:id',
        summary: 'One conversation: the lead, its appointment, calls (with voicemail) and AI usage',
        params: conversationParams,
        response: z.object({ conversation: conversationDetail }),
        handler: async ({ scope, params }) => {
          const conversation = await scope.conversation(params.id);
          const [calls, aiUsage, booked] = await Promise.all([
            scope.conversationCalls(params.id, (callId) => voicemailLinks.link(scope.tenantId, callId)),
            scope.conversationAiUsage(params.id),
            scope.conversationAppointment(params.id),
          ]);
          return {
            conversation: {
              ...conversation.item,
              lead: conversation.lead,
              appointment: appointmentView(booked),
              calls,
              aiUsage,
            },
          };
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/conversations/:id/messages',
        summary: 'Messages, oldest first, a page at a time (pass nextCursor as before for older ones)',
        params: conversationParams,
        query: z.strictObject({ before: id('a message').optional(), limit: limit(200, 50) }),
        response: z.object({ messages: z.array(messageView), nextCursor: z.uuid().nullable() }),
        errors: [],
        handler: ({ scope, params, query }) => scope.messages(params.id, query),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/conversations/:id/read',
        summary: 'Mark the conversation read (its unread count goes to 0)',
        params: conversationParams,
        status: 204,
        handler: async ({ scope, params }) => {
          await scope.markConversationRead(params.id);
        },
      }),
      ownerRoute({
        method: 'post',
        path: '/api/conversations/:id/takeover',
        summary: 'Take over: the assistant stops at once, even mid-reply',
        params: conversationParams,
        status: 202,
        errors: [409, 503],
        handler: async ({ scope, params }) => {
          await commands.takeOver(scope, params.id);
        },
      }),
      ownerRoute({
        method: 'post',
        path: '/api/conversations/:id/handback',
        summary: 'Hand the conversation back to the assistant',
        params: conversationParams,
        status: 202,
        errors: [409, 503],
        handler: async ({ scope, params }) => {
          await commands.handBack(scope, params.id);
        },
      }),
      ownerRoute({
        method: 'post',
        path: '/api/conversations/:id/called-back',
        summary: 'The owner returned the call: a text-back still waiting out its delay is cancelled',
        params: conversationParams,
        status: 202,
        errors: [409, 503],
        handler: async ({ scope, params }) => {
          await commands.calledBack(scope, params.id);
        },
      }),
      ownerRoute({
        method: 'post',
        path: '/api/conversations/:id/messages',
        summary: 'Text the caller as the owner (takes over if the assistant was active)',
        description: 'Sending the same clientId again (a retry) sends the text once and answers with the same message.',
        params: conversationParams,
        body: z
          .strictObject({
            body: z.string().trim().min(1, 'the message is empty').max(MAX_SMS_BODY, `must be at most ${MAX_SMS_BODY} characters`),
            clientId: z.uuid('must be a UUID made by the browser for this message'),
          })
          .meta({ id: 'OwnerMessage' }),
        status: 201,
        response: z.object({ message: messageView }),
        errors: [409, 422, 503],
        handler: async ({ scope, params, body }) => ({ message: await commands.sendOwnerMessage(scope, params.id, body) }),
      }),
      ownerRoute({
        method: 'put',
        path: '/api/conversations/:id/lead-status',
        summary: 'Set the lead status by hand',
        description:
          'opted_out is only the caller’s to set (STOP/START) and booked only comes from booking: those are 422; the same status again is 409.',
        params: conversationParams,
        body: z.strictObject({ status: leadStatus }),
        response: z.object({ conversationId: z.uuid(), leadStatus }),
        errors: [409, 422, 503],
        handler: async ({ scope, params, body }) => ({
          conversationId: params.id,
          leadStatus: await commands.setLeadStatus(scope, params.id, body.status),
        }),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/conversations/:id/appointment',
        summary: 'Book (or move) the appointment to a free slot; the caller gets a confirmation',
        params: conversationParams,
        body: z.strictObject({ start: isoDateTime }),
        status: 201,
        response: z.object({ appointment: z.object({ id: z.uuid(), start: instant, end: instant }) }),
        errors: [409, 422, 503],
        handler: async ({ scope, params, body }) => {
          const booked = await commands.bookSlot(scope, params.id, new Date(body.start).toISOString());
          return { appointment: { id: booked.id, start: iso(booked.start), end: iso(booked.end) } };
        },
      }),
      ownerRoute({
        method: 'delete',
        path: '/api/conversations/:id/appointment',
        summary: 'Cancel the appointment; the caller is told',
        params: conversationParams,
        status: 204,
        errors: [409, 503],
        handler: async ({ scope, params }) => {
          await commands.cancelAppointment(scope, params.id);
        },
      }),
      publicRoute({
        method: 'get',
        path: '/api/voicemails/:callId.wav',
        summary: "A voicemail's audio, by the signed, expiring link the conversation view gives (an <audio> element sends no token)",
        params: z.object({ callId: z.uuid('is not a call id') }),
        query: z.object({ tenant: z.uuid(), expires: z.coerce.number().int(), signature: z.string().max(100) }),
        contentType: 'audio/x-wav',
        errors: [403, 404, 502],
        handler: async ({ params, query, ctx }) => {
          if (
            !voicemailLinks.verify({ tenantId: query.tenant, callId: params.callId, expires: query.expires, signature: query.signature })
          ) {
            throw new HttpError(403, 'link_expired', 'this voicemail link is not valid any more: open the conversation again');
          }
          const recordingUrl = await scopeForTenant(query.tenant).callRecordingUrl(params.callId);
          if (!recordingUrl) throw notFound('that voicemail');
          await streamRecording(ctx, config, recordingUrl);
        },
      }),
    ],
  };
}
