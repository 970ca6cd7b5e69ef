// Every conversation is a lead; its status moves by itself as the conversation goes (docs/product.md
// journey 6), and the owner can set it by hand within the limits below.
export const LEAD_STATUSES = ['new', 'engaged', 'qualified', 'booked', 'lost', 'unresponsive', 'opted_out'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses in which the conversation is over: a new call or text opens a new conversation. */
export const FINAL_LEAD_STATUSES: readonly LeadStatus[] = ['booked', 'lost', 'unresponsive', 'opted_out'];

export function isFinalLeadStatus(status: LeadStatus): boolean {
  return FINAL_LEAD_STATUSES.includes(status);
}

/** Statuses as an owner reads them (the dashboard, alerts, exports). */
export const LEAD_STATUS_LABELS: Readonly<Record<LeadStatus, string>> = Object.freeze({
  new: 'New',
  engaged: 'Replied',
  qualified: 'Qualified',
  booked: 'Booked',
  lost: 'Lost',
  unresponsive: 'No reply',
  opted_out: 'Opted out',
});

export const LEAD_EVENT_TYPES = [
  'caller_replied',
  'lead_qualified',
  'appointment_booked',
  'appointment_cancelled',
  'caller_declined',
  'timed_out',
  'caller_opted_out',
  'caller_opted_in',
] as const;
export type LeadEventType = (typeof LEAD_EVENT_TYPES)[number];

export type LeadEvent =
  | { type: 'caller_replied' }
  | { type: 'lead_qualified' }
  | { type: 'appointment_booked' }
  | { type: 'appointment_cancelled' }
  | { type: 'caller_declined' }
  | { type: 'timed_out' }
  | { type: 'caller_opted_out' }
  | { type: 'caller_opted_in' };

/** Progress of an open lead; automatic moves only go up this ladder (a cancellation is the one way down). */
const PROGRESS: Partial<Record<LeadStatus, number>> = { new: 0, engaged: 1, qualified: 2 };

function advanceTo(current: LeadStatus, target: 'engaged' | 'qualified'): LeadStatus {
  const from = PROGRESS[current];
  return from !== undefined && from < (PROGRESS[target] as number) ? target : current;
}

/**
 * The status a lead moves to by itself after an event. Opting out works from any status and
 * opting in only from opted_out; a cancelled booking goes back to qualified; otherwise a final
 * status stays (a caller who writes to a lost or unresponsive lead gets a new conversation), and
 * an open lead never moves backwards.
 */
export function nextLeadStatus(current: LeadStatus, event: LeadEvent): LeadStatus {
  switch (event.type) {
    case 'caller_opted_out':
      return 'opted_out';
    case 'caller_opted_in':
      return current === 'opted_out' ? 'engaged' : current;
    case 'appointment_cancelled':
      return current === 'booked' ? 'qualified' : current;
    case 'caller_replied':
      return advanceTo(current, 'engaged');
    case 'lead_qualified':
      return advanceTo(current, 'qualified');
    case 'appointment_booked':
      return isFinalLeadStatus(current) ? current : 'booked';
    case 'caller_declined':
      return isFinalLeadStatus(current) ? current : 'lost';
    case 'timed_out':
      return isFinalLeadStatus(current) ? current : 'unresponsive';
  }
}

export type OwnerLeadStatusChange = { ok: true; status: LeadStatus } | { ok: false; reason: string };

/**
 * An owner setting a lead's status by hand. Any status may be set except: opted_out, in either
 * direction, is the caller's legal choice (made by texting STOP or START); booked comes only from
 * booking an appointment; and setting the current status again is refused so nothing is logged twice.
 */
export function ownerSetLeadStatus(current: LeadStatus, target: LeadStatus): OwnerLeadStatusChange {
  if (!(LEAD_STATUSES as readonly string[]).includes(target)) return { ok: false, reason: `"${String(target)}" is not a lead status.` };
  if (target === current) return { ok: false, reason: `The lead is already ${target}.` };
  if (current === 'opted_out') {
    return { ok: false, reason: 'The caller opted out of texts; only the caller can opt back in, by texting START.' };
  }
  if (target === 'opted_out') {
    return { ok: false, reason: 'Only the caller can opt out (by texting STOP); it is their legal choice, not a status to set by hand.' };
  }
  if (target === 'booked') return { ok: false, reason: 'Book an appointment for this lead to mark it booked.' };
  return { ok: true, status: target };
}
