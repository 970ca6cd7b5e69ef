// Appointments (docs/product.md journey 7): the owner's day/week calendar, free slots for booking from
// the dashboard (minus the owner's busy times when a calendar is connected, issue #16), and a
// calendar feed a phone subscribes to by a secret URL (rotatable).
import {
  appointmentList,
  calendar,
  calendarFeedParams,
  freeSlotList,
  freeSlotsQuery,
  type CalendarUnchecked,
  type OwnerBusy,
} from '../../contracts/http/appointments';
import { periodQuery } from '../../contracts/http/common';
import { toAppointmentView, toCalendarAppointment } from '../../db/appointments';
import { freeSlots } from '../../domain/slots';
import type { ApiConfig } from '../../config';
import { badRequest, notFound } from '../errors';
import { calendarFeed } from '../ics';
import { ownerRoute, publicRoute, type RouteGroup } from '../route';
import type { TenantScope } from '../tenant-scope';

const DAY = 24 * 3600_000;
const MAX_RANGE_MS = 366 * DAY;

export function rangeFrom(query: { from?: string | undefined; to?: string | undefined }, fallback: { backMs: number; aheadMs: number }) {
  const now = Date.now();
  const from = query.from ? new Date(query.from) : new Date(now - fallback.backMs);
  const to = query.to ? new Date(query.to) : new Date((query.from ? from.getTime() : now) + fallback.aheadMs);
  if (to.getTime() <= from.getTime()) throw badRequest('invalid_range', 'to must be after from');
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw badRequest('invalid_range', 'the period can be at most 366 days');
  return { from, to };
}

/** What the dashboard shows above slots computed without some connected calendar. */
export const CALENDAR_WARNINGS: Record<CalendarUnchecked, string> = {
  reconnect: 'Your calendar needs reconnecting, so it could not be checked: these times come from business hours only.',
  unavailable: 'Your calendar could not be checked; these times come from business hours only.',
};

export function appointmentRoutes({
  config,
  scopeForCalendar,
  ownerBusy,
}: {
  config: ApiConfig;
  scopeForCalendar: (token: string) => Promise<TenantScope | undefined>;
  /** The owner's busy times from their connected calendars (providers/owner-busy.ts, the same check the worker's offers make); none: business hours only. */
  ownerBusy?: (tenantId: string, window: { from: Date; to: Date }) => Promise<OwnerBusy>;
}): RouteGroup {
  const icsUrl = (token: string) => `${config.PUBLIC_URL}/api/calendar/${token}.ics`;
  return {
    tag: 'Appointments',
    description: 'Booked jobs, free slots and the calendar feed.',
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/appointments',
        summary: 'Appointments (booked and cancelled) overlapping a period (default: the last 7 and next 30 days)',
        query: periodQuery,
        response: appointmentList,
        handler: async ({ scope, query }) => {
          const rows = await scope.appointments(rangeFrom(query, { backMs: 7 * DAY, aheadMs: 30 * DAY }), { includeCancelled: true });
          return {
            appointments: rows.map(toAppointmentView),
          };
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/appointments/free-slots',
        summary: "The next free slots, from business hours minus booked appointments, the owner's busy times and buffers",
        query: freeSlotsQuery,
        response: freeSlotList,
        handler: async ({ scope, query }) => {
          const now = new Date();
          const settings = await scope.conversationSettings();
          const to = new Date(now.getTime() + (settings.appointments.horizonDays + 2) * DAY);
          const [booked, owner] = await Promise.all([
            scope.appointments({ from: new Date(now.getTime() - DAY), to }),
            ownerBusy ? ownerBusy(scope.tenantId, { from: now, to }) : ({ busy: [] } as OwnerBusy),
          ]);
          const slots = freeSlots({
            now,
            hours: settings.hours,
            settings: settings.appointments,
            booked: booked.map((row) => ({ start: new Date(row.starts_at), end: new Date(row.ends_at) })),
            busy: owner.busy,
            limit: query.limit,
          });
          return {
            slots: slots.map((slot) => ({ start: slot.start.toISOString(), end: slot.end.toISOString() })),
            ...(owner.unchecked ? { calendarWarning: { reason: owner.unchecked, message: CALENDAR_WARNINGS[owner.unchecked] } } : {}),
          };
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/calendar',
        summary: 'The calendar feed URL to subscribe to',
        response: calendar,
        handler: async ({ scope }) => ({ icsUrl: icsUrl(await scope.calendarToken()) }),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/calendar/rotate',
        summary: 'Give the calendar feed a new secret URL (the old one stops working)',
        response: calendar,
        handler: async ({ scope }) => ({ icsUrl: icsUrl(await scope.rotateCalendarToken()) }),
      }),
      publicRoute({
        method: 'get',
        path: '/api/calendar/:token.ics',
        summary: 'The calendar feed (iCalendar); the secret in the URL is the credential',
        params: calendarFeedParams,
        contentType: 'text/calendar; charset=utf-8',
        errors: [404],
        handler: async ({ params, ctx }) => {
          const scope = await scopeForCalendar(params.token);
          if (!scope) throw notFound('that calendar feed (its URL may have been replaced)');
          const now = new Date();
          const [rows, settings] = await Promise.all([
            scope.appointments(
              { from: new Date(now.getTime() - 30 * DAY), to: new Date(now.getTime() + 365 * DAY) },
              { includeCancelled: true },
            ),
            scope.conversationSettings(),
          ]);
          ctx.set('cache-control', 'private, max-age=300');
          return calendarFeed({
            businessName: settings.businessName,
            now,
            appointments: rows.map(toCalendarAppointment),
          });
        },
      }),
    ],
  };
}
