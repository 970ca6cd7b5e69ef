// The words around dates that chrono-node does not turn into ranges, in English and Spanish: day
// parts ("afternoon", "por la tarde"), clock bounds ("after 5", "después de las 5"), ASAP, week and
// weekend phrases, "pasado mañana", and negations ("not Monday", "el lunes no"). chrono-node reads
// the dates (time-preferences.ts); these phrases are masked out of the text it reads, so that "por la
// mañana" (in the morning) is not taken for "mañana" (tomorrow).
// All matching is on folded text (fold below): same length as the input, so spans index both.

export type DayPart = 'morning' | 'afternoon' | 'evening';
/** A range of minutes since local midnight, [from, to). */
export interface MinuteRange {
  from: number;
  to: number;
}
/** When a caller means by each part of the day: a slot fits when it starts inside it. */
export const DAY_PARTS: Readonly<Record<DayPart, MinuteRange>> = Object.freeze({
  morning: { from: 8 * 60, to: 12 * 60 },
  afternoon: { from: 12 * 60, to: 17 * 60 },
  evening: { from: 17 * 60, to: 21 * 60 },
});
/** "after 5" runs to the close of the local day; business hours cut it shorter. */
export const END_OF_DAY = 24 * 60;
/** "at 3" (or "around 3") accepts a start up to this long either side. */
export const AROUND_MINUTES = 60;

export interface Span {
  start: number;
  end: number;
}
export interface TimePhrases {
  /** The folded text with every phrase found here blanked out (for chrono-node). */
  rest: string;
  spans: Span[];
  asap: boolean;
  /** Parts of the day named; a negated one ("not in the morning") is ruled out instead. */
  dayParts: { part: DayPart; today: boolean; negated: boolean }[];
  /** Clock constraints ("after 5", "between 2 and 4", "at 3"), each a range of minutes. */
  clocks: MinuteRange[];
  /** "this week", "next week", or the one after ("the week after next", "in two weeks"). */
  weeks: { which: 'this' | 'next' | 'afterNext'; weekend: boolean }[];
  /** Whole days from today named outright ("pasado mañana" = 2). */
  dayOffsets: number[];
}

/** Lower case without accents, one UTF-16 unit for one (so indexes stay valid); "ñ" becomes "n". */
export function fold(text: string): string {
  return [...text]
    .map((char) => {
      const folded = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      return folded.length === char.length ? folded : char;
    })
    .join('');
}

const ASAP = [
  /\b(?:asap|a\.s\.a\.p\.?|as soon as (?:possible|you can|u can)|soonest|earliest (?:possible|available|you can)|first available|right away|immediately|urgently)\b/g,
  /\b(?:lo (?:antes|mas pronto|mas rapido) (?:posible|que (?:puedan?|se pueda))|cuanto antes|de inmediato|inmediatamente|urgente|ya mismo)\b/g,
];
const ES_PART_PREFIX = String.raw`(?:(?:por|en|a|durante)\s+las?|esta|las|la|cualquier|todas\s+las|de)\s+`;
const DAY_PART_PATTERNS: readonly [DayPart, RegExp][] = [
  ['morning', /\b(?:(this)\s+|in\s+the\s+)?mornings?\b/g],
  // Spanish "la mañana" needs a preposition: a bare "mañana" is tomorrow.
  ['morning', /\b(?:(?:por|en|a|durante)\s+las?|(esta)|las)\s+mananas?\b/g],
  ['afternoon', /\b(?:(this)\s+|in\s+the\s+)?afternoons?\b/g],
  // "más tarde" (later) and "llego tarde" (I'm late) have no article: not the afternoon.
  ['afternoon', new RegExp(String.raw`\b(?:(esta)\s+|${ES_PART_PREFIX})tardes?\b`, 'g')],
  ['evening', /\b(?:(this)\s+|in\s+the\s+|at\s+)?(?:evenings?|nights?)\b|\b(tonight)\b/g],
  ['evening', new RegExp(String.raw`\b(?:(esta)\s+|${ES_PART_PREFIX})noches?\b`, 'g')],
];

