// Every conversation is a lead; its status moves by itself as the conversation goes (PRODUCT.md
// journey 6). The full transition table comes with the conversation workflow.
export const LEAD_STATUSES = ['new', 'engaged', 'qualified', 'booked', 'lost', 'unresponsive', 'opted_out'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses in which the conversation is over: a new call or text opens a new conversation. */
export const FINAL_LEAD_STATUSES: readonly LeadStatus[] = ['booked', 'lost', 'unresponsive', 'opted_out'];

export function isFinalLeadStatus(status: LeadStatus): boolean {
  return FINAL_LEAD_STATUSES.includes(status);
}
