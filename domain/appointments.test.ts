import {
  appointmentIntent,
  bookingConfirmation,
  cancellationConfirmation,
  formatSlot,
  pickOfferedSlot,
  reminderText,
  reminderTimes,
  slotOfferText,
  slotTakenText,
  type AppointmentIntent,
} from './appointments';
import { gsm7Length, isGsm7 } from './gsm7';
import { classifyKeyword } from './keywords';
import { DAY_MS, HOUR_MS } from './time-zone';

const CHICAGO = 'America/Chicago';
const BERLIN = 'Europe/Berlin';
const ACE = 'Ace Plumbing';

// Instants written by hand with their UTC offset, so the tests do not use the code they test.
// 2026 DST changes: Chicago springs forward on Sun 2026-03-08 at 02:00 (CST -06:00 → CDT -05:00);
// Berlin falls back on Sun 2026-10-25 at 03:00 (CEST +02:00 → CET +01:00).
const at = (iso: string): Date => new Date(iso);
/** Wall clock in a zone, from Intl directly: '2026-03-08 09:00'. */
const wall = (instant: Date, timeZone: string): string => instant.toLocaleString('sv-SE', { timeZone }).slice(0, 16);
const hoursBetween = (a: Date, b: Date): number => (b.getTime() - a.getTime()) / HOUR_MS;
const slot = (start: string, hours = 2) => ({ start: at(start), end: new Date(at(start).getTime() + hours * HOUR_MS) });

describe('formatSlot: local wall-clock time, DST-correct, GSM-7', () => {
  test.each<[string, string, string, string]>([
    ['morning, CDT (a UTC formatter would say 2:00 PM)', '2026-03-10T09:00:00-05:00', CHICAGO, 'Tue Mar 10, 9:00 AM'],
    ['half past, PM', '2026-03-10T11:30:00-05:00', CHICAGO, 'Tue Mar 10, 11:30 AM'],
    ['the day before spring forward is still CST (-06:00)', '2026-03-07T09:00:00-06:00', CHICAGO, 'Sat Mar 7, 9:00 AM'],
    ['spring-forward day, after the change (CDT)', '2026-03-08T09:00:00-05:00', CHICAGO, 'Sun Mar 8, 9:00 AM'],
    ['the day after spring forward (a fixed -06:00 would say 8:00 AM)', '2026-03-09T09:00:00-05:00', CHICAGO, 'Mon Mar 9, 9:00 AM'],
    ['Berlin the day before fall back (CEST)', '2026-10-24T09:00:00+02:00', BERLIN, 'Sat Oct 24, 9:00 AM'],
    ['Berlin fall-back day, after the change (CET)', '2026-10-25T09:00:00+01:00', BERLIN, 'Sun Oct 25, 9:00 AM'],
    ['Berlin the day after fall back (a fixed +02:00 would say 10:00 AM)', '2026-10-26T09:00:00+01:00', BERLIN, 'Mon Oct 26, 9:00 AM'],
    ['noon is 12 PM, not 0 PM', '2026-06-15T12:00:00-05:00', CHICAGO, 'Mon Jun 15, 12:00 PM'],
    ['midnight is 12 AM, not 0 AM', '2026-06-16T00:00:00-05:00', CHICAGO, 'Tue Jun 16, 12:00 AM'],
    ['local date differs from the UTC date (UTC says Jun 16)', '2026-06-15T20:00:00-05:00', CHICAGO, 'Mon Jun 15, 8:00 PM'],
    ['single-digit minutes are padded', '2026-12-31T17:05:00-06:00', CHICAGO, 'Thu Dec 31, 5:05 PM'],
  ])('%s', (_behaviour, start, timeZone, expected) => {
    const text = formatSlot({ start: at(start) }, timeZone);
    expect(text).toBe(expected);
    expect(isGsm7(text)).toBe(true); // newer ICU puts U+202F before AM: never in our texts
  });
});

