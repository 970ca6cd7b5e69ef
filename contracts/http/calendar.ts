// The owner's own calendars over HTTP (issue #16): which are connected, connecting one through the
// provider's consent screen, choosing which calendars count as busy and which receives bookings,
// syncing now and disconnecting. The refresh token never appears here.
import { z } from 'zod';
import { id, instant } from './common';

/** The providers of providers/owner-calendars.ts (api/routes/calendar.ts checks they are the same). */
export const calendarProvider = z.enum(['google', 'microsoft']).meta({ id: 'CalendarProvider' });

export const providerParams = z.object({ provider: calendarProvider });
export const connectionParams = z.object({ id: id('a calendar connection') });

export const ownerCalendar = z
  .object({
    id: z.string(),
    name: z.string(),
    primary: z.boolean(),
    busy: z.boolean().meta({ description: 'Its events count as busy: no slot is offered over them.' }),
    bookings: z.boolean().meta({ description: 'Booked appointments are written into this calendar (one across all connections).' }),
  })
  .meta({ id: 'OwnerCalendar' });

export const calendarConnection = z
  .object({
    id: z.uuid(),
    provider: calendarProvider,
    account: z.string().meta({ description: 'The signed-in account as the provider names it; may be empty.' }),
    status: z.enum(['connected', 'reconnect']).meta({ description: 'reconnect: access expired or was revoked; connect again.' }),
    calendars: z.array(ownerCalendar),
    lastSyncedAt: instant.nullable(),
    lastFailure: z.string().nullable().meta({ description: 'Why the last sync failed (reconnect, rate_limited, retryable…), or null.' }),
  })
  .meta({ id: 'CalendarConnection' });
export type CalendarConnectionView = z.output<typeof calendarConnection>;

export const calendarConnections = z
  .object({
    providers: z.array(calendarProvider).meta({ description: 'Providers an owner can connect on this installation.' }),
    connections: z.array(calendarConnection),
  })
  .meta({ id: 'CalendarConnections' });
export type CalendarConnections = z.output<typeof calendarConnections>;

export const connectBody = z
  .strictObject({
    returnTo: z
      .enum(['settings', 'onboarding'])
      .default('settings')
      .meta({ description: 'The dashboard page the owner comes back to from the consent screen.' }),
  })
  .meta({ id: 'CalendarConnect' });
export type CalendarConnect = z.input<typeof connectBody>;
export const connectStarted = z
  .object({ authorizationUrl: z.url().meta({ description: "Send the owner's browser here: the provider's consent screen." }) })
  .meta({ id: 'CalendarConnectStarted' });
export type CalendarConnectStarted = z.output<typeof connectStarted>;

/** What the provider appends to the redirect URI: a code (consent given) or an error, and our state. */
export const callbackQuery = z.object({
  state: z.string().min(1).max(512),
  code: z.string().min(1).max(4096).optional(),
  error: z.string().max(200).optional(),
});

export const calendarChoice = z
  .strictObject({
    busyCalendarIds: z.array(z.string().min(1).max(1024)).max(100),
    bookingCalendarId: z
      .string()
      .min(1)
      .max(1024)
      .nullable()
      .meta({ description: "One of this connection's calendars, or null: bookings go to no calendar of this connection." }),
  })
  .meta({ id: 'CalendarChoice' });
export type CalendarChoice = z.output<typeof calendarChoice>;

export const disconnected = z
  .object({
    revokedAtProvider: z.boolean().meta({ description: 'The provider ended the grant; false: only our copy is gone.' }),
    note: z.string().nullable().meta({ description: 'What the owner may still want to do at the provider, or null.' }),
  })
  .meta({ id: 'CalendarDisconnected' });
export type CalendarDisconnected = z.output<typeof disconnected>;
