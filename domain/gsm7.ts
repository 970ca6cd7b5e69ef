// Texts we write ourselves stay in the GSM-7 alphabet and within one 160-character segment: a
// single curly apostrophe in a business name would switch the whole text to UCS-2 (70 characters
// a segment) and double or triple what every text costs.

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters sent as an escape plus one septet: each counts as two. */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export const SMS_SEGMENT_LENGTH = 160;

/** Look-alikes a person's keyboard or phone produces, written the way GSM-7 can carry them. */
const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '`': "'",
  '´': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '«': '"',
  '»': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2022': '*',
  '\u00B7': '.',
  '\t': ' ',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Œ: 'OE',
  œ: 'oe',
  ı: 'i',
  '™': '(TM)',
  '®': '(R)',
  '©': '(C)',
};

export function isGsm7(text: string): boolean {
  for (const char of text) if (!BASIC.has(char) && !EXTENSION.has(char)) return false;
  return true;
}

/** Septets the text takes on the air (extension characters count twice); Infinity if not GSM-7. */
export function gsm7Length(text: string): number {
  let length = 0;
  for (const char of text) {
    if (BASIC.has(char)) length += 1;
    else if (EXTENSION.has(char)) length += 2;
    else return Infinity;
  }
  return length;
}

/**
 * The text in the GSM-7 alphabet: typographic quotes and dashes become plain ones, accented letters
 * GSM-7 lacks lose their accent (Ł → L, ô → o), unusual spaces become spaces, and anything else
 * (emoji, other scripts) is dropped.
 */
export function toGsm7(text: string): string {
  let result = '';
  for (const char of text) {
    if (BASIC.has(char) || EXTENSION.has(char)) result += char;
    else if (REPLACEMENTS[char] !== undefined) result += REPLACEMENTS[char];
    else if (/\s/u.test(char)) result += ' ';
    else {
      // Decomposition keeps the base letter of an accented one: 'ô' is 'o' plus a combining accent.
      const base = char.normalize('NFD').replace(/\p{M}/gu, '');
      if (base !== char && [...base].every((c) => BASIC.has(c))) result += base;
    }
  }
  return result;
}

/**
 * A business name to put into one of our texts: GSM-7, single-spaced, trimmed, and cut to at most
 * `maxLength` septets so the text stays one segment. An empty name becomes `fallback`.
 */
export function smsName(name: string, maxLength: number, fallback = 'This business'): string {
  let clean = toGsm7(name).replace(/\s+/g, ' ').trim();
  if (clean === '') clean = fallback;
  while (clean.length > 0 && gsm7Length(clean) > maxLength) clean = clean.slice(0, -1).trimEnd();
  return clean;
}

/**
 * Fills a template with a business name, shortening the name just enough for the text to fit in
 * one GSM-7 segment.
 */
export function fitName(template: (name: string) => string, name: string): string {
  const room = SMS_SEGMENT_LENGTH - gsm7Length(template(''));
  return template(smsName(name, Math.max(room, 1)));
}