const MERIDIEM = String.raw`a\.?\s?m\b\.?|p\.?\s?m\b\.?|in the (?:morning|afternoon|evening)|at night|de la (?:manana|tarde|noche)|del mediodia|o'?clock`;
const NOT_A_CLOCK = String.raw`(?!\d)(?!\s*(?:days?|weeks?|months?|hours?|hrs?|minutes?|mins?|dias?|semanas?|meses|horas?|minutos?|th|st|nd|rd|%)\b)`;
const TIME = String.raw`(?<![a-z\d:])(?:noon|midday|mediodia|\d{1,2}(?::\d{2})?${NOT_A_CLOCK}(?:\s*(?:${MERIDIEM}))?)`;
const TIME_PARTS = new RegExp(String.raw`^(?:(noon|midday|mediodia)|(\d{1,2})(?::(\d{2}))?\s*(.*))$`);
const LAS = String.raw`(?:las?\s+)?`;
const RANGE = new RegExp(
  String.raw`\b(?:between|from|entre|de|desde)\s+${LAS}(${TIME})\s*(?:and|to|until|till|-|–|y|a|hasta)\s+${LAS}(${TIME})`,
  'g',
);
const AFTER = new RegExp(
  String.raw`\b(?:after|from|past|later than|no earlier than|despues de|a partir de|desde|pasadas)\s+${LAS}(${TIME})`,
  'g',
);
const BEFORE = new RegExp(String.raw`\b(?:before|by|until|till|no later than|earlier than|antes de|hasta)\s+${LAS}(${TIME})`, 'g');
// "at 12 Oak St" is an address: a bare "at N" counts only with a meridiem, minutes or a time-like word after it.
const AT = new RegExp(String.raw`(?:\b(at|around|about)\s+|(@)\s*|\b((?:como\s+)?a|sobre|hacia|tipo)\s+las?\s+)?(${TIME})`, 'g');
const AT_FOLLOW = /^\s*(?:$|[,.;!?)]|(?:on|today|tomorrow|tmrw|tonight|or|and|if|ish|works|is|please|pls|manana|hoy|el|o|y|por|si)\b)/;
const WEEKS: readonly [RegExp, (match: RegExpExecArray) => TimePhrases['weeks'][number]][] = [
  // Two weeks out first, so "the week after next" is not read as "the week" (this one).
  [
    /\b(?:(?:the\s+)?week\s+after\s+(?:next|this\s+one|the\s+next)|in\s+(?:two|2)\s+weeks|(?:two|2)\s+weeks\s+from\s+(?:now|today))\b/g,
    () => ({ which: 'afterNext', weekend: false }),
  ],
  [
    /\b(?:(?:la\s+)?semana\s+(?:despues\s+de\s+la\s+(?:proxima|que\s+viene|que\s+entra)|subsiguiente)|(?:en|dentro\s+de)\s+(?:dos|2)\s+semanas)\b/g,
    () => ({ which: 'afterNext', weekend: false }),
  ],
  // "the week of the 7th" names a date, which chrono-node reads; "the week" alone is this one.
  [
    /\b(this|next|coming|the)\s+week(end)?\b(?!\s+(?:of|after|before)\b)/g,
    (m) => ({ which: m[1] === 'next' ? 'next' : 'this', weekend: m[2] !== undefined }),
  ],
  [
    /\b(?:(?:la|esta)\s+)?(?:(proxima|esta)\s+semana|semana\s+(?:que\s+viene|que\s+entra|proxima|entrante))\b/g,
    (m) => ({ which: m[1] === 'esta' ? 'this' : 'next', weekend: false }),
  ],
  [
    /\b(?:(?:el|este)\s+)?(proximo\s+)?fin(?:es)?\s+de\s+semana(\s+(?:que\s+viene|proximo))?\b/g,
    (m) => ({ which: m[1] || m[2] ? 'next' : 'this', weekend: true }),
  ],
];
const DAY_AFTER_TOMORROW = /\b(?:pasado\s+manana|(?:the\s+)?day\s+after\s+tomorrow)\b/g;

/** Finds the phrases, most specific first, blanking each so later patterns do not read it again. */
export function findTimePhrases(folded: string): TimePhrases {
  let rest = folded;
  const spans: Span[] = [];
  // `use` may refuse a match (false) or widen its span (to take in a negation's words).
  const take = (pattern: RegExp, use: (match: RegExpExecArray) => boolean | void | Span) => {
    for (const match of [...rest.matchAll(pattern)]) {
      const used = match[0].trim() === '' ? false : use(match);
      if (used === false) continue;
      const start = typeof used === 'object' ? used.start : match.index;
      const end = typeof used === 'object' ? used.end : start + match[0].trimEnd().length;
      spans.push({ start, end });
      rest = rest.slice(0, start) + ' '.repeat(end - start) + rest.slice(end);
    }
  };
  const found: TimePhrases = { rest, spans, asap: false, dayParts: [], clocks: [], weeks: [], dayOffsets: [] };
  for (const pattern of ASAP) take(pattern, () => void (found.asap = true));
  take(DAY_AFTER_TOMORROW, () => void found.dayOffsets.push(2));
  for (const [pattern, read] of WEEKS) take(pattern, (m) => void found.weeks.push(read(m)));
  // Clocks before day parts: "5 de la tarde" is a time, not a separate "afternoon".
  const pending: { kind: 'range' | 'after' | 'before' | 'at'; times: string[] }[] = [];
  take(RANGE, (m) => void pending.push({ kind: 'range', times: [m[1]!, m[2]!] }));
  take(AFTER, (m) => void pending.push({ kind: 'after', times: [m[1]!] }));
  take(BEFORE, (m) => void pending.push({ kind: 'before', times: [m[1]!] }));
  take(AT, (m) => {
    const time = m[4]!;
    const followedLikeATime = m[1] !== undefined && AT_FOLLOW.test(rest.slice(m.index + m[0].length));
    // A bare number is a quantity, an address or a pick from an offer, not a time.
    if (!(/[a-z:]/.test(time) || m[2] || m[3] || followedLikeATime)) return false;
    pending.push({ kind: 'at', times: [time] });
  });
  for (const [part, pattern] of DAY_PART_PATTERNS) {
    take(pattern, (m) => {
      const end = m.index + m[0].trimEnd().length;
      const negation = negationAround(rest.slice(0, m.index), rest.slice(end));
      found.dayParts.push({ part, today: m.slice(1).some((group) => group !== undefined), negated: negation !== undefined });
      return negation && { start: m.index - negation.before, end: end + negation.after };
    });
  }
  const parts = new Set(found.dayParts.filter((d) => !d.negated).map((d) => d.part));
  const hint = parts.has('morning') && parts.size === 1 ? 'am' : parts.size > 0 && !parts.has('morning') ? 'pm' : undefined;
  for (const { kind, times } of pending) {
    const range = clockRange(kind, times, hint);
    if (range) found.clocks.push(range);
  }
  found.rest = rest;
  return found;
}

