// The assistant's answer, checked against the map (issue #15): when the caller gives an address
// the model picked out, Google (or its local emulator) places it, the owner's service area decides
// whether we go there, and domain/address-check.ts says what to do — keep the answer, read the
// address back once, or decline. The model's own words about the area never decide: a decline it
// made by words is undone when the map says the address is inside.
import type { Logger } from 'pino';
import {
  addressForCaller,
  addressNotFoundText,
  addressReadBackText,
  withUnit,
  decideAddress,
  inAreaAfterAllText,
  outOfAreaText,
  type PlacedAddress,
} from '../domain/address-check';
import { looksSpanish } from '../domain/assistant-safety';
import { isEmptyServiceArea, isInServiceArea, type ServiceArea } from '../domain/service-area';
import type { AssistantAnswer } from '../domain/conversation-facts';
import type { LeadFields, TranscriptEntry } from '../contracts/conversation-workflow';
import { AddressLookupError, type AddressLookup, type AddressLookupResult } from '../providers/google-maps';
import { placeOfText, serviceAreaGeometry, serviceAreaInWords } from '../providers/service-area-places';
import { placeOfZip, placesOfCity } from '../providers/zip-gazetteer';
import type { ServiceArea as OwnerServiceArea } from '../domain/business-profile';
import type { PromptContext } from './assistant-protocol';
import type { AssistantDecision } from './assistant-safety-net';

export interface AddressCheckDeps {
  /** Unset: no geocoder configured (live mode without GOOGLE_MAPS_API_KEY); addresses are kept as given. */
  lookup?: AddressLookup | undefined;
  log?: Pick<Logger, 'warn'>;
}

export interface AddressTurn {
  context: PromptContext;
  /** The lead before this turn. */
  lead: LeadFields;
  transcript: TranscriptEntry[];
  signal?: AbortSignal;
}

/** Decisions that are not about an address pass untouched: emergencies, opt-outs, handoffs. */
function newAddress(decision: AssistantDecision, lead: LeadFields): string | undefined {
  if (decision.emergency || decision.optOut || decision.action === 'handoff') return undefined;
  const given = decision.fields.serviceAddress?.trim();
  if (!given || given === lead.serviceAddress || given === lead.place?.formatted) return undefined;
  return given;
}

/** The decision, and whether the owner asked to hear of an out-of-area decline. */
export type CheckedDecision = AssistantDecision & Pick<AssistantAnswer, 'tellOwner'>;

export async function checkAddress(deps: AddressCheckDeps, turn: AddressTurn, decision: AssistantDecision): Promise<CheckedDecision> {
  const given = newAddress(decision, turn.lead);
  if (!given || !deps.lookup) return decision;
  const owner = turn.context.business.serviceArea;
  const found = await lookUpNearHome(deps, given, homeTown(owner), turn.signal);
  const area = serviceAreaGeometry(owner);
  const inArea =
    found && found.kind !== 'not_found' && canDecide(area)
      ? isInServiceArea(area, {
          zip: found.components?.zip,
          city: found.components?.city,
          state: found.components?.state,
          location: found.location,
        }).inside
      : undefined;
  const alreadyReadBack = turn.lead.place?.readBack === true;
  const outcome = decideAddress({
    given,
    lookup: found?.kind ?? 'failed',
    ...(found?.formatted ? { formatted: found.formatted } : {}),
    ...(inArea !== undefined ? { inArea } : {}),
    alreadyReadBack,
  });
  const place = placed(given, found, inArea, alreadyReadBack || outcome.kind === 'read_back');
  const spanish = looksSpanish(lastCallerText(turn.transcript));
  const business = turn.context.business.name;

  if (outcome.kind === 'decline') {
    return {
      reply: outOfAreaText(business, serviceAreaInWords(owner), spanish),
      fields: { ...decision.fields, serviceAddress: place.formatted, place, declineReason: 'out_of_area' },
      action: 'close',
      emergency: false,
      optOut: false,
      declineReason: 'out_of_area',
      ...(owner.alertOutOfArea ? { tellOwner: true } : {}),
    };
  }
  const { serviceAddress: _given, declineReason: _words, ...otherFields } = decision.fields;
  if (outcome.kind === 'read_back') {
    // Google's guess is the address until the caller corrects it (a "yes" needs nothing more);
    // an address nobody found is not one: the caller is asked for it again.
    return {
      reply: outcome.formatted ? addressReadBackText(withUnit(outcome.formatted, given), spanish) : addressNotFoundText(spanish),
      fields: { ...otherFields, ...(outcome.formatted ? { serviceAddress: place.formatted } : {}), place },
      action: 'reply',
      emergency: false,
      optOut: false,
    };
  }
  const accepted: CheckedDecision = { ...decision, fields: { ...decision.fields, serviceAddress: place.formatted, place } };
  if (decision.declineReason === 'out_of_area' && inArea === true) {
    // The model turned the caller away by words; the map says we go there.
    return {
      ...accepted,
      reply: inAreaAfterAllText(place.city ?? place.formatted, spanish),
      fields: { ...otherFields, serviceAddress: place.formatted, place },
      action: 'reply',
      declineReason: undefined,
    };
  }
  return accepted;
}

