// What the assistant does with an address a caller gives (issue #15): the geocoder says whether it
// found the door (confirmed), had to guess (unconfirmed) or found nothing; the service area says
// whether we go there. An address we could not confirm is read back to the caller once — never
// twice in a conversation, so a caller is not quizzed — and an address outside the area is
// declined politely, naming the area. Pure: the lookup and the area decision come in as facts.

/** The caller's address as the lead keeps it. */
export interface PlacedAddress {
  /** Google's one-line address ("123 Main St, Austin, TX 78701"), or the caller's words when unchecked. */
  formatted: string;
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  lat?: number;
  lng?: number;
  /** What the lookup said; `unchecked`: the lookup was not configured or did not answer. */
  check: 'confirmed' | 'unconfirmed' | 'not_found' | 'unchecked';
  /** Whether it is inside the service area, when we could tell. */
  inArea?: boolean;
  /** We already read an address back to this caller (at most once per conversation). */
  readBack?: boolean;
}

export type AddressLookupKind = 'confirmed' | 'unconfirmed' | 'not_found';

export interface AddressFacts {
  /** What the caller wrote. */
  given: string;
  lookup: AddressLookupKind | 'failed';
  /** Google's address when it found one. */
  formatted?: string;
  /** Inside the service area (undefined: the place could not be decided). */
  inArea?: boolean;
  /** An address was read back earlier in this conversation. */
  alreadyReadBack: boolean;
}

export type AddressOutcome =
  /** Keep the assistant's answer; the lead takes the address. */
  | { kind: 'accept' }
  /** Ask the caller whether this is right (`formatted` undefined: we found nothing, ask for the full address). */
  | { kind: 'read_back'; formatted?: string }
  /** Outside the area: decline, lead lost as out_of_area. */
  | { kind: 'decline' };

export function decideAddress(facts: AddressFacts): AddressOutcome {
  if (facts.inArea === false) return { kind: 'decline' };
  if (facts.alreadyReadBack || facts.lookup === 'confirmed' || facts.lookup === 'failed') return { kind: 'accept' };
  return facts.lookup === 'unconfirmed' && facts.formatted ? { kind: 'read_back', formatted: facts.formatted } : { kind: 'read_back' };
}

const UNIT = /(?:^|[\s,])((?:apt|apartment|unit|suite|ste|depto|dpto|departamento|apartamento|#)\.?\s*#?\s*[a-z0-9][a-z0-9-]*)\b/i;

/** "Apt 3B", "#210", "depto 210" in what the caller wrote; undefined when they gave none. */
export function unitOf(text: string): string | undefined {
  return UNIT.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
}

/**
 * The geocoder's address with the caller's apartment or unit kept: Google places the building, and
 * the technician still needs the door ("12 Main St Apt 3B, Austin, TX 78701").
 */
export function withUnit(formatted: string, given: string): string {
  const unit = unitOf(given);
  if (!unit || formatted.toLowerCase().includes(unit.toLowerCase())) return formatted;
  const comma = formatted.indexOf(',');
  return comma < 0 ? `${formatted} ${unit}` : `${formatted.slice(0, comma)} ${unit}${formatted.slice(comma)}`;
}

/** Google ends US addresses with ", USA"; a caller does not need to read that. */
export function addressForCaller(formatted: string): string {
  return formatted.replace(/,\s*(USA|United States)$/i, '').trim();
}

export function addressReadBackText(formatted: string, spanish: boolean): string {
  const address = addressForCaller(formatted);
  return spanish
    ? `Solo para confirmar: ¿la dirección es ${address}? Responda SÍ o envíe la dirección correcta.`
    : `Just to check: is the address ${address}? Reply YES or send the right address.`;
}

export function addressNotFoundText(spanish: boolean): string {
  return spanish
    ? 'No encontré esa dirección. ¿Puede enviar la calle con el número y el código postal?'
    : "I couldn't find that address. Could you send the street address with the number and ZIP code?";
}

/** The polite decline, naming where the business works so the caller knows it is not them. */
export function outOfAreaText(business: string, area: string, spanish: boolean): string {
  return spanish
    ? `Lo siento, ${business} solo trabaja en ${area}, así que no podemos ir a esa dirección. Gracias por escribirnos.`
    : `Sorry, ${business} only works in ${area}, so we can't come out to that address. Thanks for reaching out.`;
}

/** When the assistant turned a caller away by words but the map says we do go there. */
export function inAreaAfterAllText(place: string, spanish: boolean): string {
  return spanish
    ? `Buenas noticias: sí trabajamos en ${place}. ¿Qué día y hora le vienen bien?`
    : `Good news: we do work in ${place}. What day and time would suit you?`;
}
