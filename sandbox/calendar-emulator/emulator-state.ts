// Everything one emulator instance knows: the calendars, the OAuth grants and pending faults.
import { CalendarStore } from './calendar-store';
import type { CalendarFault } from './faults';
import { OAuthGrants } from './oauth-grants';
import { PushChannels } from './push-channels';

export interface CalendarEmulatorState {
  store: CalendarStore;
  grants: OAuthGrants;
  faults: CalendarFault[];
  /** Google channels / Graph subscriptions on this provider's calendars. */
  channels: PushChannels;
  /** The one client id and secret the token endpoints accept; any non-empty pair when absent. */
  client?: { id: string; secret: string } | undefined;
}

export function createEmulatorState(client?: { id: string; secret: string }): CalendarEmulatorState {
  const store = new CalendarStore();
  const channels = new PushChannels();
  store.onChange = (accountId, calendarId) => channels.changed(accountId, calendarId);
  return { store, grants: new OAuthGrants(), faults: [], channels, client };
}

/** Whether the token endpoint should accept this client id and secret. */
export function clientAccepted(state: CalendarEmulatorState, id: unknown, secret: unknown): boolean {
  if (typeof id !== 'string' || id === '' || typeof secret !== 'string' || secret === '') return false;
  return state.client === undefined || (state.client.id === id && state.client.secret === secret);
}

/** The client id and secret from an HTTP Basic header or, failing that, the form body. */
export function clientCredentials(authorization: string | undefined, body: Record<string, unknown>): { id: unknown; secret: unknown } {
  const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
  if (basic) {
    const [id, ...secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret.join(':')) };
  }
  return { id: body.client_id, secret: body.client_secret };
}
