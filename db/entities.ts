// The read model (docs/architecture.md "Read model"): what the dashboard shows. Workflows own the
// truth of a running conversation; activities write these rows idempotently.
import { defineEntity, p } from '@mikro-orm/core';
import type { ConversationMode } from '../contracts/live-events';
import type { LeadStatus } from '../domain/lead-status';
import type { ConversationSettings } from '../domain/settings';
import type { LeadFields } from '../contracts/conversation-workflow';

/** How the owner wants to be alerted (users.notifications, partial: missing fields take these defaults). */
export interface OwnerNotifications {
  /** Alerts by SMS as well as on the dashboard. */
  smsAlerts?: boolean;
  /** Where SMS alerts go; null or missing: the business's owner phone. */
  alertPhone?: string | null;
}

const createdAt = () => p.datetime().onCreate(() => new Date());

export const Tenant = defineEntity({
  name: 'Tenant',
  tableName: 'tenants',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    trade: p.text(),
    timezone: p.text(),
    ownerPhone: p.text(),
    /** Partial conversation settings; db/business-settings.ts fills in the defaults. */
    settings: p.json<Partial<ConversationSettings>>(),
    onboardedAt: p.datetime().nullable(),
    /** The secret in the owner's calendar feed URL (GET /api/calendar/<token>.ics); rotatable. */
    calendarToken: p.text().unique().hidden(),
    createdAt: createdAt(),
  },
});

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    email: p.text().unique(),
    passwordHash: p.text().hidden(),
    name: p.text().nullable(),
    notifications: p.json<OwnerNotifications>(),
    createdAt: createdAt(),
  },
});

export const PhoneNumber = defineEntity({
  name: 'PhoneNumber',
  tableName: 'phone_numbers',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    e164: p.text().unique(),
    twilioSid: p.text().nullable(),
    createdAt: createdAt(),
  },
});

export const Conversation = defineEntity({
  name: 'Conversation',
  tableName: 'conversations',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    callerPhone: p.text(),
    workflowId: p.text(),
    leadStatus: p.text().$type<LeadStatus>(),
    mode: p.text().$type<ConversationMode>(),
    createdAt: createdAt(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    lastMessageAt: p.datetime().nullable(),
    lastMessagePreview: p.text().nullable(),
    lead: p.json<LeadFields>(),
    previousConversationId: p.uuid().nullable(),
    closedAt: p.datetime().nullable(),
    /** The model of the latest assistant turn ('nmc-offline-rules' for the sandbox's offline assistant). */
    assistantModel: p.text().nullable(),
    /** When the owner last opened the conversation: inbound messages after it are unread. */
    ownerReadAt: p.datetime().nullable(),
    /** Opened by the api to show a text while Temporal was unreachable; the workflow adopts it. */
    provisional: p.boolean().default(false),
  },
});

/**
 * What Twilio told us about a call to a business number. Rows are written by SQL (the webhook's
 * insert-once, db/calls.ts); the dashboard reads them through this entity.
 */
export const Call = defineEntity({
  name: 'Call',
  tableName: 'calls',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    callSid: p.text().unique(),
    /** The caller's number; what the caller ID said when it was withheld or unusable. */
    callerPhone: p.text(),
    callerWithheld: p.boolean(),
    businessPhone: p.text(),
    /** Twilio's DialCallStatus once the forwarded leg ended ('not-accepted' when nobody pressed 1). */
    dialStatus: p.text().nullable(),
    ownerAcceptedAt: p.datetime().nullable(),
    recordingSid: p.text().nullable(),
    recordingUrl: p.text().nullable(),
    recordingDurationS: p.integer().nullable().fieldName('recording_duration_s'),
    transcription: p.text().nullable(),
    /** The conversation the call belongs to, written when it opens (null: withheld, or answered with none open). */
    conversationId: p.uuid().nullable(),
    createdAt: createdAt(),
  },
});

export const Appointment = defineEntity({
  name: 'Appointment',
  tableName: 'appointments',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    conversationId: p.uuid(),
    callerPhone: p.text(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    status: p.text().$type<'booked' | 'cancelled'>(),
    createdAt: createdAt(),
    cancelledAt: p.datetime().nullable(),
  },
});

export const Alert = defineEntity({
  name: 'Alert',
  tableName: 'alerts',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    conversationId: p.uuid().nullable(),
    kind: p.text(),
    body: p.text(),
    workflowId: p.text(),
    seq: p.integer(),
    attemptedAt: p.datetime().nullable(),
    twilioSid: p.text().nullable(),
    createdAt: createdAt(),
    readAt: p.datetime().nullable(),
  },
});

// Outbox, opt-outs, webhook dedupe, AI turns, sessions, refresh tokens and login throttles are
// written only by explicit SQL whose constraints are the point (db/migrations, docs/decisions/0017-data-layer.md);
// they have no entity. Messages neither: every query about them is SQL (db/messages.ts).
export const ENTITIES = [Tenant, User, PhoneNumber, Conversation, Call, Appointment, Alert];
