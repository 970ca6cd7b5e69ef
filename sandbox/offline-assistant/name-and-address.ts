// The caller's name and the job's address, found in free text: "this is Dana", "12 Oak Street,
// Austin", or a bare "Dana" right after we asked. Returned with their place in the message so the
// rest of it can be read as the job (lead-fields.ts takes them out).
import { JOB_WORDS } from './caller-intents';

/** Words that are never part of a caller's name (so "I'm Home" or "this is urgent" are not names). */
const NOT_A_NAME = new Set(
  `a an the and or but so just not no yes yeah yep ok okay sure hi hello hey hola thanks thank gracias please sorry here there home
  back out in at on from with for to of by about still also very really too looking calling texting writing trying wondering
  having getting going interested available located based ready free busy done fine good great well new urgent desperate outside
  inside upstairs downstairs sick stuck waiting away leaving late early glad happy currently my your our this that it is was be
  been need needs help leak leaking water sink toilet drain pipe heater call me you we they he she i im its yo who what why when
  where how huh lol nope maybe cancel stop help info start today tomorrow tonight morning afternoon evening now later soon asap
  monday tuesday wednesday thursday friday saturday sunday weekend soy de la el en un una mi su que con por para y o pero bien
  mal aqui si super so uh um eh like gonna about regarding nuevo nueva cliente otra vez`.split(/\s+/),
);

