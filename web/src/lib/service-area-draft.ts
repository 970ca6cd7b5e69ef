// The service-area form's words turned into the area the api stores and previews, and the preview's
// findings turned into gentle advice. Pure: the api (providers/service-area-places.ts) places and
// counts; the dashboard never loads the ZIP code table.
import type { ServiceArea, ServiceAreaPreview } from './api-types';

export interface ServiceAreaFields {
  description: string;
  zipCodes: string;
  cities: string;
  /** As typed in the number input: '' when empty. */
  radiusMiles: string | number | null;
  radiusAround: string;
  alertOutOfArea: boolean;
}

export const MAX_RADIUS_MILES = 200;
const ZIP = /^\d{5}(-\d{4})?$/;

/** "78701, 78702 78703-1234" → the words, as typed. */
export function splitZipCodes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Towns separated by commas, where a two-letter state after a comma stays with its town:
 * "Austin, TX, Round Rock" → ["Austin, TX", "Round Rock"]. Written one per line (or with
 * semicolons), each line is one town, so "Springfield, Illinois" is one too.
 */
export function splitCities(text: string): string[] {
  const clean = (items: string[]) => items.map((item) => item.trim().replace(/\s+/g, ' ')).filter(Boolean);
  if (/[;\n]/.test(text)) return clean(text.split(/[;\n]+/));
  const cities: string[] = [];
  for (const part of clean(text.split(','))) {
    if (/^[A-Za-z]{2}$/.test(part) && cities.length > 0) cities[cities.length - 1] += `, ${part.toUpperCase()}`;
    else cities.push(part);
  }
  return cities;
}

/** The miles typed, or undefined when none (0 or empty: no radius). NaN when it is not a number. */
export function radiusOf(fields: Pick<ServiceAreaFields, 'radiusMiles'>): number | undefined {
  const raw = typeof fields.radiusMiles === 'number' ? fields.radiusMiles : String(fields.radiusMiles ?? '').trim();
  if (raw === '' || raw === 0) return undefined;
  const miles = Number(raw);
  return miles === 0 ? undefined : miles;
}

/** What to fix before saving, in the owner's words; null when the area can be saved. */
export function problemWith(fields: ServiceAreaFields): string | null {
  const wrongZip = splitZipCodes(fields.zipCodes).find((zip) => !ZIP.test(zip));
  if (wrongZip) return `"${wrongZip}" is not a ZIP code. Use 5 digits, e.g. 78701.`;
  const miles = radiusOf(fields);
  if (miles !== undefined && !(miles > 0 && miles <= MAX_RADIUS_MILES))
    return `The radius must be a number of miles between 1 and ${MAX_RADIUS_MILES}, e.g. 25.`;
  if (miles !== undefined && !fields.radiusAround.trim())
    return `Say where the ${miles} miles are measured from: your business address, its ZIP code, or "City, ST".`;
  if (!fields.description.trim() && splitZipCodes(fields.zipCodes).length === 0 && splitCities(fields.cities).length === 0 && !miles)
    return 'Describe where you work, or list ZIP codes or towns, or give a radius, so the assistant can tell callers whether you come to them.';
  return null;
}

/**
 * The area as the api takes it. For the preview, what is still being typed is left out (a ZIP code
 * of four digits, miles that are not a number), so the preview follows the owner without an error.
 */
export function areaOf(fields: ServiceAreaFields): ServiceArea {
  const miles = radiusOf(fields);
  const radiusMiles = miles !== undefined && miles > 0 && miles <= MAX_RADIUS_MILES ? miles : undefined;
  const radiusAround = fields.radiusAround.trim().slice(0, 200);
  return {
    description: fields.description.trim().slice(0, 500),
    zipCodes: [
      ...new Set(
        splitZipCodes(fields.zipCodes)
          .filter((zip) => ZIP.test(zip))
          .map((zip) => zip.slice(0, 5)),
      ),
    ],
    cities: splitCities(fields.cities).map((city) => city.slice(0, 100)),
    ...(radiusMiles !== undefined ? { radiusMiles } : {}),
    ...(radiusAround ? { radiusAround } : {}),
    ...(fields.alertOutOfArea ? { alertOutOfArea: true } : {}),
  };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/** The form's fields for a stored area: towns on one line when commas read them back the same. */
export function fieldsOf(area: ServiceArea): ServiceAreaFields {
  return {
    description: area.description,
    zipCodes: area.zipCodes.join(', '),
    cities: sameList(splitCities(area.cities.join(', ')), area.cities) ? area.cities.join(', ') : area.cities.join('\n'),
    radiusMiles: area.radiusMiles ?? '',
    radiusAround: area.radiusAround ?? '',
    alertOutOfArea: area.alertOutOfArea ?? false,
  };
}

const quoted = (items: string[]) => items.map((item) => `“${item}”`).join(', ');

/** What the preview could not place, as advice: the area still saves, but these decide nothing. */
export function warningsOf(preview: ServiceAreaPreview, area: ServiceArea): string[] {
  const warnings: string[] = [];
  const { unknownZipCodes: zips, unknownCities: cities, citiesNeedingState: ambiguous } = preview;
  if (zips.length)
    warnings.push(
      `${zips.length === 1 ? 'This is not a ZIP code we know' : 'These are not ZIP codes we know'}: ${zips.join(', ')}. Check for a typo.`,
    );
  if (cities.length) warnings.push(`We could not find ${quoted(cities)}. Check the spelling, or add the state, e.g. “Round Rock, TX”.`);
  if (ambiguous.length)
    warnings.push(
      `${quoted(ambiguous)} ${ambiguous.length === 1 ? 'is a town' : 'are towns'} in several states: add yours, e.g. “${ambiguous[0]}, IL”.`,
    );
  if (preview.radiusCenterUnknown)
    warnings.push(
      `We could not place “${area.radiusAround ?? ''}”. Use your business address with its ZIP code, a ZIP code, or “City, ST”; until then the radius is left out.`,
    );
  return warnings;
}