function clockRange(kind: 'range' | 'after' | 'before' | 'at', times: string[], hint: 'am' | 'pm' | undefined): MinuteRange | undefined {
  if (kind === 'range') {
    const to = clockMinutes(times[1]!, hint);
    // "de 2 a 4 de la tarde": the second time's meridiem applies to the first.
    const from = clockMinutes(times[0]!, meridiemOf(times[1]!) ?? hint);
    if (from === undefined || to === undefined) return undefined;
    if (to > from) return { from, to };
    // "between 11 and 2" crosses noon; otherwise the caller named the ends backwards.
    return to < 12 * 60 && to + 12 * 60 > from ? { from, to: to + 12 * 60 } : { from: to, to: from };
  }
  const minutes = clockMinutes(times[0]!, hint);
  if (minutes === undefined) return undefined;
  if (kind === 'after') return { from: minutes, to: END_OF_DAY };
  if (kind === 'before') return { from: 0, to: minutes };
  return { from: Math.max(0, minutes - AROUND_MINUTES), to: Math.min(END_OF_DAY, minutes + AROUND_MINUTES) };
}

function meridiemOf(time: string): 'am' | 'pm' | undefined {
  const rest = TIME_PARTS.exec(time.trim())?.[4] ?? '';
  if (/^a|morning|manana/.test(rest)) return 'am';
  if (/^p|afternoon|evening|night|tarde|noche|mediodia/.test(rest)) return 'pm';
  return undefined;
}

/**
 * Minutes since midnight of a clock time. Without am/pm, an hour from 1 to 6 is afternoon (nobody
 * books a plumber for 5 AM) and 7 to 11 is morning, unless the caller named a part of the day.
 */
export function clockMinutes(time: string, hint: 'am' | 'pm' | undefined): number | undefined {
  const match = TIME_PARTS.exec(time.trim());
  if (!match) return undefined;
  if (match[1] !== undefined) return 12 * 60;
  let hour = Number(match[2]);
  const minute = Number(match[3] ?? 0);
  if (hour > 23 || minute > 59) return undefined;
  const meridiem = meridiemOf(time) ?? (hour > 12 ? undefined : hint);
  if (meridiem === 'am' && hour === 12) hour = 0;
  else if (meridiem === 'pm' && hour < 12) hour += 12;
  else if (meridiem === undefined && hour >= 1 && hour <= 6) hour += 12;
  return hour * 60 + minute;
}

const NEGATION_BEFORE =
  /(?:\bnot|\bno|\bexcept|\bexcepto|\bsalvo|\bmenos|\bbut|\bexcluding|\bother than|\bbesides|\bcan'?t(?:\s+do|\s+make(?:\s+it)?)?|\bcannot(?:\s+do)?|\bno\s+puedo|\bni)\s+(?:on\s+|el\s+|los\s+|a\s+)?$/;
const NEGATION_AFTER =
  /^\s*(?:no me (?:sirven?|va|vienen?|queda|funciona)|no puedo|no se puede|no\b(?!\s+(?:hay\s+)?problem)|(?:is|are|'s)\s+(?:out|bad|no good|not good|not possible|impossible)\b|(?:doesn'?t|don'?t|does not|do not|won'?t|will not|can'?t)\s+work|(?:is\s+)?no good\b)/;

/**
 * Whether the words around a date say the caller does not want it ("not Monday", "el lunes no"):
 * how many characters before and after the date the negation takes, or undefined.
 */
export function negationAround(before: string, after: string): { before: number; after: number } | undefined {
  const ahead = NEGATION_BEFORE.exec(before);
  if (ahead) return { before: ahead[0].length, after: 0 };
  const behind = NEGATION_AFTER.exec(after);
  return behind ? { before: 0, after: behind[0].length } : undefined;
}