const WORD = /[\p{L}][\p{L}'-]*/u;

function titleCase(word: string): string {
  if (word === word.toLowerCase() || word === word.toUpperCase()) return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  return word;
}

/** One or two name words from the start of `text`, or undefined when the first is not a name. */
function nameAt(text: string, requireCapital: boolean): string | undefined {
  const words: string[] = [];
  for (const token of text.split(/\s+/).slice(0, 2)) {
    const word = token.replace(/[.,!?;:]+$/, '');
    const ended = word !== token;
    if (!word || !new RegExp(`^${WORD.source}$`, 'u').test(word) || NOT_A_NAME.has(word.toLowerCase())) break;
    if (requireCapital && !/^\p{Lu}/u.test(word)) break;
    if (!requireCapital && /^\p{Ll}/u.test(word) && (DESCRIBES.test(word) || JOB_WORDS.test(word))) break;
    words.push(titleCase(word));
    if (ended) break;
  }
  return words.length > 0 ? words.join(' ') : undefined;
}

const NAME_SAID = /\b(my name is|my name's|name is|name's|me llamo|mi nombre es)\s+/gi;
/** Introductions that take a name even typed in lower case ("this is derek", "soy martha", "habla norma"). */
const NAME_INTRODUCED_PLAINLY = /\b(this is|soy|(?:le |te |les )?habla|(?:les |le )?escribe)\s+/gi;
const NAME_INTRODUCED = /\b(this is|i am|i'm|im|it's|its|soy|(?:le |te |les )?habla)\s+/gi;
/**
 * "its meg at 4400 Avenue A", "hey it's greg again": after "it's" or "I'm" a lower-case word is a
 * name only when the sentence moves on right after it (so "its clogged up" or "im super busy" are not).
 */
const NAME_AFTER_ITS = /\b(?:it'?s|i'?m)\s+([\p{L}][\p{L}'-]*)(?=\s*(?:[,.;!]|$|\s(?:at|from|here|again|over|in|on)\b))/giu;
/** Lower-case words that describe rather than name: "this is ridiculous", "soy nuevo". */
const DESCRIBES = /(ing|ed|ous|ible|able|ly|ful|less|ive|ado|ada|ido|ida|mente)$/i;

export interface Found {
  value: string;
  start: number;
  end: number;
}

export function findName(message: string): Found | undefined {
  for (const [pattern, requireCapital] of [
    [NAME_SAID, false],
    [NAME_INTRODUCED, true],
    [NAME_INTRODUCED_PLAINLY, false],
  ] as const) {
    for (const match of message.matchAll(pattern)) {
      const from = match.index + match[0].length;
      const name = nameAt(message.slice(from), requireCapital);
      if (name) return { value: name, start: match.index, end: from + sourceLength(message.slice(from), name) };
    }
  }
  for (const match of message.matchAll(NAME_AFTER_ITS)) {
    const name = nameAt(match[1]!, false);
    const from = match.index + match[0].length - match[1]!.length;
    if (name) return { value: name, start: match.index, end: from + match[1]!.length };
  }
  // "Dana here" / "Dana Smith here"
  const signed = /^\s*([\p{L}][\p{L}'-]*(?:\s+[\p{L}][\p{L}'-]*)?)\s+here\b/iu.exec(message);
  const name = signed ? nameAt(signed[1]!, false) : undefined;
  if (signed && name && name.split(' ').length === signed[1]!.split(/\s+/).length) return { value: name, start: 0, end: signed[0].length };
  return undefined;
}

/**
 * A name signed just before the address, without "this is": "Hi! Rob Lang, 4409 Speedway...",
 * "Disposal leaking - Pete Alvarez - 211 W Main St". Two or three capitalised name words alone
 * between commas or dashes, so a job ("Kitchen sink, 12 Oak St") or a greeting is never one.
 */
export function nameBeforeAddress(message: string, address: Found): Found | undefined {
  const before = message.slice(0, address.start);
  const segment = /([^,;:!?.\n]*?)\s*(?:[,;:]|\s[-–—]+)?\s*$/.exec(before.replace(/\s[-–—]+\s*$/, ' - ').replace(/\.\s*$/, ''));
  const text =
    segment?.[1]
      ?.split(/\s[-–—]+\s/)
      .at(-1)
      ?.trim() ?? '';
  const words = text.split(/\s+/);
  if (words.length < 2 || words.length > 3 || JOB_WORDS.test(text)) return undefined;
  // A caller who types all in lower case gives capitals no meaning: then any two plain name words do.
  const capital = /\p{Lu}/u.test(message) ? /^\p{Lu}[\p{L}'-]*$/u : /^\p{L}[\p{L}'-]*$/u;
  const plainly = !/\p{Lu}/u.test(message);
  if (plainly && (words.length !== 2 || words.some((word) => DESCRIBES.test(word)))) return undefined;
  if (!words.every((word) => capital.test(word) && !NOT_A_NAME.has(word.toLowerCase()))) return undefined;
  const start = before.lastIndexOf(text);
  return { value: words.map(titleCase).join(' '), start, end: start + text.length };
}

/** How many characters of `text` the (title-cased) name words took. */
function sourceLength(text: string, name: string): number {
  const words = name.split(' ').length;
  const match = new RegExp(String.raw`^\s*\S+${String.raw`\s+\S+`.repeat(words - 1)}`).exec(text);
  return match ? match[0].replace(/[.,!?;:]+$/, '').length : 0;
}

/** A bare name, answering "May I have your name?": "Dana", "dana smith". */
export function bareName(message: string): string | undefined {
  const text = message.trim().replace(/[.!]+$/, '');
  const words = text.split(/\s+/);
  if (words.length === 0 || words.length > 3 || /\d/.test(text) || JOB_WORDS.test(text)) return undefined;
  if (!words.every((word) => new RegExp(`^${WORD.source}$`, 'u').test(word) && !NOT_A_NAME.has(word.toLowerCase()))) return undefined;
  return words.map(titleCase).join(' ');
}

const STREET_TYPES =
  'st|street|ave|avenue|av|rd|road|dr|drive|ln|lane|blvd|boulevard|way|ct|court|pl|place|trl|trail|pkwy|parkway|hwy|highway|cir|circle|ter|terrace|loop|sq|square|pike|plaza|plz|cres|crescent|aly|alley|expy|expressway|fwy|freeway|xing|crossing';
// A house number, up to four words that are not small linking words, and a street type: "12 Oak Street".
const ADDRESS_CORE = new RegExp(
  String.raw`\b\d{1,6}[A-Za-z]?(?:-\d{1,4})?\s+(?:(?!(?:on|at|in|and|or|the|is|my|near|by|for|with|to)\b)[A-Za-z0-9.'-]+\s+){0,4}?(?:${STREET_TYPES})\b\.?`,
  'i',
);
// What may follow the street, case-sensitive so only a capitalised town counts (", Apt 4B, Austin, TX
// 78701") — or a town in lower case that a state or ZIP code follows ("austin tx 78704"), as people text.
const ADDRESS_TAIL =
  /^(?:,?\s*(?:[Aa]pt|APT|[Aa]partment|[Uu]nit|UNIT|[Ss]uite|[Ss]te|#)\.?\s*#?[A-Za-z0-9-]+)?(?:,\s*[A-Z][a-zA-Z.'-]*(?:\s+[A-Z][a-z][a-zA-Z.'-]*){0,2}|,?\s*[A-Za-z][A-Za-z.'-]*(?:\s+[A-Za-z][A-Za-z.'-]*){0,2}(?=,?\s+(?:[Tt][Xx]|[Tt]exas)\b|,?\s+\d{5}\b))?(?:,?\s+(?:[A-Z]{2}|[Tt]x|[Tt]exas)\b)?(?:,?\s+\d{5}(?:-\d{4})?\b)?/;
/** When we just asked for the address, a reply that starts with a house number is one: "45 Elm, by the school". */
const ADDRESS_ANSWER_LEAD =
  /^(?:(?:it'?s|it is|we'?re|we are|i'?m|i am|address(?: is)?:?|the address is|located|at|vivo|es|la direcci[oó]n es|en)\s+)*/i;

// No street type, but a town and a state or ZIP after it: "4409 Speedway, Austin 78751", "9 Los Robles, Kyle, TX".
const ADDRESS_WITH_TOWN =
  /\b\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?[A-Z][A-Za-z0-9.'-]*(?:\s+[A-Z0-9][A-Za-z0-9.'-]*){0,2},\s*[A-Z][a-z][a-zA-Z.'-]*(?:\s+[A-Z][a-z][a-zA-Z.'-]*){0,2}(?:,?\s+[A-Z]{2}\b)?(?:,?\s+\d{5}(?:-\d{4})?\b)/;
const ADDRESS_WITH_STATE =
  /\b\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?[A-Z][A-Za-z0-9.'-]*(?:\s+[A-Z0-9][A-Za-z0-9.'-]*){0,2},\s*[A-Z][a-z][a-zA-Z.'-]*(?:\s+[A-Z][a-z][a-zA-Z.'-]*){0,2},?\s+(?:TX|Texas)\b(?:,?\s+\d{5}(?:-\d{4})?\b)?/;

export function findAddress(message: string, justAsked: boolean): Found | undefined {
  const core = ADDRESS_CORE.exec(message);
  if (core) {
    const tail = ADDRESS_TAIL.exec(message.slice(core.index + core[0].length))?.[0] ?? '';
    const value = (core[0] + tail).trim();
    return { value, start: core.index, end: core.index + core[0].length + tail.length };
  }
  const withTown = ADDRESS_WITH_TOWN.exec(message) ?? ADDRESS_WITH_STATE.exec(message);
  // "2 Toilets, Austin TX" counts toilets, it is no street.
  if (withTown && !JOB_WORDS.test(withTown[0].split(',')[0]!))
    return { value: withTown[0].trim(), start: withTown.index, end: withTown.index + withTown[0].length };
  if (!justAsked) return undefined;
  const lead = ADDRESS_ANSWER_LEAD.exec(message.trim())?.[0] ?? '';
  const rest = message.trim().slice(lead.length);
  if (!/^\d{1,6}[A-Za-z]?\s+\p{L}/u.test(rest)) return undefined;
  const value = rest
    .split(/[!?\n]|\.(?:\s|$)/)[0]!
    .trim()
    .slice(0, 120);
  const start = message.indexOf(rest);
  return { value, start, end: start + value.length };
}

/** Five-digit numbers that are ZIP codes, not house numbers ("12345 Main St"). */
export function zipCodes(message: string): string[] {
  const zips: string[] = [];
  for (const match of message.matchAll(/\b(\d{5})(?:-\d{4})?\b/g)) {
    const before = message.slice(0, match.index);
    const after = message.slice(match.index + match[0].length);
    const labelled = /\b(zip(\s*code)?(\s+is)?|c[oó]digo postal|in|en)[\s:#,]*$/i.test(before) || /\b[A-Z]{2},?\s*$/.test(before);
    if (labelled || !/^\s+[A-Za-z]/.test(after)) zips.push(match[1]!);
  }
  return zips;
}

const CITY_LEAD =
  /\b(?:(?:i'?m|i am|im|we'?re|we are|located|live|living|based|estoy|vivo|vivimos|estamos)\s+(?:located\s+|based\s+|(?:up|down|over|out)\s+)?(?:in|en)|(?:as far as|all the way (?:to|out to)|out to|(?:go|come|drive|travel)(?: out)? (?:to|as far as)|do (?:you|u|y'?all)(?: guys| all)? (?:serve|cover|service|work in|go to|come to|come out to)|(?:serve|cover|service) (?:the )?(?:area of|town of)?|hasta)|(?:van|vienen|trabajan|llegan) (?:a|en|hasta))\s+/gi;
const NOT_A_CITY = new Set('the a an my our your need trouble pain here there no not bed town charge'.split(' '));

/**
 * Towns the caller says they are in: "I'm in Round Rock", "located in Dallas, TX". Typed in lower
 * case ("im up in waco tx", "estoy en san antonio"), a name counts only when `isTown` knows it, so
 * "I'm in a hurry" or "estoy en casa" name no town.
 */
export function statedCities(message: string, isTown: (name: string) => boolean = () => false): string[] {
  const cities: string[] = [];
  for (const match of message.matchAll(CITY_LEAD)) {
    const after = message.slice(match.index + match[0].length);
    const city = /^[A-Z][a-z][a-zA-Z.'-]*(?:\s+[A-Z][a-z][a-zA-Z.'-]*){0,2}/.exec(after)?.[0];
    if (city && !NOT_A_CITY.has(city.toLowerCase())) {
      cities.push(city);
      continue;
    }
    const words = /^[\p{L}.'-]+(?:\s+[\p{L}.'-]+){0,2}/u.exec(after)?.[0].split(/\s+/) ?? [];
    for (let count = words.length; count > 0; count--) {
      const name = words.slice(0, count).join(' ');
      if (!NOT_A_CITY.has(name.toLowerCase()) && isTown(name)) {
        cities.push(name);
        break;
      }
    }
  }
  return cities;
}
