// Matching the caller's words to the owner's lists: the service area and the jobs taken (declined
// jobs are domain/job-match.ts and the price book domain/price-match.ts, shared with the safety net). Word stems, not
// exact phrases, because callers never type the owner's wording ("drain clog" is "Drain cleaning").
import type { BusinessProfile } from '../../domain/business-profile';
import { placeOfZip, placesOfCity, stateNames } from '../../providers/zip-gazetteer';
import { JOB_WORDS } from './caller-intents';
import { statedCities, zipCodes } from './name-and-address';

const plain = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const homeStatesByArea = new Map<string, string[]>();

/**
 * The state the owner's area is in, where a caller's town is looked for: the state of its ZIP codes,
 * else the one with most of its towns (there is an Austin in nine states, but only Texas has Round Rock too).
 */
function homeStates(cities: readonly string[], zips: readonly string[]): string[] {
  const key = `${cities.join('|')}#${zips.join('|')}`;
  let found = homeStatesByArea.get(key);
  if (!found) {
    // The owner's ZIP codes say it outright.
    const ofZips = [...new Set(zips.map((zip) => placeOfZip(zip)?.state).filter((state) => state !== undefined))];
    if (ofZips.length > 0) {
      homeStatesByArea.set(key, ofZips);
      return ofZips;
    }
    const counted = stateNames().map((state) => ({ state, towns: cities.filter((city) => placesOfCity(city, state).length > 0).length }));
    const most = Math.max(0, ...counted.map((entry) => entry.towns));
    found = most > 0 ? counted.filter((entry) => entry.towns === most).map((entry) => entry.state) : [];
    homeStatesByArea.set(key, found);
  }
  return found;
}

/** Whether the message places the job outside the service area (a ZIP or a named town not served). */
export function outOfArea(message: string, business: BusinessProfile): boolean {
  const { zipCodes: servedZips, cities: servedCities, description } = business.serviceArea;
  let outside = false;
  let inside = false;
  if (servedZips.length > 0) {
    for (const zip of zipCodes(message)) {
      if (servedZips.some((served) => served.trim().slice(0, 5) === zip)) inside = true;
      else outside = true;
    }
  }
  if (servedCities.length > 0) {
    const described = ` ${plain(description)} `;
    const states = homeStates(servedCities, servedZips);
    const isTown = (name: string) => states.some((state) => placesOfCity(name, state).length > 0);
    for (const city of statedCities(message, isTown)) {
      const name = plain(city.replace(/\s+[A-Z]{2}$/, ''));
      const served = servedCities.some((served) => plain(served) === name) || described.includes(` ${name} `);
      if (served) inside = true;
      else outside = true;
    }
  }
  return outside && !inside;
}

const STOP_WORDS = new Set(
  `a an the and or of for to in on at my our your with from per each any all is are be it this that i me we you do does can how much
  what cost costs price prices pricing charge fee fees rate rates quote estimate get need want please just some about like
  el la los las un una de del para por mi su que cuanto cuesta precio con en y o es`.split(/\s+/),
);

function stem(word: string): string {
  let base = word;
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ers', 'er', 'ies', 'es', 'ed', 's']) {
    if (base.endsWith(suffix) && base.length - suffix.length >= 3) {
      base = base.slice(0, -suffix.length);
      break;
    }
  }
  return base.length > 3 && base.endsWith('e') ? base.slice(0, -1) : base;
}

function stems(text: string): string[] {
  return [
    ...new Set(
      plain(text)
        .split(' ')
        .filter((word) => word && !STOP_WORDS.has(word))
        .map(stem),
    ),
  ];
}

/** Words that say what kind of work, not which: alone they never pick a price or decline a job. */
const WEAK_STEMS = new Set(
  'repair fix install replace service work job call visit hour clean new general basic standard inspection check maintenance minimum out trip diagnostic first additional emergency small large'
    .split(' ')
    .map(stem),
);

interface ServiceMatch {
  /** Service words found in the message. */
  matched: number;
  /** Of those, words that name the kind of job ("drain", not "cleaning"). */
  strong: number;
  /** Strong words the service has. */
  strongTotal: number;
  total: number;
}

function serviceMatch(service: string, said: ReadonlySet<string>): ServiceMatch {
  const words = stems(service);
  const strongWords = words.filter((word) => !WEAK_STEMS.has(word));
  return {
    matched: words.filter((word) => said.has(word)).length,
    strong: strongWords.filter((word) => said.has(word)).length,
    strongTotal: strongWords.length,
    total: words.length,
  };
}

export function talksAboutJobs(text: string, business: BusinessProfile): boolean {
  if (JOB_WORDS.test(text)) return true;
  const said = new Set(stems(text));
  return [...business.jobsTaken, ...business.priceBook.map((entry) => entry.service)].some((job) => serviceMatch(job, said).strong > 0);
}
