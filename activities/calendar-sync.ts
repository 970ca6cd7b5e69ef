// Changes there come back here (issue #16; docs/decisions/0025-owner-calendars.md): one round of
// the calendar sync workflow reads what changed in the owner's booking calendar since the last
// round and reflects it on the appointments whose events we placed there. The owner deleting such
// an event cancels the appointment (the time is free again: their calendar says they will not be
// there); moving it moves the appointment. Either way the owner gets ONE dashboard alert asking
// whether to tell the caller, and nothing reaches the caller until they answer (api/routes/calendar-alerts.ts).
// Only the booking calendar is read: it is where our events live; busy calendars are asked for
// free/busy when slots are offered, so their changes need no sync.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { appointmentChangedSignal, type AppointmentChangedInCalendar } from '../contracts/conversation-workflow';
import { signalRunningConversation } from '../temporal/conversation-gateway';
import { calendarSyncWorkflowId } from '../contracts/calendar-sync';
import { cancelAppointment } from '../db/appointments';
import { appointmentOfEvent, moveAppointment } from '../db/calendar-changes';
import { connectionById, recordSync, type CalendarConnection } from '../db/calendar-connections';
import { pushChannelStale } from '../db/calendar-push-channels';
import { changeEventState, eventsOfConnection, type PlacedEvent } from '../db/calendar-events';
import { recordCalendarAlert } from '../db/alerts';
import type { Orm } from '../db/orm';
import { formatSlot } from '../domain/appointments';
import type { CalendarChange } from '../providers/calendar-results';
import type { OwnerCalendars } from '../providers/owner-calendars';
import { withOwnerCalendar } from '../providers/owner-calendar-session';
import { LIVE_STATES, listingReach, missingMeansDeleted, movedAlertKey, ownerChangeOf } from './calendar-sync-rules';

export interface PullInput {
  connectionId: string;
  /** List the calendar from scratch and reconcile, whatever the sync token says (the periodic full reconcile). */
  full?: boolean;
}

/** What one pull did, for the workflow to decide how long to wait (never thrown: these are outcomes, not faults). */
export type PullOutcome =
  | {
      outcome: 'synced';
      full: boolean;
      changes: number;
      applied: number;
      /** The push channel watches another calendar than bookings now go to: register it anew. */
      rewatch?: true;
    }
  /** The owner chose no calendar for bookings: nothing of ours to watch (`rewatch`: a channel is still live, end it). */
  | { outcome: 'no_booking_calendar'; rewatch?: true }
  | { outcome: 'rate_limited'; retryAfterMs: number }
  /** The provider failed (5xx, network) or refused; the connection's last_failure says which. Try again later. */
  | { outcome: 'retry_later'; reason: string }
  /** The grant is dead; the owner was alerted once and must reconnect (Settings). */
  | { outcome: 'reconnect' }
  /** The connection was deleted (disconnected): the sync ends. */
  | { outcome: 'gone' };

/**
 * Tells the appointment's conversation that the owner changed it, so its reminders follow (or
 * stop) without a word to the caller. Called inside the change's transaction, before it commits:
 * if Temporal cannot be told, nothing is recorded and the next round tries again; telling twice
 * is harmless (the conversation ignores a change it already has).
 */
export type TellConversation = (workflowId: string, change: AppointmentChangedInCalendar) => Promise<void>;

export const tellConversationVia =
  (temporal: Client): TellConversation =>
  (workflowId, change) =>
    signalRunningConversation(temporal, workflowId, appointmentChangedSignal.name, [change]);

