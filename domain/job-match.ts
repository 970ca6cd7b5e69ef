// Whether a caller asks for a job the business declines (its profile's jobsDeclined), read with the
// price book's synonym table (price-match-words.ts) so "central air", "AC", "aire acondicionado"
// and the owner's "HVAC and air conditioning" are one job, in English and Spanish. The offline
// assistant declines such a job, and the safety net (activities/assistant-safety-net.ts) declines it
// for any model that would take it.
//
// The rule leans towards taking work: a job is declined only when the caller names what the
// declined job is about (the roof, the pool, the fridge) and nothing a taken job is about. A leak
// belongs to whatever leaks ("the roof is leaking" is roofing, "the water heater is leaking" is not),
// so it never decides; nor do the kinds of work (repair, install), which every job has.
import type { BusinessProfile } from './business-profile';
import { conceptKind, readWords, type Reading } from './price-match-words';

/** Things a job is about that say nothing about which job: a leak is the roof's, the pipe's, the heater's. */
const SYMPTOMS = new Set(['leak']);
/** Words in an owner's job list that are no job by themselves ("sewer lines", "roof work"). */
const GENERIC_TERMS = new Set(
  'line system unit general all kind type other misc miscellaneous residential commercial home house small big major minor pumping'.split(
    ' ',
  ),
);

/** What a text is about: the things of the synonym table (not the kinds of work) and the other words. */
function about(reading: Reading): Set<string> {
  const things = [...reading.concepts].filter((concept) => conceptKind(concept) === 'thing' && !SYMPTOMS.has(concept));
  return new Set([...things, ...[...reading.terms].filter((term) => !GENERIC_TERMS.has(term) && !/^\d+$/.test(term))]);
}

interface Named {
  job: string;
  /** What the job is about that the caller named ("roof", "water_heater"). */
  things: string[];
  /** The kinds of work the job lists ("repair", "replace"). */
  work: string[];
}

function named(job: string, said: ReadonlySet<string>): Named {
  const reading = readWords(job);
  return {
    job,
    things: [...about(reading)].filter((key) => said.has(key)),
    work: [...reading.concepts].filter((concept) => conceptKind(concept) === 'work'),
  };
}

/**
 * The declined job (as the owner wrote it) the caller asks for, or undefined: only when they name
 * it and nothing else the business takes. When a taken job is about the same thing ("Water heater
 * repair" taken, "Water heater replacement" declined), the kind of work said decides: declined only
 * when the caller names the declined work and not the taken one ("replace", not "fix" or a leak).
 */
export function declinedJobAsked(text: string, business: Pick<BusinessProfile, 'jobsTaken' | 'jobsDeclined'>): string | undefined {
  if (!text || business.jobsDeclined.length === 0) return undefined;
  const reading = readWords(text);
  const said = new Set([...reading.concepts, ...reading.terms]);
  const taken = business.jobsTaken.map((job) => named(job, said)).filter((match) => match.things.length > 0);
  let best: Named | undefined;
  for (const declined of business.jobsDeclined.map((job) => named(job, said))) {
    if (declined.things.length === 0 || declined.things.length <= (best?.things.length ?? 0)) continue;
    const sameThing = taken.every((match) => match.things.every((thing) => declined.things.includes(thing)));
    const workSaid = (match: Named) => match.work.some((work) => reading.concepts.has(work));
    if (sameThing && (taken.length === 0 || (workSaid(declined) && !taken.some(workSaid)))) best = declined;
  }
  return best?.job;
}
