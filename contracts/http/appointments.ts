// Appointments over HTTP: the owner's calendar, free slots to book from, and the calendar feed.
import { z } from 'zod';
import { instant } from './common';

export const appointment = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid(),
    callerPhone: z.string(),
    callerName: z.string().nullable(),
    start: instant,
    end: instant,
    status: z.enum(['booked', 'cancelled']),
    serviceAddress: z.string().nullable(),
    jobDescription: z.string().nullable(),
  })
  .meta({ id: 'Appointment' });
export type AppointmentView = z.output<typeof appointment>;
export const appointmentList = z.object({ appointments: z.array(appointment) });
export type AppointmentList = z.output<typeof appointmentList>;

export const freeSlotsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(10) });
export const freeSlotList = z.object({
  slots: z.array(z.object({ start: instant, end: instant }).meta({ id: 'Slot' })),
  calendarWarning: z
    .object({
      reason: z.enum(['reconnect', 'unavailable']),
      message: z.string(),
    })
    .optional()
    .meta({
      description:
        "Present when a connected calendar could not be checked (it needs reconnecting, or did not answer in time): the slots come from business hours and bookings only, not the owner's busy times.",
    }),
});
export type FreeSlotList = z.output<typeof freeSlotList>;
/** Why a connected calendar was not checked: it needs reconnecting, or it did not answer in time. */
export type CalendarUnchecked = NonNullable<FreeSlotList['calendarWarning']>['reason'];
/** The owner's busy times across their connected calendars, and whether all could be checked. */
export interface OwnerBusy {
  busy: { start: Date; end: Date }[];
  /** Set when at least one connected calendar could not be checked. */
  unchecked?: CalendarUnchecked;
}

export const calendar = z.object({
  icsUrl: z.url().meta({ description: 'Subscribe to it from a calendar app; whoever has it can read the jobs.' }),
});
export type Calendar = z.output<typeof calendar>;
export const calendarFeedParams = z.object({ token: z.string().regex(/^[0-9a-f]{64}$/, 'is not a calendar feed token') });
