// KPIs and alerts (docs/product.md journeys 8 and 9). The counting rules are in domain/kpis.ts.
import { z } from 'zod';
import { LEAD_STATUSES } from '../../domain/lead-status';
import { leadFunnel, leadsByStatus, timeToFirstText } from '../../domain/kpis';
import { ownerRoute, type RouteGroup } from '../route';
import { alertView, idParams, isoDateTime } from '../schemas';
import { rangeFrom } from './appointments';

const DAY = 24 * 3600_000;
const count = z.int().min(0);

const kpis = z
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

export function insightRoutes(): RouteGroup {
  return {
    tag: 'KPIs and alerts',
    description: 'How the text-back performs, and what the owner was alerted to.',
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/kpis',
        summary: 'Funnel, leads by status, time to first text and AI usage over a period (default: the last 30 days)',
        query: z.strictObject({ from: isoDateTime.optional(), to: isoDateTime.optional() }),
        response: kpis,
        handler: async ({ scope, query }) => {
          const range = rangeFrom(query, { backMs: 30 * DAY, aheadMs: 30 * DAY });
          if (!query.to) range.to = new Date(Math.min(range.to.getTime(), Date.now() + 1000));
          const { timeZone } = await scope.conversationSettings();
          const [conversations, calls, usage] = await Promise.all([
            scope.conversationFacts(range),
            scope.missedCallFacts(range),
            scope.aiUsageByDay(range, timeZone),
          ]);
          return {
            period: { from: range.from.toISOString(), to: range.to.toISOString(), timeZone },
            funnel: leadFunnel(
              conversations.map((row) => ({
                leadStatus: row.lead_status,
                missedCall: row.missed_call,
                firstTextAt: row.first_text_at ? new Date(row.first_text_at) : null,
                firstReplyAt: row.first_reply_at ? new Date(row.first_reply_at) : null,
                lead: row.lead ?? {},
                everBooked: row.ever_booked,
              })),
            ),
            leadsByStatus: leadsByStatus(conversations.map((row) => row.lead_status)),
            timeToFirstText: timeToFirstText(
              calls.map((row) => ({
                missedAt: new Date(row.missed_at),
                firstTextAt: row.first_text_at ? new Date(row.first_text_at) : null,
              })),
              timeZone,
            ),
            aiUsage: {
              byDay: usage.map((row) => ({
                date: row.date,
                turns: Number(row.turns),
                promptTokens: Number(row.prompt_tokens),
                completionTokens: Number(row.completion_tokens),
              })),
            },
          };
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/alerts',
        summary: 'Alerts to the owner, newest first',
        query: z.strictObject({
          unread: z
            .enum(['true', 'false'])
            .default('false')
            .transform((value) => value === 'true'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: z.object({ alerts: z.array(alertView) }),
        handler: async ({ scope, query }) => ({ alerts: await scope.alerts(query) }),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/alerts/:id/read',
        summary: 'Mark an alert read',
        params: idParams('an alert'),
        status: 204,
        handler: async ({ scope, params }) => {
          await scope.markAlertRead(params.id);
        },
      }),
    ],
  };
}
