// What the assistant may say about the business (docs/product.md journey 4): its trade, the jobs it
// takes, where it works, its prices. Stored in tenants.settings.profile, partial, and completed
// with the defaults below. The assistant quotes only the price book; everything else "the owner
// will confirm".

export interface PriceBookEntry {
  /** The service as a caller would name it, e.g. "Drain cleaning". */
  service: string;
  /** As it may be quoted, e.g. "$149" or "$89 call-out fee". Amounts in it are the only ones the assistant may say. */
  price: string;
  note?: string;
}

export interface ServiceArea {
  /** How the owner describes it, e.g. "Austin and 20 miles around". */
  description: string;
  /** ZIP codes served; empty means the description alone decides. */
  zipCodes: string[];
  /** Cities served, as the owner writes them: "Austin" or "Austin, TX" (the state when it matters). */
  cities: string[];
  /** Miles around `radiusAround` that the business also serves; absent or 0: no radius. */
  radiusMiles?: number;
  /** Where the radius is measured from: the business address, or just its ZIP code or "City, ST". */
  radiusAround?: string;
  /** Text the owner when a caller is declined as out of area (off by default: nothing to do about it). */
  alertOutOfArea?: boolean;
}

export const ASSISTANT_TONES = ['friendly', 'professional', 'brief'] as const;
export type AssistantTone = (typeof ASSISTANT_TONES)[number];

export interface BusinessProfile {
  name: string;
  trade: string;
  /** Jobs the business takes, in the owner's words. */
  jobsTaken: string[];
  /** Jobs it does not take (declined politely). */
  jobsDeclined: string[];
  serviceArea: ServiceArea;
  assistantName: string;
  tone: AssistantTone;
  priceBook: PriceBookEntry[];
}

export function withProfileDefaults(
  stored: Partial<BusinessProfile> | undefined,
  tenant: { name: string; trade: string },
): BusinessProfile {
  const profile = stored ?? {};
  return {
    name: tenant.name,
    trade: tenant.trade,
    jobsTaken: [...(profile.jobsTaken ?? [])],
    jobsDeclined: [...(profile.jobsDeclined ?? [])],
    serviceArea: {
      description: profile.serviceArea?.description ?? '',
      zipCodes: [...(profile.serviceArea?.zipCodes ?? [])],
      cities: [...(profile.serviceArea?.cities ?? [])],
      ...(profile.serviceArea?.radiusMiles ? { radiusMiles: profile.serviceArea.radiusMiles } : {}),
      ...(profile.serviceArea?.radiusAround ? { radiusAround: profile.serviceArea.radiusAround } : {}),
      ...(profile.serviceArea?.alertOutOfArea ? { alertOutOfArea: true } : {}),
    },
    assistantName: profile.assistantName ?? 'the assistant',
    tone: profile.tone ?? 'friendly',
    priceBook: (profile.priceBook ?? []).map((entry) => ({ ...entry })),
  };
}

/** Dollar amounts written in a text ("$149", "$1,200.50"), normalised to cents. */
export function dollarAmounts(text: string): number[] {
  return [...text.matchAll(/\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?/g)].map(
    ([, whole, cents]) => Number(whole!.replace(/,/g, '')) * 100 + Number((cents ?? '0').padEnd(2, '0')),
  );
}

/** Amounts a reply may quote: exactly those written in the price book. */
export function quotableAmounts(profile: Pick<BusinessProfile, 'priceBook'>): Set<number> {
  return new Set(profile.priceBook.flatMap((entry) => dollarAmounts(entry.price)));
}

/** The price book itself offers something free (e.g. "Estimate: free"): the assistant may say so. */
export function priceBookOffersFree(profile: Pick<BusinessProfile, 'priceBook'>): boolean {
  return profile.priceBook.some((entry) => /\b(free|gratis)\b/i.test(`${entry.price} ${entry.note ?? ''}`));
}
