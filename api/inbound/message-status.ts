// Twilio reports how a text we sent is doing. Callbacks arrive out of order and repeat: status only
// moves forward, so applying one twice or late changes nothing (db/messages.ts applyDeliveryReport).
// The conversation hears only of failures: it alerts the owner, or records a carrier opt-out (21610).
import type { MessageStatus } from '../../domain/message-status';
import { openConversationWorkflowId } from '../../db/conversation-lifecycle';
import { applyDeliveryReport } from '../../db/messages';
import { signalRunningConversation } from '../../temporal/conversation-gateway';
import { deliveryStatusSignal, type DeliveryStatus } from '../../contracts/conversation-workflow';
import type { InboundContext } from './context';

export async function messageStatusReported(
  app: InboundContext,
  report: { messageSid: string; status: MessageStatus; errorCode?: number | undefined },
): Promise<void> {
  const moved = await applyDeliveryReport(app.orm.em.fork(), report);
  if (!moved) return;
  if (report.status === 'undelivered' || report.status === 'failed' || report.errorCode !== undefined) {
    const { messageSid, status, errorCode } = report;
    await tellConversation(app, moved.conversationId, { messageSid, status, ...(errorCode !== undefined ? { errorCode } : {}) });
  }
}

async function tellConversation(app: InboundContext, conversationId: string, report: DeliveryStatus) {
  const workflowId = await openConversationWorkflowId(app.orm.em, conversationId);
  if (!workflowId) return; // closed, or not ours
  await signalRunningConversation(app.temporal, workflowId, deliveryStatusSignal.name, [report]);
}
