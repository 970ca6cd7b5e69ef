// The sync's pure rules (activities/calendar-sync-rules.ts); the stack test
// test/integration/calendar-sync.test.ts runs them through real pulls against the emulators.
import type { PlacedEvent } from '../db/calendar-events';
import type { CalendarChange } from '../providers/calendar-results';
import { GRAPH_DELTA_WINDOW } from '../providers/microsoft-calendar-delta';
import { listingReach, missingMeansDeleted, movedAlertKey, ownerChangeOf } from './calendar-sync-rules';

const at = (hour: number) => new Date(Date.UTC(2031, 0, 7, hour));
const ours = (changes: Partial<PlacedEvent> & { eventId?: string } = {}): PlacedEvent & { eventId: string } => ({
  appointmentId: 'a1',
  connectionId: 'c1',
  tenantId: 't1',
  calendarId: 'primary',
  eventId: 'e1',
  start: at(15),
  end: at(16),
  state: 'placed',
  ...changes,
});
const upserted = (start: Date, end: Date, extra: object = {}): CalendarChange =>
  Object.assign({ kind: 'upserted' as const, eventId: 'e1', title: 'Job', start, end }, extra);

describe('what a reported change means for our event', () => {
  test('a deletion, a new start, or a new end only', () => {
    expect(ownerChangeOf({ kind: 'deleted', eventId: 'e1' }, ours())).toBe('deleted');
    expect(ownerChangeOf(upserted(at(17), at(18)), ours())).toBe('moved');
    expect(ownerChangeOf(upserted(at(15), at(17)), ours())).toBe('moved');
    expect(ownerChangeOf(upserted(at(15), at(16)), ours())).toBe('unchanged');
  });

  test('an all-day event is no move: the appointment keeps its time and no one is asked', () => {
    expect(ownerChangeOf(upserted(new Date('2031-01-07T00:00:00Z'), new Date('2031-01-08T00:00:00Z'), { allDay: true }), ours())).toBe(
      'unchanged',
    );
  });
});

describe('when an event missing from a full listing was deleted by the owner', () => {
  const google = { calendarId: 'primary', reach: undefined };
  test('it was ours and live before the listing was taken', () => {
    expect(missingMeansDeleted(ours(), ours(), google)).toBe(true);
    expect(missingMeansDeleted(ours({ state: 'moved_by_owner' }), ours({ state: 'moved_by_owner' }), google)).toBe(true);
  });

  test('not an event a late push placed after the listing (unknown, or still being created, before it)', () => {
    expect(missingMeansDeleted(ours(), undefined, google)).toBe(false);
    expect(missingMeansDeleted(ours(), ours({ state: 'creating' }), google)).toBe(false);
    expect(missingMeansDeleted(ours(), ours({ eventId: 'e0' }), google)).toBe(false);
  });

  test('not one in another calendar, nor one beyond what the listing covered', () => {
    expect(missingMeansDeleted(ours({ calendarId: 'other' }), ours({ calendarId: 'other' }), google)).toBe(false);
    const reach = at(15);
    expect(missingMeansDeleted(ours(), ours(), { calendarId: 'primary', reach })).toBe(false);
    expect(missingMeansDeleted(ours({ start: at(14) }), ours({ start: at(14) }), { calendarId: 'primary', reach })).toBe(true);
  });

  test("Microsoft's listing reaches GRAPH_DELTA_WINDOW ahead, past the furthest bookable day; Google's the whole calendar", () => {
    const listedAt = at(12);
    expect(listingReach('google', listedAt)).toBeUndefined();
    expect(listingReach('microsoft', listedAt)).toEqual(new Date(listedAt.getTime() + GRAPH_DELTA_WINDOW.aheadMs));
    expect(GRAPH_DELTA_WINDOW.aheadMs).toBeGreaterThan(366 * 86_400_000); // slot settings allow booking up to 365 days ahead
  });
});

test('each of the owner moves T1→T2→T1→T2 has its own alert key, though two of them go from T1 to T2; one applied move has one', () => {
  const [t1, t2] = [at(9), at(10)];
  const applied = [1, 2, 3].map((second) => new Date(Date.UTC(2031, 0, 7, 8, 0, second)));
  const keys = [
    movedAlertKey('c1', { eventId: 'e1', start: t1 }, { start: t2 }, applied[0]!),
    movedAlertKey('c1', { eventId: 'e1', start: t2 }, { start: t1 }, applied[1]!),
    movedAlertKey('c1', { eventId: 'e1', start: t1 }, { start: t2 }, applied[2]!),
  ];
  expect(new Set(keys).size).toBe(3);
  expect(movedAlertKey('c1', { eventId: 'e1', start: t1 }, { start: t2 }, new Date(applied[2]!))).toBe(keys[2]);
});