export async function pullCalendarChanges(
  em: EntityManager,
  calendars: OwnerCalendars,
  input: PullInput,
  tell: TellConversation,
): Promise<PullOutcome> {
  const connection = await connectionById(em, input.connectionId);
  if (!connection) return { outcome: 'gone' };
  if (connection.status !== 'connected' || !connection.refreshTokenSealed) {
    await alertReconnect(em, connection); // whichever activity flipped it, the owner hears once
    return { outcome: 'reconnect' };
  }
  const calendarId = connection.bookingCalendarId;
  if (!calendarId) {
    return {
      outcome: 'no_booking_calendar',
      ...(calendars.pushReachable && pushChannelStale(connection) ? { rewatch: true as const } : {}),
    };
  }

  // Our events as they stood BEFORE the listing: a push that outlived its activity may still create
  // an event after the listing was taken, and its absence from that listing is no deletion.
  const before = await eventsOfConnection(em, connection.id);
  let reach: Date | undefined;
  const listed = await withOwnerCalendar(em, calendars, connection, async (session) => {
    const incremental = !input.full && connection.syncToken ? await session.changesSince(calendarId, connection.syncToken) : undefined;
    // No token, a full reconcile due, or the provider forgot the token (410): list from scratch.
    if (incremental && !(!incremental.ok && incremental.failure.kind === 'full_resync_needed')) {
      return incremental.ok ? { ok: true as const, value: { ...incremental.value, full: false } } : incremental;
    }
    reach = listingReach(connection.provider, new Date());
    const everything = await session.changesSince(calendarId);
    return everything.ok ? { ok: true as const, value: { ...everything.value, full: true } } : everything;
  });
  if (!listed.ok) {
    const failure = listed.failure;
    if (failure.kind === 'reconnect' || failure.kind === 'not_connected') {
      const now = await connectionById(em, input.connectionId);
      if (!now) return { outcome: 'gone' };
      await alertReconnect(em, now);
      return { outcome: 'reconnect' };
    }
    if (failure.kind === 'rate_limited') return { outcome: 'rate_limited', retryAfterMs: failure.retryAfterMs };
    return { outcome: 'retry_later', reason: failure.kind };
  }
  const { changes, nextSyncToken, full } = listed.value;
  // Changes first, position after: a round that dies between them reads the same changes again,
  // and applying one twice does nothing (changeEventState answers only the call that changed it).
  const applied = await applyOwnerChanges(em, connection, changes, { full, calendarId, now: new Date(), tell, before, reach });
  await recordSync(em, connection.id, { syncToken: nextSyncToken, full, calendarId });
  const rewatch = calendars.pushReachable && pushChannelStale(connection);
  return { outcome: 'synced', full, changes: changes.length, applied, ...(rewatch ? { rewatch: true as const } : {}) };
}

/**
 * Reflects the owner's changes to events we placed. A full listing holds every live event (in its
 * window), so an event of ours missing from it was deleted by the owner (its deletion may have been
 * forgotten with the sync token); `before` is our events as stored before the listing, `reach` how
 * far ahead it looked (listingReach). Appointments already over are left alone: tidying an old
 * event is no news.
 */
export async function applyOwnerChanges(
  em: EntityManager,
  connection: CalendarConnection,
  changes: CalendarChange[],
  {
    full,
    calendarId,
    now,
    tell,
    before,
    reach,
  }: { full: boolean; calendarId: string; now: Date; tell: TellConversation; before: PlacedEvent[]; reach?: Date | undefined },
): Promise<number> {
  const ours = new Map((await eventsOfConnection(em, connection.id)).map((event) => [event.eventId, event]));
  // Not a 'creating' one: no answer recorded, so nothing the owner did to it can be told apart.
  const current = (event: PlacedEvent | undefined): event is PlacedEvent & { eventId: string } =>
    event !== undefined && LIVE_STATES.includes(event.state) && event.eventId !== null && event.end > now;
  let applied = 0;
  const seen = new Set<string>();
  for (const change of changes) {
    seen.add(change.eventId);
    const event = ours.get(change.eventId);
    if (!current(event)) continue;
    const meaning = ownerChangeOf(change, event);
    if (meaning === 'deleted') {
      if (await ownerDeleted(em, connection, event, tell)) applied += 1;
    } else if (meaning === 'moved' && change.kind === 'upserted') {
      if (await ownerMoved(em, connection, event, { start: change.start, end: change.end }, tell)) applied += 1;
    }
  }
  if (full) {
    const earlier = new Map(before.map((event) => [event.appointmentId, event]));
    for (const event of ours.values()) {
      if (
        current(event) &&
        !seen.has(event.eventId) &&
        missingMeansDeleted(event, earlier.get(event.appointmentId), { calendarId, reach }) &&
        (await ownerDeleted(em, connection, event, tell))
      ) {
        applied += 1;
      }
    }
  }
  return applied;
}

const who = (appointment: { callerName: string | null; callerPhone: string }) =>
  appointment.callerName ? `${appointment.callerName} (${appointment.callerPhone})` : appointment.callerPhone;

