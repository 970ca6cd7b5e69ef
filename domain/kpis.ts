// KPIs an owner reads at a glance (docs/product.md journey 9): the funnel missed → texted → replied →
// qualified → booked, time to first text, leads by status. Pure: the api reads the facts from the
// read model and these functions count them, so the rules are table-tested in one place.
import { LEAD_STATUSES, type LeadStatus } from './lead-status';
import { localParts } from './time-zone';

/** What happened to one conversation (one lead) opened in the period. */
export interface ConversationFacts {
  leadStatus: LeadStatus;
  /** It began with (or had) a call the owner did not take. */
  missedCall: boolean;
  firstTextAt: Date | null;
  firstReplyAt: Date | null;
  lead: { callerName?: string; serviceAddress?: string; jobDescription?: string };
  /** An appointment was booked at some point (even if later cancelled). */
  everBooked: boolean;
}

export interface Funnel {
  missed: number;
  texted: number;
  replied: number;
  qualified: number;
  booked: number;
}

/** Name, job and address known: what docs/product.md journey 6 calls qualified. */
export function hasQualifyingFields(lead: ConversationFacts['lead']): boolean {
  return Boolean(lead.callerName?.trim() && lead.jobDescription?.trim() && lead.serviceAddress?.trim());
}

/**
 * Each stage counts the leads of the stage before that got this far, so the funnel never widens:
 * a lead booked by the owner without the caller ever replying to the text is not counted as booked
 * here (it did not come through the text-back).
 */
export function leadFunnel(conversations: readonly ConversationFacts[]): Funnel {
  const funnel: Funnel = { missed: 0, texted: 0, replied: 0, qualified: 0, booked: 0 };
  for (const lead of conversations) {
    if (!lead.missedCall) continue;
    funnel.missed += 1;
    if (!lead.firstTextAt) continue;
    funnel.texted += 1;
    if (!lead.firstReplyAt) continue;
    funnel.replied += 1;
    const booked = lead.everBooked || lead.leadStatus === 'booked';
    if (!(booked || lead.leadStatus === 'qualified' || hasQualifyingFields(lead.lead))) continue;
    funnel.qualified += 1;
    if (booked) funnel.booked += 1;
  }
  return funnel;
}

export function leadsByStatus(statuses: readonly LeadStatus[]): Record<LeadStatus, number> {
  const counts = Object.fromEntries(LEAD_STATUSES.map((status) => [status, 0])) as Record<LeadStatus, number>;
  for (const status of statuses) if (status in counts) counts[status] += 1;
  return counts;
}

/**
 * The p-th percentile (0–1) with linear interpolation between the closest ranks (the usual
 * spreadsheet definition): the median of [1, 2, 3, 4] is 2.5. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1, not ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (rank - lower);
}

export interface MissedCallFacts {
  /** When the missed call reached us. */
  missedAt: Date;
  /** The first text to the caller after it, if one went out. */
  firstTextAt: Date | null;
}

export interface TimeToFirstText {
  medianMs: number | null;
  p90Ms: number | null;
  /** Missed calls in the period, and how many of them got a text. */
  calls: number;
  texted: number;
  /** Days (in the business's time zone) with at least one texted call, oldest first. */
  byDay: { date: string; medianMs: number; calls: number }[];
}

/** Time from a missed call to the first text to the caller, over the calls that got one. */
export function timeToFirstText(calls: readonly MissedCallFacts[], timeZone: string): TimeToFirstText {
  const delays: { date: string; ms: number }[] = [];
  for (const call of calls) {
    if (!call.firstTextAt) continue;
    delays.push({ date: localParts(call.missedAt, timeZone).date, ms: Math.max(0, call.firstTextAt.getTime() - call.missedAt.getTime()) });
  }
  const byDate = new Map<string, number[]>();
  for (const { date, ms } of delays) byDate.set(date, [...(byDate.get(date) ?? []), ms]);
  const round = (value: number | null) => (value === null ? null : Math.round(value));
  return {
    medianMs: round(
      percentile(
        delays.map((delay) => delay.ms),
        0.5,
      ),
    ),
    p90Ms: round(
      percentile(
        delays.map((delay) => delay.ms),
        0.9,
      ),
    ),
    calls: calls.length,
    texted: delays.length,
    byDay: [...byDate.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([date, values]) => ({ date, medianMs: round(percentile(values, 0.5))!, calls: values.length })),
  };
}
