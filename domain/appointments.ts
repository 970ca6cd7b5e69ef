// Appointment texts and replies (docs/product.md journeys 4 and 7): offering free slots, reading which
// one the caller picked, confirming, reminding, and recognising "cancel/reschedule my appointment".
// Pure and deterministic (workflows call it). Times are the business's local wall-clock time, built
// from localParts rather than Intl's own date formatting, whose spaces and punctuation vary between
// ICU versions (newer ones put U+202F before "AM", which is not GSM-7).
// A bare CANCEL is an opt-out keyword (keywords.ts) and is never read as an appointment intent.
import { fitName, gsm7Length, smsName, SMS_SEGMENT_LENGTH } from './gsm7';
import { classifyKeyword } from './keywords';
import { addLocalDays, DAY_MS, localParts, MINUTE_MS, zonedInstant, type Weekday } from './time-zone';

/** How many slots one offer lists; the caller answers 1, 2 or 3. */
export const MAX_OFFERED_SLOTS = 3;
/** Within this long before the start, a reminder says "today at 9:00 AM" instead of the date. */
export const SAME_DAY_REMINDER_MS = 3 * 60 * MINUTE_MS;
/** A longer reply is a sentence, not a pick: it goes to the assistant. */
const MAX_PICK_LENGTH = 30;
/** The slot offer may take two segments. */
const MAX_OFFER_LENGTH = 2 * SMS_SEGMENT_LENGTH;
/** How the caller changes a booking; appointmentIntent recognises both phrases. */
const CHANGE_INSTRUCTIONS = 'Reply RESCHEDULE or CANCEL APPOINTMENT';

const WEEKDAY_NAMES: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "9:00 AM", "12:30 PM", "12:00 AM" from minutes since local midnight. */
function clock(minutes: number): string {
  const hour24 = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  return `${hour12}:${String(minute).padStart(2, '0')} ${hour24 < 12 ? 'AM' : 'PM'}`;
}

/** "Tue Mar 10" from a YYYY-MM-DD local date. */
function day(date: string, weekday: Weekday): string {
  const month = MONTH_NAMES[Number(date.slice(5, 7)) - 1] ?? '';
  return `${WEEKDAY_NAMES[weekday]} ${month} ${Number(date.slice(8, 10))}`;
}

/** "Tue Mar 10, 9:00 AM": when a slot starts, on the business's wall clock (DST-correct). */
export function formatSlot(slot: { start: Date }, timeZone: string): string {
  const local = localParts(slot.start, timeZone);
  return `${day(local.date, local.weekday)}, ${clock(local.minutes)}`;
}

/**
 * The numbered offer the caller answers with a digit: "Ace Plumbing can come: 1) Tue Mar 10, 9:00 AM
 * 2) ... Reply with the number that suits you." Lists the first MAX_OFFERED_SLOTS slots in the order
 * given (pickOfferedSlot's index refers to that order). Fits one segment unless the business name
 * is long, never more than two.
 */
export function slotOfferText(businessName: string, slots: { start: Date; end: Date }[], timeZone: string): string {
  const listed = slots.slice(0, MAX_OFFERED_SLOTS);
  if (listed.length === 0) return fitName((name) => `Sorry, ${name} has no free times to offer by text right now.`, businessName);
  const options = listed.map((slot, index) => `${index + 1}) ${formatSlot(slot, timeZone)}`).join(' ');
  const reply = listed.length === 1 ? 'Reply 1 to book it.' : 'Reply with the number that suits you.';
  const template = (name: string) => `${name} can come: ${options}. ${reply}`;
  const fixed = gsm7Length(template(''));
  // Shorten the name to keep one segment, but not below 20 characters: then take a second segment.
  const room = SMS_SEGMENT_LENGTH - fixed >= 20 ? SMS_SEGMENT_LENGTH - fixed : Math.min(60, MAX_OFFER_LENGTH - fixed);
  return template(smsName(businessName, Math.max(room, 1)));
}

const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
};
/** Words around a pick that do not change it: "ok the first one please", "option #2", "I'll take 3". */
const FILLER = new Set([
  'the',
  'one',
  'option',
  'opt',
  'number',
  'num',
  'nr',
  'slot',
  'choice',
  'time',
  'please',
  'pls',
  'plz',
  'ok',
  'okay',
  'k',
  'yes',
  'yeah',
  'yep',
  'sure',
  'i',
  'ill',
  'id',
  'take',
  'want',
  'pick',
  'choose',
  'go',
  'with',
  'lets',
  'do',
  'book',
  'it',
  'is',
  'fine',
  'works',
  'good',
  'great',
  'thanks',
  'thank',
  'you',
  'thx',
]);

