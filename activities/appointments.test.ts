// The offer a caller gets, from their own words (issue #15 point 3): the first of their texts that
// names a time decides, read in the business's zone; new times before ones already offered; when
// nothing fits, the nearest, marked so the text says so. The bugs these catch: "tomorrow afternoon
// works" answered with the same morning slots again, and the same offer repeated word for word.
import { DEFAULT_WEEKLY_HOURS } from '../domain/settings';
import { DEFAULT_APPOINTMENT_SETTINGS, freeSlots } from '../domain/slots';
import { chooseOffer, type SlotView } from './appointments';

const CHICAGO = 'America/Chicago';
/** Chicago in June is CDT (UTC-5), written by hand so the test does not use the code it tests. */
const cdt = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00-05:00`);
/** Monday 2026-06-15, 09:00 in Chicago; plumber hours Mon–Fri 08:00–17:00 (08:00, 10:30, 13:00), Sat 09:00. */
const NOW = cdt('2026-06-15 09:00');
const FREE = freeSlots({
  now: NOW,
  hours: { timeZone: CHICAGO, weekly: DEFAULT_WEEKLY_HOURS, overrides: [] },
  settings: DEFAULT_APPOINTMENT_SETTINGS,
  booked: [],
  limit: 200,
});
const local = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: CHICAGO }).slice(0, 16);
const shown = (slots: SlotView[]) =>
  slots.map((slot) => `${local(slot.start)}${slot.fits === false ? ' nearest' : ''}${slot.offeredBefore ? ' again' : ''}`);
const offer = (preferences: string[], alreadyOffered: string[] = []) =>
  shown(
    chooseOffer(FREE, {
      now: NOW,
      timeZone: CHICAGO,
      limit: 3,
      preferences,
      alreadyOffered: alreadyOffered.map((at) => cdt(at).toISOString()),
    }),
  );

test('no time named: the earliest free times', () => {
  expect(offer(['my sink is leaking'])).toEqual(['2026-06-15 10:30', '2026-06-15 13:00', '2026-06-16 08:00']);
});

test('"tomorrow afternoon works" gets Tuesday afternoon, not the same morning slots', () => {
  expect(offer(['tomorrow afternoon works'])).toEqual(['2026-06-16 13:00']);
});

test('Spanish: "mañana por la tarde" is Tuesday afternoon too', () => {
  expect(offer(['mañana por la tarde por favor'])).toEqual(['2026-06-16 13:00']);
});

test('"not Monday" leaves Monday out', () => {
  expect(offer(['any day but not Monday'])).toEqual(['2026-06-16 08:00', '2026-06-16 10:30', '2026-06-16 13:00']);
});

test('the latest text that names a time wins over what the assistant noted earlier', () => {
  expect(offer(['actually friday morning', 'tomorrow afternoon'])).toEqual(['2026-06-19 08:00', '2026-06-19 10:30']);
  expect(offer(['ok thanks', 'tomorrow afternoon'])).toEqual(['2026-06-16 13:00']);
});

test('asked again with nothing new said: new times, never the same offer', () => {
  const first = ['2026-06-15 10:30', '2026-06-15 13:00', '2026-06-16 08:00'];
  expect(offer(['other times?'], first)).toEqual(['2026-06-16 10:30', '2026-06-16 13:00', '2026-06-17 08:00']);
});

test('nothing fits (Sunday, closed): the nearest times, marked so the text says so', () => {
  const nearest = offer(['sunday evening']);
  expect(nearest).toHaveLength(3);
  expect(nearest.every((slot) => slot.endsWith(' nearest'))).toBe(true);
});

test('only times already offered fit: offered again, marked as such', () => {
  expect(offer(['tomorrow afternoon'], ['2026-06-16 13:00'])).toEqual(['2026-06-16 13:00 again']);
});
