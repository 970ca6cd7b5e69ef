// The owner's busy times across connections, without a database (a fake one answers the two reads)
// or a provider (a fake session): a slow or failing calendar never holds an offer and is reported,
// a calendar waiting for reconnection is reported as such, our own events are not counted twice.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BusyBlock, CalendarResult } from '../../providers/calendar-results';
import type { OwnerCalendars, OwnerCalendarSession } from '../../providers/owner-calendars';
import { ownerBusyTimes } from '../../providers/owner-busy';

const at = (hour: number) => new Date(Date.UTC(2031, 0, 7, hour));
const span = (from: number, to: number) => ({ start: at(from), end: at(to) });
const window = { from: at(0), to: at(24) };

interface FakeConnection {
  id: string;
  provider: 'google' | 'microsoft';
  status?: 'connected' | 'reconnect';
  busyCalendarIds?: string[];
  busy: () => Promise<CalendarResult<BusyBlock[]>>;
  /** Our events in this connection's calendar_events, placed unless told. */
  ours?: (BusyBlock & { state?: 'placed' | 'moved_by_owner' | 'creating' | 'cancelled' | 'deleted_by_owner' })[];
}

function world(connections: FakeConnection[]) {
  const rows = connections.map((connection) => ({
    id: connection.id,
    tenant_id: 't1',
    provider: connection.provider,
    account: '',
    refresh_token_sealed: 'sealed',
    status: connection.status ?? 'connected',
    calendars: [],
    busy_calendar_ids: connection.busyCalendarIds ?? ['primary'],
    booking_calendar_id: null,
    sync_token: null,
    last_synced_at: null,
    last_full_sync_at: null,
    last_failure: null,
  }));
  const em = {
    getConnection: () => ({
      execute: (query: string, params: unknown[]) => {
        if (query.includes('from calendar_connections')) return Promise.resolve(rows);
        if (query.includes('from calendar_events')) {
          const connection = connections.find((candidate) => candidate.id === params[0]);
          return Promise.resolve(
            (connection?.ours ?? []).map((event) => ({
              appointment_id: 'a',
              connection_id: connection!.id,
              starts_at: event.start,
              ends_at: event.end,
              state: event.state ?? 'placed',
            })),
          );
        }
        return Promise.resolve([]); // recordFailure, markReconnect
      },
    }),
    getTransactionContext: () => undefined,
    fork: () => em,
  } as unknown as EntityManager;
  const calendars = {
    providers: ['google', 'microsoft'],
    sealer: { open: () => 'refresh', seal: () => 'sealed', isStale: () => false },
    session: (provider: string) =>
      ({
        busy: () => connections.find((connection) => connection.provider === provider)!.busy(),
        currentRefreshToken: () => 'refresh',
      }) as unknown as OwnerCalendarSession,
  } as unknown as OwnerCalendars;
  return { em, calendars };
}

const answer = (blocks: BusyBlock[]) => () => Promise.resolve({ ok: true as const, value: blocks });

test('no calendar connected: nothing busy, nothing to warn about', async () => {
  const { em, calendars } = world([]);
  expect(await ownerBusyTimes(em, { calendars }, 't1', window)).toEqual({ busy: [] });
});

test('busy times of every connection together, earliest first, minus the events we placed ourselves', async () => {
  const { em, calendars } = world([
    { id: 'g', provider: 'google', busy: answer([span(15, 16), span(9, 11)]), ours: [span(9, 11)] },
    { id: 'm', provider: 'microsoft', busy: answer([span(12, 13)]) },
  ]);
  expect(await ownerBusyTimes(em, { calendars }, 't1', window)).toEqual({ busy: [span(12, 13), span(15, 16)] });
});

test("a block at the time of an event we cancelled, or the owner deleted, is the owner's own: it stays busy", async () => {
  // The bug this catches: a caller cancels 10-11 (our event is deleted, its row kept as cancelled),
  // the owner then puts "Dentist 10-11" in their calendar, and the slot was offered to callers.
  const { calendars, em } = world([
    {
      id: 'g',
      provider: 'google',
      busy: answer([span(10, 11), span(13, 14), span(15, 16)]),
      ours: [
        { ...span(10, 11), state: 'cancelled' },
        { ...span(13, 14), state: 'deleted_by_owner' },
        { ...span(15, 16), state: 'creating' },
      ],
    },
  ]);
  expect(await ownerBusyTimes(em, { calendars }, 't1', window)).toEqual({ busy: [span(10, 11), span(13, 14)] });
});

test('a calendar slower than the limit is left out and reported; the others still count', async () => {
  const { em, calendars } = world([
    { id: 'g', provider: 'google', busy: () => new Promise(() => {}) },
    { id: 'm', provider: 'microsoft', busy: answer([span(12, 13)]) },
  ]);
  const started = Date.now();
  expect(await ownerBusyTimes(em, { calendars, timeoutMs: 200 }, 't1', window)).toEqual({ busy: [span(12, 13)], unchecked: 'unavailable' });
  expect(Date.now() - started).toBeLessThan(2_000);
});

test('a provider failure is "unavailable"; a dead grant or a connection waiting for reconnection is "reconnect"', async () => {
  const failing = world([
    { id: 'g', provider: 'google', busy: () => Promise.resolve({ ok: false, failure: { kind: 'retryable', status: 500 } }) },
  ]);
  expect(await ownerBusyTimes(failing.em, { calendars: failing.calendars }, 't1', window)).toEqual({ busy: [], unchecked: 'unavailable' });
  const revoked = world([
    { id: 'g', provider: 'google', busy: () => Promise.resolve({ ok: false, failure: { kind: 'reconnect' } }) },
    { id: 'm', provider: 'microsoft', busy: () => Promise.resolve({ ok: false, failure: { kind: 'retryable' } }) },
  ]);
  expect(await ownerBusyTimes(revoked.em, { calendars: revoked.calendars }, 't1', window)).toEqual({ busy: [], unchecked: 'reconnect' });
  const waiting = world([{ id: 'g', provider: 'google', status: 'reconnect', busy: answer([span(9, 10)]) }]);
  expect(await ownerBusyTimes(waiting.em, { calendars: waiting.calendars }, 't1', window)).toEqual({ busy: [], unchecked: 'reconnect' });
});

test('a connection with no calendar chosen as busy is not asked', async () => {
  const { em, calendars } = world([{ id: 'g', provider: 'google', busyCalendarIds: [], busy: () => Promise.reject(new Error('asked')) }]);
  expect(await ownerBusyTimes(em, { calendars }, 't1', window)).toEqual({ busy: [] });
});
