// One conversation with one caller (ARCHITECTURE.md "The conversation workflow"). This first
// slice texts the caller back once after a missed call and ends the lead as unresponsive after
// a silence; replies, the assistant, takeover and booking build on it.
import { condition, proxyActivities, setHandler, upsertSearchAttributes, uuid4, workflowInfo } from '@temporalio/workflow';
import type { ConversationActivities, SmsActivities } from '../activities';
import { textBackGreeting, TEXT_BACK_VALIDITY_SECONDS } from '../domain/text-back';
import { NmcLeadStatus } from '../temporal/search-attributes';
import { TASK_QUEUES } from '../temporal/task-queues';
import {
  missedCallSignal,
  stateQuery,
  type ConversationInput,
  type ConversationOutcome,
  type ConversationState,
  type MissedCall,
} from './messages';

const DEFAULT_UNRESPONSIVE_AFTER_MS = 24 * 60 * 60 * 1000;

const readModel = proxyActivities<ConversationActivities>({
  taskQueue: TASK_QUEUES.conversations,
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const sms = proxyActivities<SmsActivities>({
  taskQueue: TASK_QUEUES.sms,
  // Twilio answers in well under a second; a stuck attempt is retried, and the outbox keeps a
  // retry from sending twice.
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

export async function conversationWorkflow(input: ConversationInput): Promise<ConversationOutcome> {
  const { workflowId } = workflowInfo();
  const state: ConversationState = { conversationId: uuid4(), leadStatus: 'new', mode: 'ai', greetingSent: false, missedCalls: 0 };
  const missedCalls: MissedCall[] = [];
  const seenCallSids = new Set<string>();
  let nextSeq = 1;

  setHandler(missedCallSignal, (call) => {
    // Twilio retries webhooks: the same CallSid counts once.
    if (seenCallSids.has(call.callSid)) return;
    seenCallSids.add(call.callSid);
    missedCalls.push(call);
    state.missedCalls = missedCalls.length;
  });
  setHandler(stateQuery, () => ({ ...state }));

  // Started with signalWithStart, so the missed call that opened the conversation is here already.
  await condition(() => missedCalls.length > 0);
  const firstCall = missedCalls[0]!;

  const { businessName } = await readModel.openConversation({
    conversationId: state.conversationId,
    workflowId,
    tenantId: input.tenantId,
    callerPhone: input.callerPhone,
    businessPhone: input.businessPhone,
    call: firstCall,
  });

  await sms.sendText({
    workflowId,
    seq: nextSeq++,
    tenantId: input.tenantId,
    conversationId: state.conversationId,
    to: input.callerPhone,
    from: input.businessPhone,
    body: textBackGreeting({ name: businessName }),
    author: 'assistant',
    validitySeconds: TEXT_BACK_VALIDITY_SECONDS,
  });
  state.greetingSent = true;

  // Further missed calls from the same caller join this conversation without a second greeting.
  await condition(() => false, input.unresponsiveAfterMs ?? DEFAULT_UNRESPONSIVE_AFTER_MS);

  state.leadStatus = 'unresponsive';
  upsertSearchAttributes([{ key: NmcLeadStatus, value: state.leadStatus }]);
  await readModel.closeConversation({ conversationId: state.conversationId, leadStatus: state.leadStatus });
  return { conversationId: state.conversationId, leadStatus: state.leadStatus };
}
