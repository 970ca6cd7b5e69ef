// Where a missed call's time goes, read from each conversation's workflow history: when Temporal
// recorded the missed-call and call-ended signals, and when the text-back's send activity was
// scheduled, started and completed. Every stage is measured from the moment the benchmark sent the
// dial-result webhook (our clock and the dev server's are the same machine's).
import { Connection, WorkflowClient } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { conversationWorkflowId } from '../domain/conversation-id';

interface Call {
  caller: string;
  sentAt: number;
  /** When the benchmark sent the call-ended webhook (right after the dial-result answer). */
  endedAt: number;
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const millis = (event: HistoryEvent) => {
  const time = event.eventTime;
  return time ? Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6) : Number.NaN;
};

/** The first event of the history matching `test`, as milliseconds since the epoch. */
function firstAt(events: HistoryEvent[], test: (event: HistoryEvent) => boolean): number | undefined {
  const event = events.find(test);
  return event ? millis(event) : undefined;
}

export async function whereTheTimeGoes(
  temporalAddress: string,
  tenantId: string,
  calls: Call[],
  textStoredAt: Map<string, number>,
): Promise<[string, number[]][]> {
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new WorkflowClient({ connection });
  const stages = new Map<string, number[]>();
  const add = (name: string, from: number, at: number | undefined) => {
    if (at === undefined || Number.isNaN(at)) return;
    stages.set(name, [...(stages.get(name) ?? []), at - from]);
  };
  try {
    for (const call of calls) {
      const events = (await client.getHandle(conversationWorkflowId(tenantId, call.caller)).fetchHistory()).events ?? [];
      const signalled = (name: string) => (e: HistoryEvent) => e.workflowExecutionSignaledEventAttributes?.signalName === name;
      const sendScheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendText');
      const sendId = sendScheduled?.eventId;
      const sameSend = (e: HistoryEvent) =>
        String(e.activityTaskStartedEventAttributes?.scheduledEventId ?? e.activityTaskCompletedEventAttributes?.scheduledEventId) ===
        String(sendId);
      add('dial-result -> missedCall signal', call.sentAt, firstAt(events, signalled('missedCall')));
      add('dial-result -> call-ended webhook sent', call.sentAt, call.endedAt);
      add('dial-result -> callEnded signal', call.sentAt, firstAt(events, signalled('callEnded')));
      add('dial-result -> send scheduled', call.sentAt, sendScheduled ? millis(sendScheduled) : undefined);
      add(
        'dial-result -> send started',
        call.sentAt,
        firstAt(events, (e) => Boolean(e.activityTaskStartedEventAttributes) && sameSend(e)),
      );
      add(
        'dial-result -> send completed',
        call.sentAt,
        firstAt(events, (e) => Boolean(e.activityTaskCompletedEventAttributes) && sameSend(e)),
      );
      add('dial-result -> text stored', call.sentAt, textStoredAt.get(call.caller));
    }
  } finally {
    await connection.close();
  }
  return [...stages];
}