describe('slotOfferText: numbered options, first three only, GSM-7, at most two segments', () => {
  const three = [slot('2026-03-10T09:00:00-05:00'), slot('2026-03-10T11:30:00-05:00'), slot('2026-03-11T08:00:00-05:00')];
  test.each<[string, string, { start: Date; end: Date }[], string]>([
    [
      'three slots, numbered 1-3 in the given order',
      ACE,
      three,
      'Ace Plumbing can come: 1) Tue Mar 10, 9:00 AM 2) Tue Mar 10, 11:30 AM 3) Wed Mar 11, 8:00 AM. Reply with the number that suits you.',
    ],
    [
      'more than three: only the first three are listed (a 4th option would not fit and could not be picked)',
      ACE,
      [...three, slot('2026-03-12T08:00:00-05:00')],
      'Ace Plumbing can come: 1) Tue Mar 10, 9:00 AM 2) Tue Mar 10, 11:30 AM 3) Wed Mar 11, 8:00 AM. Reply with the number that suits you.',
    ],
    ['a single slot asks for 1', ACE, [three[0]!], 'Ace Plumbing can come: 1) Tue Mar 10, 9:00 AM. Reply 1 to book it.'],
    ['no slots: says so instead of an empty list', ACE, [], 'Sorry, Ace Plumbing has no free times to offer by text right now.'],
    [
      'curly apostrophe in the name becomes a plain one (else UCS-2, 70 chars a segment)',
      'Bob\u2019s Drains',
      [three[0]!],
      "Bob's Drains can come: 1) Tue Mar 10, 9:00 AM. Reply 1 to book it.",
    ],
  ])('%s', (_behaviour, name, slots, expected) => {
    const text = slotOfferText(name, slots, CHICAGO);
    expect(text).toBe(expected);
    expect(isGsm7(text)).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(160);
  });

  test.each<[string, string, number]>([
    ['a long name is shortened to keep three options in one segment', 'A'.repeat(200), 160],
    ['an emoji-only name falls back instead of leaving a blank', '\u{1F527}\u{1F6BF}', 160],
  ])('%s', (_behaviour, name, limit) => {
    const text = slotOfferText(name, three, CHICAGO);
    expect(isGsm7(text)).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(limit);
    expect(text).toContain('1) Tue Mar 10, 9:00 AM 2) Tue Mar 10, 11:30 AM 3) Wed Mar 11, 8:00 AM.');
    expect(text).not.toMatch(/^ can come/);
  });
});

describe('pickOfferedSlot: a clear pick becomes a 0-based index', () => {
  test.each<[string, string, number, number]>([
    ['bare digit', '1', 3, 0],
    ['digit with surrounding spaces', ' 2 ', 3, 1],
    ['digit with a full stop', '2.', 3, 1],
    ['hash sign', '#3', 3, 2],
    ['digit with a bracket, as written in the offer', '1)', 3, 0],
    ['"option 2"', 'option 2', 3, 1],
    ['capitalised "Option #2!"', 'Option #2!', 3, 1],
    ['"the first one"', 'the first one', 3, 0],
    ['"first"', 'first', 3, 0],
    ['"Second."', 'Second.', 3, 1],
    ['"third"', 'third', 3, 2],
    ['"3rd"', '3rd', 3, 2],
    ['"number one" (one alone is the number)', 'number one', 3, 0],
    ['"two"', 'two', 3, 1],
    ['"the last one" with 3 offered', 'the last one', 3, 2],
    ['polite: "2 please"', '2 please', 3, 1],
    ['"ok 3 works"', 'ok 3 works', 3, 2],
    ['phone-keyboard apostrophe: \u201CI\u2019ll take 2\u201D', 'I\u2019ll take 2', 3, 1],
    ['the same number twice', '2 2', 3, 1],
    ['full-width digit', '\uFF12', 3, 1],
  ])('%s', (_behaviour, body, offered, expected) => {
    expect(pickOfferedSlot(body, offered)).toBe(expected);
  });
});

describe('pickOfferedSlot: anything that is not one clear pick is undefined (the assistant reads it)', () => {
  test.each<[string, string, number]>([
    ['out of range: 4 of 3 (would book a slot never offered)', '4', 3],
    ['zero (would become index -1)', '0', 3],
    ['3 when only 2 were offered', '3', 2],
    ['"third" when only 2 were offered', 'third', 2],
    ['two different numbers: "1 or 2"', '1 or 2', 3],
    ['two different numbers without words', '1 2', 3],
    ['first and second', 'first or second', 3],
    ['an address containing a digit', 'my address is 12 Oak St', 3],
    ['an address digit below the offered count', '2 Oak St', 3],
    ['a phone number', '555-123-4567', 3],
    ['a phone number without dashes', '5551234567', 3],
    ['a clock time is not an option number', '3pm', 3],
    ['a clock time with a colon', '2:30', 3],
    ['negated: "not the first one"', 'not the first one', 3],
    ['longer than 30 characters even with one digit', 'option 2 works for me, see you then!!', 3],
    ['empty', '', 3],
    ['whitespace only', '   ', 3],
    ['words only, no number', 'yes please', 3],
    ['two picks in words and digits: "2 and one"', '2 and one', 3],
    ['nothing was offered', '1', 0],
    ['offered count is not a whole number', '1', 2.5],
  ])('%s', (_behaviour, body, offered) => {
    expect(pickOfferedSlot(body, offered)).toBeUndefined();
  });
});

