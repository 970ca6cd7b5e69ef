// The business every evaluation conversation is held with: a realistic Austin plumber with a
// price book, a service area given as towns and ZIP codes, and jobs it turns down. Fixed facts
// (hours, "now") keep runs comparable with each other.
import { withProfileDefaults, type BusinessProfile } from '../domain/business-profile';
import { textBackGreeting } from '../domain/text-back';
import type { PromptContext, ReturningCustomer } from '../activities/assistant-protocol';
import type { LeadFields, TranscriptEntry } from '../contracts/conversation-workflow';

export const EVAL_PROFILE: BusinessProfile = withProfileDefaults(
  {
    jobsTaken: [
      'clogged drains and drain cleaning',
      'leaks and pipe repair',
      'water heater repair, flush and replacement',
      'toilets, faucets and sinks',
      'garbage disposals',
      'sewer lines',
      'gas lines',
    ],
    jobsDeclined: ['roofing', 'pool repair', 'HVAC and air conditioning', 'appliance repair', 'septic pumping'],
    serviceArea: {
      description: 'Austin and the nearby towns listed',
      cities: ['Austin', 'Round Rock', 'Pflugerville', 'Cedar Park', 'Georgetown', 'Buda', 'Kyle'],
      zipCodes: [
        '78701',
        '78702',
        '78703',
        '78704',
        '78705',
        '78721',
        '78723',
        '78745',
        '78748',
        '78749',
        '78751',
        '78757',
        '78613',
        '78626',
        '78640',
        '78660',
        '78664',
        '78681',
      ],
    },
    assistantName: 'Sam',
    tone: 'friendly',
    priceBook: [
      { service: 'Drain cleaning', price: '$149' },
      { service: 'Water heater flush', price: '$120' },
      { service: 'Service call', price: '$89', note: 'diagnosis visit' },
      { service: 'Toilet repair', price: '$125-$225' },
      { service: 'Garbage disposal replacement', price: '$289', note: 'standard 1/2 HP unit installed' },
      { service: 'Water heater replacement (40 gal tank)', price: '$1,450-$1,900' },
    ],
  },
  { name: 'Lone Star Plumbing', trade: 'plumbing' },
);

export const EVAL_HOURS =
  'Mon 08:00-17:00; Tue 08:00-17:00; Wed 08:00-17:00; Thu 08:00-17:00; Fri 08:00-17:00; Sat 09:00-13:00; Sun closed';
export const EVAL_TIME_ZONE = 'America/Chicago';
export const EVAL_NOW = 'Tuesday 2026-11-24 10:12';

export function evalContext(lead: LeadFields, returningCustomer: ReturningCustomer | null): PromptContext {
  return {
    business: EVAL_PROFILE,
    hours: EVAL_HOURS,
    timeZone: EVAL_TIME_ZONE,
    now: EVAL_NOW,
    lead: { ...lead },
    returningCustomer,
  };
}

const START = Date.parse('2026-11-24T16:10:00Z');

/** The transcript as the workflow has it before the caller's first reply: our text-back greeting. */
export function openingTranscript(): TranscriptEntry[] {
  return [{ author: 'assistant', body: textBackGreeting(EVAL_PROFILE), at: new Date(START).toISOString() }];
}

/** The n-th entry's timestamp: a minute apart, so the transcript reads like a real exchange. */
export function entryTime(n: number): string {
  return new Date(START + n * 60_000).toISOString();
}
