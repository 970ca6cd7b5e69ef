// Building blocks every area's schemas share: ids, instants, lead statuses and modes.
import { z } from 'zod';
import { LEAD_STATUSES } from '../../domain/lead-status';

export const id = (what: string) => z.uuid(`must be ${what} id`);
export const idParams = (what: string) => z.object({ id: id(what) });
export const isoDateTime = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 date-time', example: '2026-11-26T15:00:00Z' });
export const instant = z.string().meta({ description: 'ISO 8601 date-time (UTC)', example: '2026-11-26T15:00:00.000Z' });
/** A page size in a query string: a number between 1 and `max`, `fallback` when absent. */
export const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const leadStatus = z.enum(LEAD_STATUSES).meta({ id: 'LeadStatus' });
export const conversationMode = z.enum(['ai', 'human']).meta({ id: 'ConversationMode' });

/** A period in a query string; the api fills in what is missing (api/routes/appointments.ts rangeFrom). */
export const periodQuery = z.strictObject({ from: isoDateTime.optional(), to: isoDateTime.optional() });

/** true only when A and B are the same type: `const _check: Same<z.output<typeof schema>, DomainType> = true`. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