describe('appointmentIntent: cancel or reschedule for a caller who has an appointment', () => {
  test.each<[string, string, AppointmentIntent | undefined]>([
    ['polite cancel', 'please cancel my appointment', 'cancel'],
    ['cancel the appointment', 'cancel the appointment', 'cancel'],
    ['the phrase our texts ask for', 'CANCEL APPOINTMENT', 'cancel'],
    ['lower-case phrase from our texts', 'cancel appointment', 'cancel'],
    ['"I need to cancel"', 'I need to cancel', 'cancel'],
    ["can't make it, cancel please", "can't make it, cancel please", 'cancel'],
    ['past tense', 'I want it cancelled', 'cancel'],
    ['bare RESCHEDULE, as our texts ask', 'RESCHEDULE', 'reschedule'],
    ['bare reschedule, lower case', 'reschedule', 'reschedule'],
    ['question', 'can we reschedule?', 'reschedule'],
    ['different time', 'need a different time', 'reschedule'],
    ['move my appointment', 'move my appointment', 'reschedule'],
    ['another day', 'could you come another day', 'reschedule'],
    ['cancel and rebook is a reschedule (the caller still wants a visit)', 'cancel it and reschedule for Friday', 'reschedule'],
    ['bare CANCEL is an opt-out keyword, by law (would keep texting an opted-out number)', 'CANCEL', undefined],
    ['bare cancel, lower case', 'cancel', undefined],
    ['bare Cancel with punctuation', 'Cancel!', undefined],
    ['bare cancel with spaces', '  cancel  ', undefined],
    ['STOP is an opt-out, not an intent', 'STOP', undefined],
    ['negated: "don\'t cancel"', "don't cancel, see you tomorrow", undefined],
    ['negated: "no need to cancel"', 'no need to cancel it', undefined],
    ['cancelling texts is a refusal of texts, not of the visit', 'cancel these texts', undefined],
    ['unrelated: confirmation', 'see you then, thanks', undefined],
    ['unrelated: a question', 'what time will the plumber arrive?', undefined],
    ['unrelated: an option digit', '2', undefined],
    ['empty', '', undefined],
    ['Spanish: reprogramar', '¿Podemos reprogramar la cita?', 'reschedule'],
    ['Spanish: otro día (with its accent)', 'mejor otro día por favor', 'reschedule'],
    ['Spanish: cambiar la cita', 'necesito cambiar la cita', 'reschedule'],
    ['Spanish: cancelar la cita', 'quiero cancelar la cita', 'cancel'],
    ['Spanish: anule', 'anule mi cita por favor', 'cancel'],
    ['Spanish: negated', 'no cancele, nos vemos mañana', undefined],
    ['Spanish: cancelling the messages is an opt-out, not the visit', 'cancelar los mensajes', undefined],
  ])('%s', (_behaviour, body, expected) => {
    expect(appointmentIntent(body)).toBe(expected);
  });

  test('bare CANCEL stays an opt-out keyword (keywords.ts is unchanged)', () => {
    expect(classifyKeyword('CANCEL')).toBe('opt_out');
    expect(classifyKeyword('CANCEL APPOINTMENT')).toBeUndefined();
  });
});

