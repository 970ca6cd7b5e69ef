// Property: whatever the app and the owner do to a calendar (creates, retried creates, moves,
// cancels, the owner's own moves and deletions), a copy built only from incremental syncs (an
// initial full listing, then changes since each sync token) ends equal to the emulator's calendar.
// Runs through the real SDKs of both providers. Replay a failure with the seed it prints:
//   CALENDAR_SEED=<seed> npx jest --selectProjects unit --testPathPatterns sandbox/calendar-emulator/incremental-sync
import fc from 'fast-check';
import type { CalendarChanges, CalendarEventInput, CalendarResult } from '../../providers/calendar-results';
import { createGoogleCalendar } from '../../providers/google-calendar';
import { createMicrosoftCalendar } from '../../providers/microsoft-calendar';
import { DEMO_ACCOUNT, deleteEventAsOwner, moveEventAsOwner, serveCalendars, type CalendarEmulatorState, type ServedCalendars } from '.';

const seed = process.env.CALENDAR_SEED ? Number(process.env.CALENDAR_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
beforeAll(() => {
  process.stdout.write(`[incremental-sync property] seed ${seed}\n`);
});

/** What both provider sessions offer that this property uses. */
interface SyncedSession {
  createEvent(calendarId: string, event: CalendarEventInput): Promise<CalendarResult<{ eventId: string }>>;
  moveEvent(calendarId: string, eventId: string, start: Date, end: Date): Promise<CalendarResult<void>>;
  cancelEvent(calendarId: string, eventId: string): Promise<CalendarResult<void>>;
  changesSince(calendarId: string, syncToken?: string): Promise<CalendarResult<CalendarChanges>>;
}

type Step =
  | { op: 'create'; key: number; slot: number; times: number }
  | { op: 'move' | 'ownerMove'; key: number; slot: number }
  | { op: 'cancel' | 'ownerDelete'; key: number }
  | { op: 'sync' };

const key = fc.integer({ min: 0, max: 4 });
const slot = fc.integer({ min: 0, max: 40 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), key, slot, times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constantFrom('move' as const, 'ownerMove' as const), key, slot }),
  fc.record({ op: fc.constantFrom('cancel' as const, 'ownerDelete' as const), key }),
  fc.constant({ op: 'sync' as const }),
);

const CLIENT = { id: 'property-client', secret: 'property-secret' };
const CALENDAR = DEMO_ACCOUNT; // both providers' primary calendar is named after the account
let emulator: ServedCalendars;
beforeAll(async () => {
  emulator = await serveCalendars();
  emulator.google.client = CLIENT;
  emulator.microsoft.client = CLIENT;
});
afterAll(() => emulator.close());

// Tomorrow 08:00 UTC onwards: Graph's delta lists a window around now (GRAPH_DELTA_WINDOW).
const today = new Date();
const hour = (slotNumber: number) =>
  new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1, 8) + slotNumber * 3_600_000);
const must = <T>(result: CalendarResult<T>): T => {
  if (!result.ok) throw new Error(`unexpected failure ${JSON.stringify(result.failure)}`);
  return result.value;
};

type Replica = Map<string, { title: string; start: number; end: number }>;

function apply(replica: Replica, { changes }: CalendarChanges): void {
  for (const change of changes) {
    if (change.kind === 'deleted') replica.delete(change.eventId);
    else replica.set(change.eventId, { title: change.title, start: change.start.getTime(), end: change.end.getTime() });
  }
}

function emulatorCalendar(state: CalendarEmulatorState): Replica {
  const events = [...state.store.calendar(DEMO_ACCOUNT, CALENDAR)!.events.values()].filter((event) => !event.cancelled);
  return new Map(events.map((event) => [event.id, { title: event.summary, start: Date.parse(event.start), end: Date.parse(event.end) }]));
}

async function run(session: SyncedSession, state: CalendarEmulatorState, steps: Step[]): Promise<void> {
  const replica: Replica = new Map();
  const ids = new Map<number, string>();
  let full = must(await session.changesSince(CALENDAR));
  apply(replica, full);
  let token = full.nextSyncToken;
  const sync = async () => {
    full = must(await session.changesSince(CALENDAR, token));
    apply(replica, full);
    token = full.nextSyncToken;
  };
  for (const s of steps) {
    const id = 'key' in s ? ids.get(s.key) : undefined;
    const live = id !== undefined && emulatorCalendar(state).has(id);
    if (s.op === 'create')
      for (let i = 0; i < s.times; i++)
        ids.set(
          s.key,
          must(
            await session.createEvent(CALENDAR, {
              idempotencyKey: `appointment-${s.key}`,
              title: `Job ${s.key}`,
              start: hour(s.slot),
              end: hour(s.slot + 1),
            }),
          ).eventId,
        );
    else if (s.op === 'move' && live) must(await session.moveEvent(CALENDAR, id, hour(s.slot), hour(s.slot + 1)));
    else if (s.op === 'ownerMove' && live) moveEventAsOwner(state.store, DEMO_ACCOUNT, CALENDAR, id, hour(s.slot), hour(s.slot + 2));
    else if (s.op === 'cancel' && id !== undefined) must(await session.cancelEvent(CALENDAR, id));
    else if (s.op === 'ownerDelete' && live) deleteEventAsOwner(state.store, DEMO_ACCOUNT, CALENDAR, id);
    else if (s.op === 'sync') await sync();
  }
  await sync();
  expect(replica).toEqual(emulatorCalendar(state));
}

const providers: Array<[string, (emulator: ServedCalendars) => Promise<[SyncedSession, CalendarEmulatorState]>]> = [
  [
    'Google',
    async ({ googleBaseUrl, google: state }) => {
      const google = createGoogleCalendar({
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
        redirectUri: 'http://127.0.0.1/cb',
        baseUrl: googleBaseUrl,
      });
      return [google.session(must(await google.exchangeCode(state.grants.grantCode(DEMO_ACCOUNT))).refreshToken), state];
    },
  ],
  [
    'Microsoft',
    async ({ microsoftBaseUrl, microsoft: state }) => {
      const microsoft = createMicrosoftCalendar({
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
        redirectUri: 'http://127.0.0.1/cb',
        baseUrl: microsoftBaseUrl,
      });
      return [microsoft.session(must(await microsoft.exchangeCode(state.grants.grantCode(DEMO_ACCOUNT))).refreshToken), state];
    },
  ],
];

test.each(providers)('%s: incremental changes applied to an empty copy reproduce the calendar', async (_name, connect) => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 14 }), async (steps) => {
      for (const state of [emulator.google, emulator.microsoft]) {
        state.store.clear();
        state.grants.clear();
      }
      const [session, state] = await connect(emulator);
      await run(session, state, steps);
    }),
    { seed, numRuns: 25 },
  );
});
