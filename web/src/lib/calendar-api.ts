// The owner's own calendars (Google, Microsoft 365) through the api (api/routes/calendar.ts), with
// the same request helper, session renewal and errors as every other call (api.ts).
import type {
  CalendarChoice,
  CalendarConnections,
  CalendarConnectionView,
  CalendarConnectStarted,
  CalendarDisconnected,
} from '$contracts/http/calendar';
import { request } from './api';

export type { CalendarChoice, CalendarConnections, CalendarConnectionView, CalendarDisconnected } from '$contracts/http/calendar';
export type CalendarProvider = CalendarConnectionView['provider'];

const connection = (id: string, rest = '') => `/api/calendar/${encodeURIComponent(id)}${rest}`;

export const calendarApi = {
  connections: () => request<CalendarConnections>('GET', '/api/calendar/connections'),
  /** The provider's consent screen; it sends the owner back to Settings (or the setup wizard). */
  connect: (provider: CalendarProvider, returnTo: 'settings' | 'onboarding' = 'settings') =>
    request<CalendarConnectStarted>('POST', `/api/calendar/${provider}/connect`, { body: { returnTo } }),
  choose: (connectionId: string, choice: CalendarChoice) =>
    request<CalendarConnectionView>('PUT', connection(connectionId), { body: choice }),
  syncNow: (connectionId: string) => request<null>('POST', connection(connectionId, '/sync')),
  disconnect: (connectionId: string) => request<CalendarDisconnected>('DELETE', connection(connectionId)),
};
