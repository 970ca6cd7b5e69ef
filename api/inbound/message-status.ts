// Twilio reports how a text we sent is doing. Callbacks arrive out of order and repeat: status only
// moves forward, so applying one twice or late changes nothing. A report that beats our own record
// of the send is kept for the send to apply (early_message_statuses).
import type { MessageStatus } from '../../contracts/live-events';
import { canAdvanceStatus } from '../../domain/message-status';
import { publishLiveEvent } from '../../db/live-events';
import { sql } from '../../db/sql';
import { signalRunningConversation } from '../../temporal/conversation-gateway';
import { deliveryStatusSignal, type DeliveryStatus } from '../../contracts/conversation-workflow';
import type { InboundContext } from './context';

export async function messageStatusReported(
  app: InboundContext,
  report: { messageSid: string; status: MessageStatus; errorCode?: number | undefined },
): Promise<void> {
  const { messageSid, status: next, errorCode } = report;
  const em = app.orm.em.fork();
  // Optimistic: retry when a concurrent callback moved the status between our read and write.
  for (let attempt = 0; attempt < 5; attempt++) {
    const [message] = await sql<{ id: string; tenant_id: string; conversation_id: string; status: MessageStatus }[]>(
      em,
      'select id, tenant_id, conversation_id, status from messages where twilio_sid = ?',
      [messageSid],
    );
    if (!message) {
      // Not stored yet (Twilio's callback beat its answer to our send): kept for the send to apply.
      // A report for a text that is not ours waits there harmlessly.
      if (attempt === 0) {
        await rememberEarlyStatus(app, messageSid, next, errorCode);
        continue; // the send may have stored it meanwhile: look once more
      }
      return;
    }
    if (!canAdvanceStatus(message.status, next)) return;
    const moved = await em.transactional(async (tx) => {
      const updated = await sql(
        tx,
        'update messages set status = ?, error_code = coalesce(?, error_code) where id = ? and status = ? returning id',
        [next, errorCode ?? null, message.id, message.status],
      );
      if (updated.length === 0) return false;
      await publishLiveEvent(tx, message.tenant_id, 'message.status', {
        messageId: message.id,
        conversationId: message.conversation_id,
        status: next,
      });
      return true;
    });
    if (!moved) continue;
    // Stored after all, between our two looks: the early report was applied here instead.
    if (attempt > 0) await sql(em, 'delete from early_message_statuses where twilio_sid = ?', [messageSid]);
    // The conversation acts on failures only: alert the owner, or record a carrier opt-out (21610).
    if (next === 'undelivered' || next === 'failed' || errorCode !== undefined) {
      await tellConversation(app, message.conversation_id, { messageSid, status: next, ...(errorCode !== undefined ? { errorCode } : {}) });
    }
    return;
  }
}

async function tellConversation(app: InboundContext, conversationId: string, report: DeliveryStatus) {
  const [conversation] = await sql<{ workflow_id: string; closed_at: Date | null }[]>(
    app.orm.em,
    'select workflow_id, closed_at from conversations where id = ?',
    [conversationId],
  );
  if (!conversation || conversation.closed_at) return;
  await signalRunningConversation(app.temporal, conversation.workflow_id, deliveryStatusSignal.name, [report]);
}

/** Keeps the most advanced early report per SID (final states are final, as for stored texts). */
async function rememberEarlyStatus(app: InboundContext, messageSid: string, status: MessageStatus, errorCode: number | undefined) {
  await sql(
    app.orm.em,
    `insert into early_message_statuses (twilio_sid, status, error_code) values (?, ?, ?)
     on conflict (twilio_sid) do update set status = excluded.status, error_code = coalesce(excluded.error_code, early_message_statuses.error_code)
     where (case excluded.status when 'queued' then 1 when 'sent' then 2 else 3 end)
         > (case early_message_statuses.status when 'queued' then 1 when 'sent' then 2 else 3 end)`,
    [messageSid, status, errorCode ?? null],
  );
}
