// The live inbox (docs/product.md journeys 5 and 6): conversations and their messages, and what the
// owner does to one: read it, take over, hand back, text the caller, set the lead status, book or
// cancel the appointment. Every change goes through the conversation workflow.
import type { BusinessLimits } from '../business-limits';
import { z } from 'zod';
import {
  booked,
  booking,
  conversationAnswer,
  conversationListQuery,
  conversationPage,
  conversationParams,
  leadStatusChange,
  leadStatusChanged,
  messagePage,
  messagesQuery,
  ownerMessage,
  sentMessage,
  voicemailParams,
  voicemailQuery,
  withheldCalls,
  withheldCallsQuery,
} from '../../contracts/http/conversations';
import type { ConversationCommands } from '../conversation-commands';
import { badRequest, HttpError, notFound } from '../errors';
import { ownerRoute, publicRoute, type RouteGroup } from '../route';
import type { ApiConfig } from '../../config';
import type { AppointmentRow, TenantScope } from '../tenant-scope';
import { streamRecording, type VoicemailLinks } from '../voicemail-audio';

/** A list cursor is the last item's activity time (µs since the epoch) and id. */
function parseCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const match = /^(\d{1,17})\.([0-9a-f-]{36})$/i.exec(cursor);
  if (!match || !z.uuid().safeParse(match[2]).success)
    throw badRequest('invalid_cursor', 'cursor: pass nextCursor from the previous page unchanged');
  return { activityUs: match[1]!, id: match[2]! };
}

const iso = (value: Date | string) => new Date(value).toISOString();
const appointmentView = (row: AppointmentRow | null) =>
  row ? { id: row.id, start: iso(row.starts_at), end: iso(row.ends_at), status: row.status } : null;

export function conversationRoutes({
  commands,
  config,
  voicemailLinks,
  scopeForTenant,
  limits,
}: {
  commands: ConversationCommands;
  config: ApiConfig;
  limits: BusinessLimits;
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
        query: conversationListQuery,
        response: conversationPage,
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
        query: withheldCallsQuery,
        response: withheldCalls,
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
        response: conversationAnswer,
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
        query: messagesQuery,
        response: messagePage,
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
        body: ownerMessage,
        status: 201,
        response: sentMessage,
        errors: [409, 422, 429, 503],
        handler: async ({ scope, params, body }) => {
          await limits.spend(scope, 'owner_text');
          return { message: await commands.sendOwnerMessage(scope, params.id, body) };
        },
      }),
      ownerRoute({
        method: 'put',
        path: '/api/conversations/:id/lead-status',
        summary: 'Set the lead status by hand',
        description:
          'opted_out is only the caller’s to set (STOP/START) and booked only comes from booking: those are 422; the same status again is 409.',
        params: conversationParams,
        body: leadStatusChange,
        response: leadStatusChanged,
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
        body: booking,
        status: 201,
        response: booked,
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
        params: voicemailParams,
        query: voicemailQuery,
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
