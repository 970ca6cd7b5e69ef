// The activities of a conversation, built from their dependencies (docs/architecture.md "Code style": createActivities).
// Each gets its own EntityManager fork, as each request does in the api.
import { WEBHOOK_PATHS } from '../contracts/webhook-paths';
import type { Orm } from '../db/orm';
import type { LeadStatus } from '../domain/lead-status';
import { alertOwner, type OwnerAlertInput } from './alerts';
import { bookAppointment, cancelAppointment, listFreeSlots, type BookInput, type SlotQuery } from './appointments';
import { askBookingCalendarsToSync, pushBookings, type PushBookingsInput } from './calendar-bookings';
import { assistantTurn, type AssistantModel, type AssistantTurnInput } from './assistant';
import {
  closeConversation,
  openConversation,
  recordInboundSms,
  setOptOut,
  updateConversation,
  type ConversationChange,
  type InboundSmsInput,
  type OpenConversationInput,
} from './conversations';
import { sendText, type SendTextInput } from './sms';
import type { TwilioClient } from '../providers/twilio-client';
import type { AddressLookup } from '../providers/google-maps';
import type { Logger } from 'pino';
import type { OwnerCalendars } from '../providers/owner-calendars';
import type { Client } from '@temporalio/client';

export interface ActivityDeps {
  orm: Orm;
  twilio: TwilioClient;
  publicUrl: string;
  /** The owners' connected calendars (busy times, bookings, sync). */
  calendars: OwnerCalendars;
  /** Asks a calendar's sync to run now after a booking changes; none: the sync's own period. */
  temporal?: Client;
}

/** Light activities: the `conversations` task queue. */
export function createConversationActivities({
  orm,
  calendars,
  publicUrl,
  temporal,
}: Pick<ActivityDeps, 'orm' | 'calendars' | 'publicUrl' | 'temporal'>) {
  const check = { calendars };
  /** A booking changed: the calendars receiving bookings hear of it now (never fails the activity). */
  const changed = (appointmentId: string) => askBookingCalendarsToSync(orm.em.fork(), temporal, appointmentId);
  return {
    openConversation: (input: OpenConversationInput) => openConversation(orm.em.fork(), input),
    recordInboundSms: (input: InboundSmsInput) => recordInboundSms(orm.em.fork(), input),
    updateConversation: (change: ConversationChange) => updateConversation(orm.em.fork(), change),
    setOptOut: (input: { tenantId: string; callerPhone: string; optedOut: boolean }) => setOptOut(orm.em.fork(), input),
    closeConversation: (input: { conversationId: string; leadStatus: LeadStatus }) => closeConversation(orm.em.fork(), input),
    listFreeSlots: (input: SlotQuery) => listFreeSlots(orm.em.fork(), input, check),
    bookAppointment: async (input: BookInput) => {
      const booked = await bookAppointment(orm.em.fork(), input, check);
      if (booked.ok) await changed(booked.appointmentId);
      return booked;
    },
    cancelAppointment: async (input: { appointmentId: string }) => {
      await cancelAppointment(orm.em.fork(), input);
      await changed(input.appointmentId);
    },
    /** The calendar sync workflow's first step each round (workflows/calendar-sync.ts). */
    pushBookings: (input: PushBookingsInput) => pushBookings({ em: orm.em.fork(), calendars, publicUrl }, input),
  };
}

/** Twilio sends: the `sms` task queue. */
export function createSmsActivities({ orm, twilio, publicUrl }: Omit<ActivityDeps, 'calendars'>) {
  const statusCallbackUrl = `${publicUrl}${WEBHOOK_PATHS.status}`;
  return {
    sendText: (input: SendTextInput) => sendText({ em: orm.em.fork(), twilio, statusCallbackUrl }, input),
    alertOwner: (input: OwnerAlertInput) => alertOwner({ em: orm.em.fork(), twilio }, input),
  };
}

/** Model calls: the `ai` task queue, with its own concurrency limit. */
export function createAssistantActivities({
  orm,
  model,
  lookupAddress,
  log,
}: Pick<ActivityDeps, 'orm'> & { model: AssistantModel; lookupAddress?: AddressLookup | undefined; log?: Pick<Logger, 'warn'> }) {
  return {
    assistantTurn: (input: AssistantTurnInput) =>
      assistantTurn({ em: () => orm.em.fork(), model, lookupAddress, ...(log ? { log } : {}) }, input),
  };
}

export type ConversationActivities = ReturnType<typeof createConversationActivities>;
export type SmsActivities = ReturnType<typeof createSmsActivities>;
export type AssistantActivities = ReturnType<typeof createAssistantActivities>;
