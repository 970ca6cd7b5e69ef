// The read model (ARCHITECTURE.md "Read model"): what the dashboard shows. Workflows own the
// truth of a running conversation; activities write these rows idempotently.
import { defineEntity, p } from '@mikro-orm/core';
import type { ConversationMode, MessageAuthor, MessageDirection, MessageStatus } from '../domain/live-events';
import type { LeadStatus } from '../domain/lead-status';

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

export const ENTITIES = [Tenant, User, PhoneNumber, Conversation, Message];
