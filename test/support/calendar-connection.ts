// A business's calendar connected on the shared stack without the dashboard (issue #16), and the
// owner's own side of that calendar in the sandbox's emulators: what stack tests of busy times,
// bookings and sync need. The connection is made as the api's callback makes it: the emulator's
// consent screen (followed by hand for its code), the code exchanged with the real SDKs, the
// refresh token sealed under the stack's key (sandbox mode derives it from the Twilio auth token,
// as the worker does) and saved with the account's calendars.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { bookAppointment } from '../../db/appointments';
import { saveConnection, tokenContextOf, type CalendarConnection } from '../../db/calendar-connections';
import { recordEvent } from '../../db/calendar-events';
import { withOwnerCalendar } from '../../providers/owner-calendar-session';
import { createOwnerCalendars, SANDBOX_CALENDAR_PATHS, type CalendarProvider, type OwnerCalendars } from '../../providers/owner-calendars';
import { sandboxJson, stack } from './stack';

/** The owners' calendars as the stack's worker and api build them (sandbox mode, the stack's emulators). */
export function stackCalendars(): OwnerCalendars {
  return createOwnerCalendars({
    NMC_MODE: 'sandbox',
    PUBLIC_URL: stack.apiUrl,
    TWILIO_API_URL: stack.sandboxUrl,
    TWILIO_AUTH_TOKEN: stack.authToken,
  });
}

/** A mailbox no other test uses, so each test's calendar is its own. */
export const newCalendarAccount = (provider: CalendarProvider) => `owner-${provider}-${randomUUID().slice(0, 8)}@calendar.test`;

/** The emulator's consent screen approves at once; its redirect carries the code (not followed: the api's callback is not needed). */
async function consentCode(calendars: OwnerCalendars, provider: CalendarProvider, account: string): Promise<string> {
  const url = new URL(await calendars.authorizationUrl(provider, `test-${randomUUID()}`));
  url.searchParams.set('login_hint', account);
  // The Microsoft emulator describes itself with https URLs (MSAL insists); it answers plain http.
  if (url.protocol === 'https:' && url.host === new URL(stack.sandboxUrl).host) url.protocol = 'http:';
  const response = await fetch(url, { redirect: 'manual' });
  const code = new URL(response.headers.get('location') ?? 'http://invalid/').searchParams.get('code');
  if (response.status !== 302 || !code) throw new Error(`the emulator's consent screen answered ${response.status} without a code`);
  return code;
}

/** Connects `account`'s calendar at `provider` to the business, as the owner's consent round trip would. */
export async function connectCalendar(
  em: EntityManager,
  input: { tenantId: string; provider: CalendarProvider; account?: string; calendars?: OwnerCalendars },
): Promise<CalendarConnection & { account: string }> {
  const calendars = input.calendars ?? stackCalendars();
  const account = input.account ?? newCalendarAccount(input.provider);
  const grant = await calendars.exchangeCode(input.provider, await consentCode(calendars, input.provider, account));
  if (!grant.ok) throw new Error(`code exchange failed: ${JSON.stringify(grant.failure)}`);
  const session = calendars.session(input.provider, grant.value.refreshToken, grant.value.account);
  const listed = await session.listCalendars();
  if (!listed.ok) throw new Error(`listing calendars failed: ${JSON.stringify(listed.failure)}`);
  // Microsoft rotates the refresh token on the refresh that listing made: the one to keep is the session's.
  const refreshToken = session.currentRefreshToken();
  const connection = await saveConnection(em, {
    tenantId: input.tenantId,
    provider: input.provider,
    account: grant.value.account,
    refreshTokenSealed: calendars.sealer.seal(refreshToken, tokenContextOf({ tenantId: input.tenantId, provider: input.provider })),
    calendars: listed.value,
  });
  return { ...connection, account };
}

/**
 * An hour-long appointment of the caller's conversation at `start`, with its event placed in the
 * connection's booking calendar and linked as pushBookings would leave them (sync tests start there).
 */
export async function placeAppointment(
  em: () => EntityManager,
  calendars: OwnerCalendars,
  input: { tenantId: string; conversationId: string; callerPhone: string; connection: CalendarConnection; start: Date },
): Promise<{ appointmentId: string; calendarId: string; eventId: string; start: Date; end: Date }> {
  const { tenantId, connection, start } = input;
  const calendarId = connection.bookingCalendarId!;
  const end = new Date(start.getTime() + 3600_000);
  const appointmentId = await bookAppointment(em(), {
    tenantId,
    conversationId: input.conversationId,
    callerPhone: input.callerPhone,
    start: start.toISOString(),
    end: end.toISOString(),
  });
  if (!appointmentId) throw new Error(`the slot at ${start.toISOString()} is taken`);
  const created = await withOwnerCalendar(em(), calendars, connection.id, (session) =>
    session.createEvent(calendarId, { idempotencyKey: appointmentId, title: 'Test job', start, end }),
  );
  if (!created.ok) throw new Error(`placing the event failed: ${JSON.stringify(created.failure)}`);
  const eventId = created.value.eventId;
  await recordEvent(em(), { appointmentId, connectionId: connection.id, tenantId, calendarId, eventId, start, end, state: 'placed' });
  return { appointmentId, calendarId, eventId, start, end };
}

// ---- the owner's side, in the emulator ----------------------------------------------------------

const base = (provider: CalendarProvider) => SANDBOX_CALENDAR_PATHS[provider];
const forAccount = (account: string) => `account=${encodeURIComponent(account)}`;

export interface OwnersEvent {
  id: string;
  calendarId: string;
  summary: string;
  description?: string;
  location?: string;
  start: string;
  end: string;
}

/** The owner puts something in their calendar at [start, end): a busy time. */
export function ownerIsBusy(
  provider: CalendarProvider,
  account: string,
  span: { start: string | Date; end: string | Date },
  summary = 'Busy',
) {
  return sandboxJson<{ id: string }>(`${base(provider)}/sandbox/events?${forAccount(account)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ summary, start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString() }),
  });
}

/** The live events in the owner's calendars, as the owner sees them. */
export async function ownersEvents(provider: CalendarProvider, account: string): Promise<OwnersEvent[]> {
  return (await sandboxJson<{ events: OwnersEvent[] }>(`${base(provider)}/sandbox/events?${forAccount(account)}`)).events;
}

/** The owner removes the app's access to their calendar (the grant answers invalid_grant from now on). */
export async function ownerRevokesAccess(provider: CalendarProvider, account: string): Promise<void> {
  const response = await fetch(`${stack.sandboxUrl}${base(provider)}/sandbox/revoke?${forAccount(account)}`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`revoke answered ${response.status}`);
}
