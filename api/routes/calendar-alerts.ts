// The owner's answer to a calendar alert (issue #16; docs/decisions/0025-owner-calendars.md): after
// the owner deleted or moved an appointment's event in their own calendar, the sync asked whether
// to tell the caller. "Tell the caller" sends the prepared text through the conversation's own
// owner-message path (api/conversation-commands.ts: the workflow sends it, once per alert, and the
// owner takes the conversation over so the caller's reply reaches them); "Keep as is" sends nothing.
import { calendarAlertAnswer, calendarAlertAnswered } from '../../contracts/http/calendar-alerts';
import { alertParams } from '../../contracts/http/insights';
import type { ConversationCommands } from '../conversation-commands';
import { conflict, notFound } from '../errors';
import { ownerRoute, type RouteGroup } from '../route';

export function calendarAlertRoutes({ commands }: { commands: ConversationCommands }): RouteGroup {
  return {
    tag: 'KPIs and alerts',
    description: 'How the text-back performs, and what the owner was alerted to.',
    routes: [
      ownerRoute({
        method: 'post',
        path: '/api/alerts/:id/answer',
        summary: 'Answer a calendar alert: tell the caller about the change made in your calendar, or keep it as is',
        params: alertParams,
        body: calendarAlertAnswer,
        response: calendarAlertAnswered,
        errors: [409, 503],
        handler: async ({ scope, params, body }) => {
          const alert = await scope.calendarAlert(params.id);
          if (!alert) throw notFound('that alert');
          if (!alert.callerText || !alert.conversationId) {
            throw conflict('nothing_to_tell', 'this alert has no message for the caller');
          }
          const wanted = body.answer === 'tell_caller' ? 'told_caller' : 'kept';
          if (wanted === 'told_caller' && alert.outOfDate && alert.answer !== 'told_caller') {
            throw conflict(
              'alert_out_of_date',
              'this appointment changed after the alert (moved again, rescheduled or cancelled): nothing was sent; see the conversation',
            );
          }
          // The answer is kept first (the first one counts), then acted on: "Keep as is" and "Tell the
          // caller" clicked at once in two tabs must not both happen, the caller texted while the
          // record says nothing was sent.
          const kept = await scope.answerCalendarAlert(alert.id, wanted);
          if (kept !== wanted) {
            throw conflict('already_answered', `this alert was already answered: ${kept.replace('_', ' ')}`, { answer: kept });
          }
          if (wanted === 'told_caller') {
            // The alert's id names the message: a second click (or a retry after a failure here) sends it once.
            try {
              await commands.sendOwnerMessage(scope, alert.conversationId, {
                body: alert.callerText,
                clientId: `calendar-alert-${alert.id}`,
              });
            } catch (error) {
              // Refused (the conversation ended) or not reached: not told, so the answer is open again.
              await scope.withdrawToldCaller(alert.id);
              throw error;
            }
          }
          return { answer: kept };
        },
      }),
    ],
  };
}
