// KPIs and alerts over HTTP. The counting rules are in domain/kpis.ts; AlertView is
// contracts/live-events.ts's (the live alert event carries it too).
import { z } from 'zod';
import { LEAD_STATUSES } from '../../domain/lead-status';
import type { AlertView } from '../live-events';
import { idParams, instant, type Same } from './common';

const count = z.int().min(0);

export const kpis = z
  .object({
    period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
    funnel: z
      .object({ missed: count, texted: count, replied: count, qualified: count, booked: count })
      .meta({ description: 'Leads opened in the period by a missed call, and how far each got (each stage a subset of the one before).' }),
    leadsByStatus: z.object(
      Object.fromEntries(LEAD_STATUSES.map((status) => [status, count])) as Record<(typeof LEAD_STATUSES)[number], typeof count>,
    ),
    timeToFirstText: z.object({
      medianMs: z.number().nullable(),
      p90Ms: z.number().nullable(),
      calls: count.meta({ description: 'Calls missed in the period.' }),
      texted: count.meta({ description: 'Of them, texted within the hour.' }),
      byDay: z
        .array(z.object({ date: z.iso.date(), medianMs: z.number(), calls: count }))
        .meta({ description: 'Local dates with at least one texted call, oldest first.' }),
    }),
    aiUsage: z.object({
      byDay: z
        .array(z.object({ date: z.iso.date(), turns: count, promptTokens: count, completionTokens: count }))
        .meta({ description: 'Local dates with at least one assistant turn, oldest first.' }),
    }),
  })
  .meta({ id: 'Kpis' });
export type Kpis = z.output<typeof kpis>;

/** An alert as the owner's list shows it: the live alert, and when it was read. */
export interface AlertItem extends AlertView {
  readAt: string | null;
}

export const alertView = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid().nullable(),
    kind: z.string(),
    body: z.string(),
    createdAt: instant,
    readAt: instant.nullable(),
  })
  .meta({ id: 'Alert' });

export const alertsQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const alertList = z.object({ alerts: z.array(alertView) });
export type AlertList = z.output<typeof alertList>;

const _alertMatches: Same<z.output<typeof alertView>, AlertItem> = true;
void _alertMatches;
export const alertParams = idParams('an alert');
