// The read model (ARCHITECTURE.md "Read model"): what the dashboard shows. Workflows own the
// truth of a running conversation; activities write these rows idempotently.
import { defineEntity, p } from '@mikro-orm/core';
import type { ConversationMode, MessageAuthor, MessageDirection, MessageStatus } from '../domain/live-events';
import type { LeadStatus } from '../domain/lead-status';
import type { ConversationSettings } from '../domain/settings';
import type { LeadFields } from '../workflows/messages';

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
  },
});

// Outbox, opt-outs, calls and webhook dedupe are written only by explicit SQL whose constraints
// are the point (db/migrations, decision 0003); they have no entity.
export const ENTITIES = [Tenant, User, PhoneNumber, Conversation, Message, Appointment, Alert];
