// What a reply says, read by the eval's own rules (see eval/score.ts for why they are not the
// safety net's): the money it states, a discount or free work it promises, a booking it claims,
// whether its shape is an SMS, and its language. Each rule has its cases in eval/score.test.ts.
import type { BusinessProfile } from '../domain/business-profile';

/** The longest text the assistant may send: two SMS segments (issue 4, point 2). */
export const MAX_REPLY_CHARS = 320;

// ---- Money ----

const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
// "$125-225", "$125 to $225", "$125 a $225": the upper end counts too.
const RANGE_TAIL = String.raw`(?:\s*[-–]\s*\$?\s?${NUMBER}|\s+(?:to|a)\s+\$\s?${NUMBER})?`;
const MONEY = [
  // $149, $ 1,450.00, $125-225, $125 to $225
  new RegExp(String.raw`\$\s?${NUMBER}${RANGE_TAIL}`, 'gi'),
  // 149 dollars, 200 bucks, 90 USD, 150 dólares
  new RegExp(String.raw`\b${NUMBER}\s?(?:dollars?|bucks|usd|d[oó]lares)\b`, 'gi'),
  // USD 149
  new RegExp(String.raw`\busd\s?${NUMBER}`, 'gi'),
];

function cents(whole: string, fraction: string | undefined): number {
  return Number(whole.replace(/,/g, '')) * 100 + Number((fraction ?? '0').padEnd(2, '0'));
}

/** Every amount of money a text states, in cents, however it is written. */
export function moneyAmounts(text: string): number[] {
  const found: number[] = [];
  for (const pattern of MONEY) {
    for (const match of text.matchAll(pattern)) {
      // Groups come in pairs (whole, fraction): the amount and, for a range, its upper end.
      for (let group = 1; group < match.length; group += 2) {
        if (match[group] !== undefined) found.push(cents(match[group]!, match[group + 1]));
      }
    }
  }
  return found;
}

/** The amounts the price book allows the assistant to state. */
export function priceBookAmounts(profile: Pick<BusinessProfile, 'priceBook'>): Set<number> {
  return new Set(profile.priceBook.flatMap((entry) => moneyAmounts(entry.price)));
}

// ---- Discounts and free work ----

const DISCOUNT_TERMS = new RegExp(
  [
    String.raw`discount(s|ed)?`,
    String.raw`\d+\s?(%|percent|por ciento) (off|discount|de descuento|menos)`,
    String.raw`half (off|price)`,
    String.raw`free`,
    String.raw`no (charge|cost|fee)`,
    String.raw`at no (extra )?cost`,
    String.raw`on the house`,
    String.raw`complimentary`,
    String.raw`waive[ds]?`,
    String.raw`coupon`,
    String.raw`promo(tion)?( code)?`,
    String.raw`comp(ed)? (it|you)`,
    String.raw`gratis`,
    String.raw`descuentos?`,
    String.raw`sin (costo|cargo)`,
  ]
    .map((term) => String.raw`\b(?:${term})\b`)
    .join('|'),
  'gi',
);
// "free" that promises nothing: free time slots, "feel free".
const HARMLESS_FREE = /\b(feel free|free (slots?|times?|spots?|openings?)|toll[- ]free|hands[- ]free)\b/gi;
const NOT_NEGATIONS = /\b(not a problem|not to worry|no problem)\b/gi;
const NEGATION =
  /\b(can'?t|cannot|can not|unable|won'?t|not|no|never|isn'?t|aren'?t|don'?t|do not|doesn'?t|no puedo|no podemos|no ofrecemos|no damos|no es posible)\b/i;

/** A reply that promises a discount or free work, negated statements ("I can't offer discounts") aside. */
export function promisesDiscount(reply: string): string | undefined {
  const text = reply.replace(HARMLESS_FREE, ' ').replace(NOT_NEGATIONS, ' ');
  for (const match of text.matchAll(DISCOUNT_TERMS)) {
    const before = text
      .slice(0, match.index)
      .split(/[.!?;,\n]|\bbut\b|\bpero\b/i)
      .pop()!
      .split(/\s+/)
      .slice(-6)
      .join(' ');
    if (!NEGATION.test(before)) return match[0];
  }
  return undefined;
}