/**
 * The 0-based index of the offered slot the caller picked, or undefined when the reply is not
 * clearly one pick: "1", " 2 ", "2.", "#3", "1)", "option 2", "the first one" count; "1 or 2", "12 Oak
 * St", "3pm", "not the first one", out-of-range numbers and anything longer than 30 characters do
 * not (the assistant reads those).
 */
export function pickOfferedSlot(body: string, offeredCount: number): number | undefined {
  if (typeof body !== 'string' || !Number.isInteger(offeredCount) || offeredCount < 1) return undefined;
  const text = body.normalize('NFKC').trim();
  if (text === '' || text.length > MAX_PICK_LENGTH) return undefined;
  const words = text
    .toLowerCase()
    .replace(/['\u2018\u2019`]/g, '')
    .split(/[\s#.,!?():;*"\u201C\u201D-]+/)
    .filter((word) => word !== '');
  const picks = new Set<number>();
  let unknown = false;
  for (const word of words) {
    if (/^\d+$/.test(word)) picks.add(Number(word));
    else if (ORDINALS[word] !== undefined) picks.add(ORDINALS[word]);
    else if (word === 'last') picks.add(offeredCount);
    else if (!FILLER.has(word)) unknown = true;
  }
  // "one" alone (or "option one") is the number; next to another pick it is filler ("the first one").
  if (picks.size === 0 && words.includes('one')) picks.add(1);
  if (unknown || picks.size !== 1) return undefined;
  const [pick] = [...picks] as [number];
  return pick >= 1 && pick <= offeredCount ? pick - 1 : undefined;
}

export type AppointmentIntent = 'cancel' | 'reschedule';

const RESCHEDULE_PATTERNS: readonly RegExp[] = [
  /\bre-?schedul/,
  /\b(?:different|another|other|new|later|earlier) (?:time|day|date|slot)\b/,
  /\b(?:move|change|shift|push back|push) (?:my |the |our |this |that )?(?:appointment|appt|booking|visit|time|date)\b/,
  /\b(?:postpone|rebook|re-book)\b/,
  // Spanish: "¿podemos reprogramar?", "cambiar la cita", "otro día".
  /\breprogram/,
  /\b(?:cambiar|mover|pasar|aplazar|posponer) (?:la |mi |nuestra |esa )?(?:cita|visita|hora|fecha)\b/,
  /\botr[oa] (?:dia|hora|fecha)\b/,
];
const CANCEL = /\bcancel(?:l?ed|l?ing|lation|s)?\b|\b(?:cancel(?:ar|e|en|o)|anul(?:ar|e|en|o))\b/;
/** "don't cancel", "no need to cancel it", "not cancelling": the opposite of cancelling. */
const NEGATED_CANCEL = /\b(?:dont|do not|not|no need to|never|wont|will not|shouldnt|no)\s+(?:\w+\s+){0,2}(?:cancel|anul)/;
/** "cancel these texts" is a refusal of texts (an opt-out for the assistant), not of the appointment. */
const ABOUT_TEXTS = /\b(?:texts?|texting|messages?|msgs?|sms|subscription|notifications?|mensajes?|textos?)\b/;
const MAX_INTENT_LENGTH = 300;

/**
 * What a caller who has an appointment wants with it: "please cancel my appointment" → 'cancel',
 * "can we reschedule?" → 'reschedule', otherwise undefined. A bare keyword (CANCEL, STOP, ...) is
 * undefined: it is an opt-out, handled by classifyKeyword before anything else. Cancel and
 * reschedule together ("cancel and rebook for Friday") is 'reschedule': the caller still wants a visit.
 */
export function appointmentIntent(body: string): AppointmentIntent | undefined {
  if (typeof body !== 'string' || body.length > MAX_INTENT_LENGTH) return undefined;
  if (classifyKeyword(body) !== undefined) return undefined;
  const text = body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // "día" is "dia": accents would split the word below
    .toLowerCase()
    .replace(/['\u2018\u2019`]/g, '')
    .replace(/[^a-z0-9-]+/g, ' ')
    .trim();
  if (RESCHEDULE_PATTERNS.some((pattern) => pattern.test(text))) return 'reschedule';
  if (CANCEL.test(text) && !NEGATED_CANCEL.test(text) && !ABOUT_TEXTS.test(text)) return 'cancel';
  return undefined;
}

/**
 * When to remind before an appointment starting at `start`, ascending and without duplicates.
 * A whole number of days means the same local wall-clock time that many local days earlier (across
 * a DST change a "24 h" reminder is 23 or 25 real hours before); any other offset is an exact
 * duration. Negative, non-finite and zero offsets are ignored.
 */
export function reminderTimes(start: Date, offsetsMs: number[], timeZone: string): Date[] {
  const startMs = start.getTime();
  if (Number.isNaN(startMs)) throw new RangeError('Invalid Date');
  const local = localParts(start, timeZone);
  const withinMinute = startMs - Math.floor(startMs / MINUTE_MS) * MINUTE_MS;
  const times = new Set<number>();
  for (const offset of offsetsMs) {
    if (!Number.isFinite(offset) || offset <= 0) continue;
    if (offset % DAY_MS === 0) {
      const date = addLocalDays(local.date, -(offset / DAY_MS));
      times.add(zonedInstant(date, local.minutes, timeZone).getTime() + withinMinute);
    } else {
      times.add(startMs - offset);
    }
  }
  return [...times].sort((a, b) => a - b).map((ms) => new Date(ms));
}

/**
 * "Reminder: Ace Plumbing is booked for Tue Mar 10, 9:00 AM. Reply RESCHEDULE or CANCEL APPOINTMENT."
 * Within SAME_DAY_REMINDER_MS before the start (and on the same local date as `now`) it says
 * "today at 9:00 AM". One segment.
 */
export function reminderText(businessName: string, start: Date, timeZone: string, now: Date): string {
  const local = localParts(start, timeZone);
  const untilStart = start.getTime() - now.getTime();
  const sameDay = untilStart <= SAME_DAY_REMINDER_MS && localParts(now, timeZone).date === local.date;
  const when = sameDay ? `today at ${clock(local.minutes)}` : formatSlot({ start }, timeZone);
  return fitName((name) => `Reminder: ${name} is booked for ${when}. ${CHANGE_INSTRUCTIONS}.`, businessName);
}

/** "Booked: Ace Plumbing, Tue Mar 10, 9:00 AM. Reply RESCHEDULE or CANCEL APPOINTMENT to change it." One segment. */
export function bookingConfirmation(businessName: string, start: Date, timeZone: string): string {
  const when = formatSlot({ start }, timeZone);
  return fitName((name) => `Booked: ${name}, ${when}. ${CHANGE_INSTRUCTIONS} to change it.`, businessName);
}

/** "Moved: Ace Plumbing, now Tue Mar 10, 9:00 AM. Reply RESCHEDULE or CANCEL APPOINTMENT to change it." */
export function rescheduleConfirmation(businessName: string, start: Date, timeZone: string): string {
  const when = formatSlot({ start }, timeZone);
  return fitName((name) => `Moved: ${name}, now ${when}. ${CHANGE_INSTRUCTIONS} to change it.`, businessName);
}

/** "Your Ace Plumbing appointment on Tue Mar 10, 9:00 AM is cancelled." One segment. */
export function cancellationConfirmation(businessName: string, start: Date, timeZone: string): string {
  const when = formatSlot({ start }, timeZone);
  return fitName((name) => `Your ${name} appointment on ${when} is cancelled.`, businessName);
}

/** Sent when the slot the caller picked was booked by someone else first; the workflow appends a new offer. */
export function slotTakenText(_businessName: string): string {
  return 'Sorry, that time was just taken.';
}

/** Before the nearest free times, when none fits the time the caller asked for. */
export function nothingFitsText(): string {
  return 'Nothing is free then; the nearest times:';
}

/** Before an offer of times the caller has seen already (no other time is free). */
export function stillFreeText(): string {
  return 'These are still the free times:';
}

/** Before the same times offered a third time in a row (the two wordings above alternate with this). */
export function onlyTimesText(): string {
  return 'Still the only free times:';
}

/** An offer answered this long after it was made is stale: free times have moved on, so fresh ones are offered. */
export const OFFER_VALID_MS = 12 * 60 * MINUTE_MS;

/** Sent when the caller picks from an offer that is too old or whose time has passed; a new offer follows. */
export function offerExpiredText(): string {
  return 'Sorry, that time is no longer available.';
}