describe('reminderTimes: whole days keep the local wall-clock time; other offsets are exact', () => {
  interface Case {
    start: string;
    timeZone: string;
    offsets: number[];
    /** Local wall-clock times, ascending. */
    local: string[];
    /** Real hours before the start, same order. */
    hoursBefore: number[];
  }
  test.each<[string, Case]>([
    [
      'across a clock change: Chicago Mon 2026-03-09 09:00 (day after spring forward): 1 day → Sun 09:00, 1 h → 08:00',
      {
        start: '2026-03-09T09:00:00-05:00',
        timeZone: CHICAGO,
        offsets: [DAY_MS, HOUR_MS],
        local: ['2026-03-08 09:00', '2026-03-09 08:00'],
        hoursBefore: [24, 1],
      },
    ],
    [
      'Chicago on the spring-forward day: 1 day → Sat 09:00 CST, 23 real hours (24 h exact would say 08:00)',
      {
        start: '2026-03-08T09:00:00-05:00',
        timeZone: CHICAGO,
        offsets: [DAY_MS, HOUR_MS],
        local: ['2026-03-07 09:00', '2026-03-08 08:00'],
        hoursBefore: [23, 1],
      },
    ],
    [
      'across a clock change: Berlin Mon 2026-10-26 09:00 (day after fall back): 1 day → Sun 09:00',
      {
        start: '2026-10-26T09:00:00+01:00',
        timeZone: BERLIN,
        offsets: [DAY_MS, HOUR_MS],
        local: ['2026-10-25 09:00', '2026-10-26 08:00'],
        hoursBefore: [24, 1],
      },
    ],
    [
      'Berlin on the fall-back day: 1 day → Sat 09:00 CEST, 25 real hours (24 h exact would say 10:00)',
      {
        start: '2026-10-25T09:00:00+01:00',
        timeZone: BERLIN,
        offsets: [DAY_MS, HOUR_MS],
        local: ['2026-10-24 09:00', '2026-10-25 08:00'],
        hoursBefore: [25, 1],
      },
    ],
    [
      'a 1 h reminder across the spring-forward gap is exact: 03:30 CDT → 01:30 CST',
      { start: '2026-03-08T03:30:00-05:00', timeZone: CHICAGO, offsets: [HOUR_MS], local: ['2026-03-08 01:30'], hoursBefore: [1] },
    ],
    [
      'two whole days, both after the change: Tue 03-10 09:00 → Sun 03-08 09:00 CDT (48 h)',
      { start: '2026-03-10T09:00:00-05:00', timeZone: CHICAGO, offsets: [2 * DAY_MS], local: ['2026-03-08 09:00'], hoursBefore: [48] },
    ],
    [
      'two whole days spanning the change: Mon 03-09 09:00 → Sat 03-07 09:00 CST (47 h)',
      { start: '2026-03-09T09:00:00-05:00', timeZone: CHICAGO, offsets: [2 * DAY_MS], local: ['2026-03-07 09:00'], hoursBefore: [47] },
    ],
    [
      'given in any order, returned ascending',
      {
        start: '2026-06-15T09:00:00-05:00',
        timeZone: CHICAGO,
        offsets: [HOUR_MS, DAY_MS, 30 * 60_000],
        local: ['2026-06-14 09:00', '2026-06-15 08:00', '2026-06-15 08:30'],
        hoursBefore: [24, 1, 0.5],
      },
    ],
    [
      'duplicates removed (a reminder would be sent twice)',
      {
        start: '2026-06-15T09:00:00-05:00',
        timeZone: CHICAGO,
        offsets: [DAY_MS, HOUR_MS, DAY_MS, 24 * HOUR_MS],
        local: ['2026-06-14 09:00', '2026-06-15 08:00'],
        hoursBefore: [24, 1],
      },
    ],
    [
      'negative, zero and non-finite offsets are ignored',
      {
        start: '2026-06-15T09:00:00-05:00',
        timeZone: CHICAGO,
        offsets: [-HOUR_MS, 0, Number.NaN, Infinity, HOUR_MS],
        local: ['2026-06-15 08:00'],
        hoursBefore: [1],
      },
    ],
    ['no offsets, no reminders', { start: '2026-06-15T09:00:00-05:00', timeZone: CHICAGO, offsets: [], local: [], hoursBefore: [] }],
  ])('%s', (_behaviour, c) => {
    const start = at(c.start);
    const times = reminderTimes(start, c.offsets, c.timeZone);
    expect(times.map((t) => wall(t, c.timeZone))).toEqual(c.local);
    expect(times.map((t) => hoursBetween(t, start))).toEqual(c.hoursBefore);
  });

  test('an invalid start is refused rather than giving Invalid Date reminders', () => {
    expect(() => reminderTimes(new Date(Number.NaN), [HOUR_MS], CHICAGO)).toThrow(RangeError);
  });
});