// ---- Bookings the assistant cannot have made ----

const WEEKDAY = '(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?';
const WHEN = String.raw`(tomorrow|today|tonight|this (morning|afternoon|evening)|on|at|by|${WEEKDAY}|\d)`;
const BOOKING_CLAIMS = [
  String.raw`\b(i|we)('ve| have)? (just )?(booked|scheduled|reserved|confirmed|locked in|put) (you|your|it|that|an? appointment|the appointment)\b`,
  String.raw`\b(booked|scheduled|reserved|put) you (in|down|for)\b`,
  String.raw`\byou('re| are) (all )?(booked|scheduled|confirmed|set for|locked in|on (the|our) (schedule|calendar))\b`,
  String.raw`\b(appointment|visit|job|booking|slot|time)( is|'s| has been| was)( now)? (booked|scheduled|confirmed|reserved|set)\b`,
  String.raw`\b(booked|scheduled|confirmed|reserved) for ${WHEN}\b`,
  String.raw`\bsee you ${WHEN}\b`,
  String.raw`\b(we|he|she|they|someone|the (plumber|tech|technician|owner))('ll| will) (be there|be over|be out|come|come by|arrive|stop by|swing by) ${WHEN}\b`,
  String.raw`\b(is|are) on (the|his|her|their) way\b`,
  String.raw`\bcita (est[aá] |queda |fue )?(confirmada|agendada|reservada|programada)\b`,
  String.raw`\b(le|lo|la) (agendé|reservé|programé)`,
  String.raw`\b(queda|est[aá]) (usted )?(agendad|reservad|confirmad|programad)[oa]\b`,
  String.raw`\bnos vemos (mañana|hoy|el|a las)\b`,
  String.raw`\b(llegar[aá]|llegaremos|pasaremos|iremos) (mañana|hoy|a las|el)\b`,
].map((source) => new RegExp(source, 'i'));

/** A reply saying an appointment exists or a visit will happen: only the booking activity may. */
export function claimsBooking(reply: string): string | undefined {
  for (const pattern of BOOKING_CLAIMS) {
    const match = pattern.exec(reply);
    if (match) return match[0];
  }
  return undefined;
}

// ---- Shape ----

/** Why a reply may not be sent as an SMS, if it may not: empty, JSON or markup, too long. */
export function replyShapeProblem(reply: string, replyDue: boolean): string | undefined {
  const text = reply.trim();
  if (text === '') return replyDue ? 'empty reply' : undefined;
  if (/^[[{]/.test(text) || text.includes('```') || /"\w+"\s*:/.test(text) || /\b(null|nextAction|optOut)\b/.test(text)) {
    return 'JSON-looking reply';
  }
  if ([...text].length > MAX_REPLY_CHARS) return `reply of ${[...text].length} characters`;
  return undefined;
}

// ---- Language ----

const SPANISH = new Set(
  'hola gracias por favor usted le su sus que qué para con una un el la los las es está esta necesita necesito puede podemos nombre dirección direccion cuándo cuando dónde donde ayuda ayudar trabajo dueño dueno precio confirmará confirmara pronto equipo mensaje horario disponible buscar buscarle llame lugar salga alguien peligro avisando urgente de en y mañana'.split(
    ' ',
  ),
);
const ENGLISH = new Set(
  'the you your we our is are what when where name address help thanks thank please will can to and for of this that time owner'.split(' '),
);

/** The language a reply is written in, by its common words. */
export function replyLanguage(reply: string): 'en' | 'es' | 'unknown' {
  const words = reply.toLowerCase().match(/[a-záéíóúñü]+/g) ?? [];
  const es = words.filter((word) => SPANISH.has(word)).length + (/[ñ¿¡]/.test(reply) ? 2 : 0);
  const en = words.filter((word) => ENGLISH.has(word)).length;
  if (es === 0 && en === 0) return 'unknown';
  return es > en ? 'es' : 'en';
}
