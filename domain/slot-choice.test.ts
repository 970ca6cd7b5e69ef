import fc from 'fast-check';
import { DEFAULT_WEEKLY_HOURS } from './settings';
import { chooseSlots, type SlotChoice } from './slot-choice';
import { DEFAULT_APPOINTMENT_SETTINGS, freeSlots, type Slot } from './slots';
import { readTimePreference, type TimePreference } from './time-preferences';
import { WEEKDAYS, type Weekday } from './time-zone';

const CHICAGO = 'America/Chicago';
/** Chicago in June is CDT (UTC-5). Written by hand so tests do not use the code they test. */
const cdt = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00-05:00`);
/** Monday 2026-06-15, 09:00 in Chicago. */
const NOW = cdt('2026-06-15 09:00');
const local = (instant: Date) => instant.toLocaleString('sv-SE', { timeZone: CHICAGO }).slice(0, 16);
const weekdayIn = (instant: Date) => instant.toLocaleString('en-US', { timeZone: CHICAGO, weekday: 'short' }).toLowerCase() as Weekday;

// Default plumber hours: Mon–Fri 08:00–17:00 (slots 08:00, 10:30, 13:00), Sat 09:00, Sun closed;
// at 09:00 on Monday the first free slot is 10:30 (an hour's lead time).
const FREE = freeSlots({
  now: NOW,
  hours: { timeZone: CHICAGO, weekly: DEFAULT_WEEKLY_HOURS, overrides: [] },
  settings: DEFAULT_APPOINTMENT_SETTINGS,
  booked: [],
  limit: 100,
});
const prefer = (text: string) => readTimePreference(text, { now: NOW, timeZone: CHICAGO });
const starts = (locals: string[]) => locals.map((at) => cdt(at).toISOString());
const shown = (choice: SlotChoice) => ({ ...choice, slots: choice.slots.map((slot) => local(slot.start)) });
const choose = (text: string | undefined, offered: string[] = [], limit = 3) =>
  shown(chooseSlots({ free: FREE, preference: text === undefined ? undefined : prefer(text), alreadyOffered: starts(offered), limit }));

const FIRST_THREE = ['2026-06-15 10:30', '2026-06-15 13:00', '2026-06-16 08:00'];

describe('chooseSlots: examples on a plumber’s week', () => {
  test('no preference: the earliest; offered again: the next ones, never the same offer', () => {
    expect(choose(undefined)).toEqual({ slots: FIRST_THREE, fits: true, repeated: false });
    expect(choose(undefined, FIRST_THREE)).toEqual({
      slots: ['2026-06-16 10:30', '2026-06-16 13:00', '2026-06-17 08:00'],
      fits: true,
      repeated: false,
    });
  });

  test.each(['tomorrow afternoon', 'mañana por la tarde'])('%s after the morning offer: the new afternoon slot', (text) => {
    expect(choose(text, FIRST_THREE)).toEqual({ slots: ['2026-06-16 13:00'], fits: true, repeated: false });
  });

  test('the same preference again, nothing new fits: the fitting slot again, marked repeated', () => {
    expect(choose('tomorrow afternoon', [...FIRST_THREE, '2026-06-16 13:00'])).toEqual({
      slots: ['2026-06-16 13:00'],
      fits: true,
      repeated: true,
    });
  });

  test.each(['not Monday', 'el lunes no'])('%s: Tuesday on', (text) => {
    expect(choose(text)).toEqual({ slots: ['2026-06-16 08:00', '2026-06-16 10:30', '2026-06-16 13:00'], fits: true, repeated: false });
  });

  test.each(['next week', 'la próxima semana'])('%s: Monday of next week on', (text) => {
    expect(choose(text)).toEqual({ slots: ['2026-06-22 08:00', '2026-06-22 10:30', '2026-06-22 13:00'], fits: true, repeated: false });
  });

  test.each(['ASAP', 'lo antes posible'])('%s: the soonest', (text) => {
    expect(choose(text)).toEqual({ slots: FIRST_THREE, fits: true, repeated: false });
  });

  test.each(['any evening after 5', 'cualquier noche después de las 5'])(
    '%s: nothing fits (closed at 5), the nearest are the last slot of each day',
    (text) => {
      expect(choose(text)).toEqual({ slots: ['2026-06-15 13:00', '2026-06-16 13:00', '2026-06-17 13:00'], fits: false, repeated: false });
    },
  );

  test('Sunday (closed): the nearest are Monday morning’s, nearer than Saturday’s', () => {
    expect(choose('Sunday')).toEqual({ slots: ['2026-06-22 08:00', '2026-06-22 10:30', '2026-06-22 13:00'], fits: false, repeated: false });
  });

  test('Saturday morning: its one slot, fewer than the limit rather than slots that do not fit', () => {
    expect(choose('Saturday morning', [], 2)).toEqual({ slots: ['2026-06-20 09:00'], fits: true, repeated: false });
  });

  test('everything offered already: the earliest again, marked repeated; limit 0 or no free slots: nothing', () => {
    const all = FREE.map((slot) => local(slot.start));
    expect(choose(undefined, all, 2)).toEqual({ slots: FIRST_THREE.slice(0, 2), fits: true, repeated: true });
    expect(choose(undefined, [], 0)).toEqual({ slots: [], fits: false, repeated: false });
    expect(chooseSlots({ free: [], alreadyOffered: [], limit: 3 })).toEqual({ slots: [], fits: false, repeated: false });
  });
});

// Properties over random free slots, preferences and offers. fast-check prints the seed and path of
// a failure; replay with SLOTS_SEED=<seed> SLOTS_PATH=<path>.
const seed = process.env.SLOTS_SEED ? Number(process.env.SLOTS_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const replay = { seed, ...(process.env.SLOTS_PATH ? { path: process.env.SLOTS_PATH } : {}) };
afterAll(() => process.stdout.write(`[slot-choice] seed ${seed}\n`));

const HALF_HOUR = 30 * 60_000;
/** Slots on a half-hour grid over two weeks from NOW, 1–3 hours long, duplicates possible. */
const slotArb = fc.tuple(fc.integer({ min: 0, max: 14 * 48 }), fc.integer({ min: 2, max: 6 })).map(([step, length]): Slot => ({
  start: new Date(NOW.getTime() + step * HALF_HOUR),
  end: new Date(NOW.getTime() + (step + length) * HALF_HOUR),
}));
const PHRASES = [
  'tomorrow afternoon',
  'any evening after 5',
  'not Monday',
  'next week',
  'ASAP',
  'mañana por la tarde',
  'el lunes no',
  'morning',
];
const windowArb = fc.tuple(fc.integer({ min: -48, max: 14 * 48 }), fc.integer({ min: 1, max: 24 })).map(([step, length]) => ({
  start: new Date(NOW.getTime() + step * HALF_HOUR).toISOString(),
  end: new Date(NOW.getTime() + (step + length) * HALF_HOUR).toISOString(),
}));
const preferenceArb: fc.Arbitrary<TimePreference | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...PHRASES).map(prefer),
  fc.record({
    timeZone: fc.constant(CHICAGO),
    windows: fc.option(fc.array(windowArb, { maxLength: 4 }), { nil: undefined }),
    excludeWeekdays: fc.subarray([...WEEKDAYS]),
    phrase: fc.constant('random'),
  }),
);
const caseArb = fc.array(slotArb, { maxLength: 30 }).chain((free) =>
  fc.record({
    free: fc.constant(free),
    shuffled: fc.shuffledSubarray(free, { minLength: free.length, maxLength: free.length }),
    preference: preferenceArb,
    alreadyOffered: fc.subarray(free).map((slots) => slots.map((slot) => slot.start.toISOString())),
    limit: fc.integer({ min: 1, max: 5 }),
  }),
);

/** The rule, written again from the preference's own words: inside a window, off the excluded weekdays. */
function fitsIndependently(preference: TimePreference | undefined, slot: Slot): boolean {
  if ((preference?.excludeWeekdays ?? []).includes(weekdayIn(slot.start))) return false;
  const windows = preference?.windows;
  return windows === undefined || windows.some((w) => new Date(w.start) <= slot.start && slot.start < new Date(w.end));
}

test('random free slots, preferences and offers: the rules of the choice hold', () => {
  fc.assert(
    fc.property(caseArb, ({ free, shuffled, preference, alreadyOffered, limit }) => {
      const choice = chooseSlots({ free, preference, alreadyOffered, limit });
      const offered = new Set(alreadyOffered);
      const isNew = (slot: Slot) => !offered.has(slot.start.toISOString());
      // A subset of the free slots, at most `limit`, earliest first, one per start.
      for (const slot of choice.slots) expect(free).toContain(slot);
      expect(choice.slots.length).toBeLessThanOrEqual(limit);
      expect(choice.slots.length > 0).toBe(free.length > 0);
      const times = choice.slots.map((slot) => slot.start.getTime());
      expect(times).toEqual([...new Set(times)].sort((a, b) => a - b));
      // fits: every slot is inside a window and off the excluded weekdays; fits is false only when no free slot fits.
      if (choice.fits) for (const slot of choice.slots) expect(fitsIndependently(preference, slot)).toBe(true);
      expect(choice.fits).toBe(free.some((slot) => fitsIndependently(preference, slot)));
      // Never an offered slot while a new one fits (or, nothing fitting, while a new one is off the excluded weekdays).
      const allowed = (slot: Slot) => !(preference?.excludeWeekdays ?? []).includes(weekdayIn(slot.start));
      const asGood = (slot: Slot) => (choice.fits ? fitsIndependently(preference, slot) : allowed(slot));
      const newCandidates = free.filter((slot) => isNew(slot) && asGood(slot));
      if (newCandidates.length > 0) expect(choice.slots.filter((slot) => !isNew(slot))).toEqual([]);
      expect(choice.repeated).toBe(choice.slots.length > 0 && choice.slots.every((slot) => !isNew(slot)));
      // The order of the free slots does not matter.
      const again = chooseSlots({ free: shuffled, preference, alreadyOffered, limit });
      const iso = (c: SlotChoice) => ({ ...c, slots: c.slots.map((s) => `${s.start.toISOString()}/${s.end.toISOString()}`) });
      expect(iso(again)).toEqual(iso(choice));
    }),
    { numRuns: 300, ...replay },
  );
});
