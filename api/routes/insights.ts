// KPIs and alerts (docs/product.md journeys 8 and 9). The counting rules are in domain/kpis.ts.
import { periodQuery } from '../../contracts/http/common';
import { alertList, alertParams, alertsQuery, kpis } from '../../contracts/http/insights';
import { leadFunnel, leadsByStatus, timeToFirstText } from '../../domain/kpis';
import { ownerRoute, type RouteGroup } from '../route';
import { rangeFrom } from './appointments';

const DAY = 24 * 3600_000;
export function insightRoutes(): RouteGroup {
  return {
    tag: 'KPIs and alerts',
    description: 'How the text-back performs, and what the owner was alerted to.',
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/kpis',
        summary: 'Funnel, leads by status, time to first text and AI usage over a period (default: the last 30 days)',
        query: periodQuery,
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
        query: alertsQuery,
        response: alertList,
        handler: async ({ scope, query }) => ({ alerts: await scope.alerts(query) }),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/alerts/:id/read',
        summary: 'Mark an alert read',
        params: alertParams,
        status: 204,
        handler: async ({ scope, params }) => {
          await scope.markAlertRead(params.id);
        },
      }),
    ],
  };
}