describe('texts: exact wording, GSM-7 and one segment', () => {
  const start = at('2026-03-10T09:00:00-05:00');
  test.each<[string, () => string, string]>([
    [
      'reminder a day ahead names the date',
      () => reminderText(ACE, start, CHICAGO, at('2026-03-09T09:00:00-05:00')),
      'Reminder: Ace Plumbing is booked for Tue Mar 10, 9:00 AM. Reply RESCHEDULE or CANCEL APPOINTMENT.',
    ],
    [
      'reminder within 3 hours says today',
      () => reminderText(ACE, start, CHICAGO, at('2026-03-10T08:00:00-05:00')),
      'Reminder: Ace Plumbing is booked for today at 9:00 AM. Reply RESCHEDULE or CANCEL APPOINTMENT.',
    ],
    [
      'reminder exactly 3 hours before says today',
      () => reminderText(ACE, start, CHICAGO, at('2026-03-10T06:00:00-05:00')),
      'Reminder: Ace Plumbing is booked for today at 9:00 AM. Reply RESCHEDULE or CANCEL APPOINTMENT.',
    ],
    [
      'reminder 3 h 1 min before names the date',
      () => reminderText(ACE, start, CHICAGO, at('2026-03-10T05:59:00-05:00')),
      'Reminder: Ace Plumbing is booked for Tue Mar 10, 9:00 AM. Reply RESCHEDULE or CANCEL APPOINTMENT.',
    ],
    [
      'within 3 hours but tomorrow locally (late evening): not "today"',
      () => reminderText(ACE, at('2026-06-16T00:30:00-05:00'), CHICAGO, at('2026-06-15T22:30:00-05:00')),
      'Reminder: Ace Plumbing is booked for Tue Jun 16, 12:30 AM. Reply RESCHEDULE or CANCEL APPOINTMENT.',
    ],
    [
      'today uses the local hour on a DST day (Berlin fall back)',
      () => reminderText(ACE, at('2026-10-25T09:00:00+01:00'), BERLIN, at('2026-10-25T08:00:00+01:00')),
      'Reminder: Ace Plumbing is booked for today at 9:00 AM. Reply RESCHEDULE or CANCEL APPOINTMENT.',
    ],
    [
      'booking confirmation',
      () => bookingConfirmation(ACE, start, CHICAGO),
      'Booked: Ace Plumbing, Tue Mar 10, 9:00 AM. Reply RESCHEDULE or CANCEL APPOINTMENT to change it.',
    ],
    [
      'cancellation confirmation',
      () => cancellationConfirmation(ACE, start, CHICAGO),
      'Your Ace Plumbing appointment on Tue Mar 10, 9:00 AM is cancelled.',
    ],
    ['slot taken', () => slotTakenText(ACE), 'Sorry, that time was just taken.'],
  ])('%s', (_behaviour, make, expected) => {
    const text = make();
    expect(text).toBe(expected);
    expect(isGsm7(text)).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(160);
  });

  const awkwardNames: [string, string][] = [
    ['a 200-character name is shortened', 'B'.repeat(200)],
    ['curly quotes and an emoji are made GSM-7', '\u201CJo\u2019s\u201D Heating \u{1F525}'],
    ['extension characters count twice', '{[Ace]}~'.repeat(30)],
    ['an empty name falls back', '   '],
  ];
  const makers: [string, (name: string) => string][] = [
    [
      'slotOfferText',
      (name) =>
        slotOfferText(
          name,
          [slot('2026-03-10T09:00:00-05:00'), slot('2026-03-10T11:30:00-05:00'), slot('2026-03-11T08:00:00-05:00')],
          CHICAGO,
        ),
    ],
    ['reminderText (date)', (name) => reminderText(name, start, CHICAGO, at('2026-03-09T09:00:00-05:00'))],
    ['reminderText (today)', (name) => reminderText(name, start, CHICAGO, at('2026-03-10T08:00:00-05:00'))],
    ['bookingConfirmation', (name) => bookingConfirmation(name, start, CHICAGO)],
    ['cancellationConfirmation', (name) => cancellationConfirmation(name, start, CHICAGO)],
    ['slotTakenText', (name) => slotTakenText(name)],
  ];
  test.each(makers.flatMap(([fn, make]) => awkwardNames.map(([why, name]) => [`${fn}: ${why}`, make, name] as const)))(
    '%s: GSM-7 and at most 160 characters (else UCS-2 or a second segment doubles the cost)',
    (_behaviour, make, name) => {
      const text = make(name);
      expect(isGsm7(text)).toBe(true);
      expect(gsm7Length(text)).toBeLessThanOrEqual(160);
      expect(text).not.toMatch(/ {2}|^ |Booked: ,/);
    },
  );

  test.each<[string, string, AppointmentIntent]>([
    ['RESCHEDULE as our texts ask', 'RESCHEDULE', 'reschedule'],
    ['CANCEL APPOINTMENT as our texts ask', 'CANCEL APPOINTMENT', 'cancel'],
  ])('the texts ask for replies appointmentIntent understands: %s', (_behaviour, reply, expected) => {
    expect(bookingConfirmation(ACE, start, CHICAGO)).toContain(reply);
    expect(appointmentIntent(reply)).toBe(expected);
  });
});
