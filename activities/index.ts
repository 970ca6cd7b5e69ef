// The activities of a conversation, built from their dependencies (STYLE.md: createActivities).
// Each gets its own EntityManager fork, as each request does in the api.
import type { Orm } from '../db/orm';
import type { LeadStatus } from '../domain/lead-status';
import { closeConversation, openConversation, type OpenConversationInput } from './conversations';
import { sendText, type SendTextInput } from './sms';
import type { TwilioClient } from './twilio-client';

export interface ActivityDeps {
  orm: Orm;
  twilio: TwilioClient;
  publicUrl: string;
}

/** Light activities: the `conversations` task queue. */
export function createConversationActivities({ orm }: Pick<ActivityDeps, 'orm'>) {
  return {
    openConversation: (input: OpenConversationInput) => openConversation(orm.em.fork(), input),
    closeConversation: (input: { conversationId: string; leadStatus: LeadStatus }) => closeConversation(orm.em.fork(), input),
  };
}

/** Twilio sends: the `sms` task queue. */
export function createSmsActivities({ orm, twilio, publicUrl }: ActivityDeps) {
  const statusCallbackUrl = `${publicUrl}/webhooks/twilio/status`;
  return {
    sendText: (input: SendTextInput) => sendText({ em: orm.em.fork(), twilio, statusCallbackUrl }, input),
  };
}

export type ConversationActivities = ReturnType<typeof createConversationActivities>;
export type SmsActivities = ReturnType<typeof createSmsActivities>;