/** The event is gone from the owner's calendar: the appointment is cancelled here and the owner asked whether to tell the caller. */
async function ownerDeleted(
  em: EntityManager,
  connection: CalendarConnection,
  event: PlacedEvent,
  tell: TellConversation,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    if (!(await changeEventState(tx, event, 'deleted_by_owner'))) return false;
    const appointment = await appointmentOfEvent(tx, event.appointmentId);
    if (!appointment || appointment.status !== 'booked') return true; // cancelled here already: nothing to ask
    await cancelAppointment(tx, appointment.id);
    await tell(appointment.workflowId, { appointmentId: appointment.id });
    await recordCalendarAlert(tx, {
      tenantId: appointment.tenantId,
      conversationId: appointment.conversationId,
      workflowId: calendarSyncWorkflowId(connection.id),
      key: `deleted:${connection.id}:${event.eventId}`,
      kind: 'calendar_deleted',
      text:
        `NeverMissCall: you removed the appointment with ${who(appointment)} at ${appointment.start.toISOString()} from your calendar, ` +
        'so it is cancelled here and the time is free again. Tell the caller?',
      callerText:
        `${appointment.businessName}: sorry, your appointment on ${formatSlot(appointment, appointment.timeZone)} is cancelled. ` +
        'Reply here if you would like another time.',
      appointment: { id: appointment.id, start: appointment.start },
    });
    return true;
  });
}

/** The owner moved the event: the appointment follows (unless another booking holds that time) and the owner is asked whether to tell the caller. */
async function ownerMoved(
  em: EntityManager,
  connection: CalendarConnection,
  event: PlacedEvent,
  to: { start: Date; end: Date },
  tell: TellConversation,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const appliedAt = await changeEventState(tx, event, 'moved_by_owner', to);
    if (!appliedAt) return false;
    const appointment = await appointmentOfEvent(tx, event.appointmentId);
    if (!appointment || appointment.status !== 'booked') return true;
    const base = {
      tenantId: appointment.tenantId,
      conversationId: appointment.conversationId,
      workflowId: calendarSyncWorkflowId(connection.id),
      key: movedAlertKey(connection.id, event, to, appliedAt),
    };
    if ((await moveAppointment(tx, appointment, to)) === 'clash') {
      await recordCalendarAlert(tx, {
        ...base,
        kind: 'calendar_move_clash',
        text:
          `NeverMissCall: you moved the appointment with ${who(appointment)} to ${to.start.toISOString()} in your calendar, ` +
          `but another booking holds that time, so it stays at ${appointment.start.toISOString()} here. Please sort it out with the caller.`,
      });
      return true;
    }
    await tell(appointment.workflowId, { appointmentId: appointment.id, start: to.start.toISOString(), end: to.end.toISOString() });
    await recordCalendarAlert(tx, {
      ...base,
      kind: 'calendar_moved',
      text:
        `NeverMissCall: you moved the appointment with ${who(appointment)} from ${appointment.start.toISOString()} ` +
        `to ${to.start.toISOString()} in your calendar; it is moved here too. Text the caller the new time?`,
      callerText:
        `${appointment.businessName}: your appointment has moved to ${formatSlot(to, appointment.timeZone)} ` +
        `(it was ${formatSlot(appointment, appointment.timeZone)}). Reply here if that time does not suit you.`,
      appointment: { id: appointment.id, start: to.start },
    });
    return true;
  });
}

const PROVIDER_NAMES = { google: 'Google', microsoft: 'Microsoft 365' } as const;

/**
 * ONE alert per disconnection: keyed by the last successful sync, which cannot change while the
 * connection waits for the owner, so every activity that finds it disconnected may call this.
 */
export async function alertReconnect(em: EntityManager, connection: CalendarConnection): Promise<boolean> {
  return recordCalendarAlert(em, {
    tenantId: connection.tenantId,
    conversationId: null,
    workflowId: calendarSyncWorkflowId(connection.id),
    key: `reconnect:${connection.id}:${connection.lastSyncedAt?.toISOString() ?? 'never'}`,
    kind: 'calendar_reconnect',
    text:
      `NeverMissCall: reconnect your ${PROVIDER_NAMES[connection.provider]} calendar in Settings. We can no longer read it, ` +
      'so free times come from your business hours only and new bookings do not reach it.',
  });
}

export function createCalendarSyncActivities({ orm, calendars, temporal }: { orm: Orm; calendars: OwnerCalendars; temporal: Client }) {
  const tell = tellConversationVia(temporal);
  return {
    pullCalendarChanges: (input: PullInput) => pullCalendarChanges(orm.em.fork(), calendars, input, tell),
  };
}

export type CalendarSyncActivities = ReturnType<typeof createCalendarSyncActivities>;
