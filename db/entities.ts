// The read model (docs/architecture.md "Read model"): what the dashboard shows. Workflows own the
// truth of a running conversation; activities write these rows idempotently.
import { defineEntity, p } from '@mikro-orm/core';
import type { ConversationMode, MessageAuthor, MessageDirection, MessageStatus } from '../contracts/live-events';
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
  },
});

export const Message = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    conversationId: p.uuid(),
    direction: p.text().$type<MessageDirection>(),
    author: p.text().$type<MessageAuthor>(),
    body: p.text(),
    twilioSid: p.text().nullable().unique(),
    status: p.text().$type<MessageStatus>(),
    numSegments: p.integer(),
    errorCode: p.integer().nullable(),
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

// Outbox, opt-outs, calls, webhook dedupe, AI turns, sessions, refresh tokens and login throttles are
// written only by explicit SQL whose constraints are the point (db/migrations, decision 0003); they
// have no entity.
export const ENTITIES = [Tenant, User, PhoneNumber, Conversation, Message, Appointment, Alert];