/**
 * Callers leave out the town they live in ("12 Rainey St"), as they would with a local dispatcher.
 * Google is asked as written first; only when it finds nothing is the business's own town added,
 * and then the answer is a guess (unconfirmed), read back to the caller rather than assumed.
 */
async function lookUpNearHome(
  deps: AddressCheckDeps,
  given: string,
  home: string | undefined,
  signal?: AbortSignal,
): Promise<AddressLookupResult | undefined> {
  const found = await lookUp(deps, given, signal);
  // A caller who named a town ("9 Nowhere Rd, Atlantis") meant that town, not ours.
  if (!found || found.kind !== 'not_found' || !home || given.includes(',')) return found;
  const near = await lookUp(deps, `${given}, ${home}`, signal);
  return near && near.kind !== 'not_found' ? { ...near, kind: 'unconfirmed' } : found;
}

/** The business's town, "Austin, TX": where the radius is drawn from, else its first city or ZIP code. */
function homeTown(owner: OwnerServiceArea): string | undefined {
  const center = owner.radiusMiles && owner.radiusAround ? placeOfText(owner.radiusAround) : undefined;
  if (center) return `${center.label}, ${center.state}`;
  const city = serviceAreaGeometry(owner).cities?.[0];
  if (city) return `${city.city}, ${city.state}`;
  const zip = owner.zipCodes.map((code) => placeOfZip(code)).find(Boolean);
  return zip ? `${zip.city}, ${zip.state}` : undefined;
}

/**
 * Whether the area can place anyone: an area drawn only with names the map does not know ("Austn",
 * or "Springfield" with no state to pick one) would turn every caller away until the owner fixes
 * it. Then nobody is declined by the map; Settings' preview shows the owner what to fix.
 */
function canDecide(area: ServiceArea): boolean {
  if (isEmptyServiceArea(area)) return false;
  return (
    area.radius !== undefined ||
    (area.zips ?? []).some((zip) => placeOfZip(zip) !== undefined) ||
    (area.cities ?? []).some((city) => city.state !== '' && placesOfCity(city.city, city.state).length > 0)
  );
}

/** Google's answer, or undefined when it could not be asked: the turn goes on without it. */
async function lookUp(deps: AddressCheckDeps, address: string, signal?: AbortSignal): Promise<AddressLookupResult | undefined> {
  try {
    return await deps.lookup!(address, signal ? { signal } : {});
  } catch (error) {
    // A caller waiting on a text does not wait on Google: the address is kept unchecked.
    const status = error instanceof AddressLookupError ? error.status : 'ERROR';
    deps.log?.warn({ status }, 'address lookup failed; address kept as the caller wrote it');
    return undefined;
  }
}

function placed(given: string, found: AddressLookupResult | undefined, inArea: boolean | undefined, readBack: boolean): PlacedAddress {
  const located = found && found.kind !== 'not_found';
  return {
    formatted: located && found.formatted ? withUnit(addressForCaller(found.formatted), given) : given,
    ...(located ? found.components : {}),
    ...(located && found.location ? { lat: found.location.lat, lng: found.location.lng } : {}),
    check: found?.kind ?? 'unchecked',
    ...(inArea !== undefined ? { inArea } : {}),
    ...(readBack ? { readBack: true } : {}),
  };
}

function lastCallerText(transcript: TranscriptEntry[]): string {
  return [...transcript].reverse().find((entry) => entry.author === 'caller')?.body ?? '';
}
