// Which price-book entry the caller is asking about (docs/product.md journey 4: the assistant quotes
// only the price book). A quote is true only for the job it belongs to: "$149" is the price of a
// drain cleaning and a broken promise for a tankless water heater, though both amounts are in the
// book. Callers never use the owner's wording, so words are folded (case, accents, plurals) and read
// through the small synonym table in price-match-words.ts, English and Spanish.
//
// The rule, in order:
// 1. The texts are read newest first: the caller's latest message, then the job the lead already
//    has, then their earlier messages. The first one that names a job decides ("how much?" names
//    none, so the known job decides). Work words alone ("how much to replace it?") are joined with
//    the next text, so they narrow the known job instead of replacing it.
// 2. An entry fits when the text names its subject (the thing worked on: "drain", "water heater";
//    for entries without one, the call-out visit or the entry's own words) and does not name other
//    work than the entry's ("fix" is not a "flush"). Of the entries that fit, one whose matched
//    words are all matched by another, better fitting one is dropped ("flush a water heater" is the
//    flush, not the replacement); ties stay ("water heater" fits both water heater entries).
// 3. A job named but no entry fits: nothing is quotable; the owner confirms the price.
// 4. No job named anywhere yet: the book's general entries (a service call, call-out or
//    diagnostic visit, with no thing of its own) are quotable, since they apply to any job.
import { quotableAmounts, type PriceBookEntry } from './business-profile';
import { conceptKind, readWords, type Reading } from './price-match-words';

export interface PriceMatch {
  /** The entries a reply may quote; empty when the job is not in the book. */
  entries: PriceBookEntry[];
  /** 'job': a job was named and `entries` fit it; 'general': no job named yet, `entries` are the general ones. */
  basis: 'job' | 'general';
}

interface EntryProfile {
  entry: PriceBookEntry;
  /** Every concept and word of the service name. */
  all: Set<string>;
  /** What the caller must name for the entry to fit. */
  subject: string[];
  works: string[];
  general: boolean;
}

function profile(entry: PriceBookEntry): EntryProfile {
  const reading = readWords(entry.service);
  const concepts = [...reading.concepts];
  const things = concepts.filter((concept) => conceptKind(concept) === 'thing');
  const works = concepts.filter((concept) => conceptKind(concept) === 'work');
  const visit = concepts.some((concept) => conceptKind(concept) === 'visit');
  const terms = [...reading.terms];
  const subject = things.length > 0 ? things : visit ? ['visit'] : terms.length > 0 ? terms : works;
  return { entry, all: new Set([...concepts, ...terms]), subject, works, general: visit && things.length === 0 };
}

const has = (reading: Reading, word: string) => reading.concepts.has(word) || reading.terms.has(word);

/** The text names what is being priced: a thing, the visit, or an entry's own words. */
function namesSubject(reading: Reading, profiles: EntryProfile[]): boolean {
  for (const concept of reading.concepts) if (conceptKind(concept) !== 'work') return true;
  return profiles.some((entry) => entry.subject.some((word) => has(reading, word)));
}

function fits(entry: EntryProfile, reading: Reading): boolean {
  if (!entry.subject.some((word) => has(reading, word))) return false;
  const said = [...reading.concepts].filter((concept) => conceptKind(concept) === 'work');
  // Other work than the entry's: a water heater repair is neither its flush nor its replacement.
  return entry.works.length === 0 || said.length === 0 || entry.works.some((work) => said.includes(work));
}

function bestFits(profiles: EntryProfile[], reading: Reading): PriceBookEntry[] {
  const fitting = profiles
    .filter((entry) => fits(entry, reading))
    .map((entry) => ({ entry, matched: [...entry.all].filter((word) => has(reading, word)) }));
  const dominated = (a: (typeof fitting)[number]) =>
    fitting.some((b) => b.matched.length > a.matched.length && a.matched.every((word) => b.matched.includes(word)));
  return fitting.filter((candidate) => !dominated(candidate)).map(({ entry }) => entry.entry);
}

/**
 * The price-book entries a reply may quote, given what was said, newest first: typically
 * [caller's latest message, the lead's job description, earlier caller messages...].
 */
export function matchPriceBook(priceBook: readonly PriceBookEntry[], texts: readonly (string | undefined)[]): PriceMatch {
  const profiles = priceBook.map(profile);
  const heard: Reading = { concepts: new Set(), terms: new Set() };
  for (const text of texts) {
    if (!text) continue;
    const reading = readWords(text);
    for (const concept of reading.concepts) heard.concepts.add(concept);
    for (const term of reading.terms) heard.terms.add(term);
    if (namesSubject(reading, profiles)) return { entries: bestFits(profiles, heard), basis: 'job' };
  }
  // Work without a thing ("how much to clean?") is still a job, just not one the book can price.
  if (heard.concepts.size > 0) return { entries: bestFits(profiles, heard), basis: 'job' };
  return { entries: profiles.filter((entry) => entry.general).map(({ entry }) => entry), basis: 'general' };
}

/** The amounts (in cents) a reply may state: those written in the matched entries only. */
export function matchedAmounts(match: PriceMatch): Set<number> {
  return quotableAmounts({ priceBook: match.entries });
}
