// The activities a conversation calls, one proxy per task queue and timeout profile.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { AssistantActivities, ConversationActivities, SmsActivities } from '../../activities';
import { TASK_QUEUES } from '../../contracts/task-queues';

/**
 * Database writes and reads: quick, retried until the database answers (nothing is lost meanwhile),
 * never more than 5 s apart so a conversation is back within seconds of the database.
 */
export const readModel = proxyActivities<ConversationActivities>({
  taskQueue: TASK_QUEUES.conversations,
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/**
 * Opening a conversation, run inside the workflow task that heard the missed call or text (a local
 * activity): the text-back is decided on what it returns (settings, opt-out), so a round trip
 * through the server's activity queue here is time the caller waits for their first text. It is
 * one idempotent upsert on the worker that hosts the conversation activities anyway; retried the
 * same way as the other read-model writes.
 */
export const readModelHere = proxyLocalActivities<ConversationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/**
 * Twilio sends. The activity heartbeats and aborts its request when the attempt is given up, so a
 * dead worker's send is retried within seconds; the outbox keeps a retry from sending twice.
 * Opted-out or invalid numbers fail at once (non-retryable). Retries stay at most 5 s apart, so a
 * text goes within seconds of Twilio coming back; an outage outlasting 30 minutes becomes a note to
 * the owner and a handoff, never a failed conversation.
 *
 * On the conversation's own task queue, so the server hands the send to this worker in its answer
 * to the workflow task that scheduled it (eager activity execution): no trip through the activity
 * queue before the caller's first text (docs/decisions/0019). The `sms` queue still serves sends
 * scheduled before this (workers/main.ts).
 */
export const sms = proxyActivities<SmsActivities>({
  taskQueue: TASK_QUEUES.conversations,
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 minutes',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/**
 * Up to 3 model calls of at most 20 s each, then the safe fallback inside the activity; these
 * retries are for the activity itself (database, worker restarts), which heartbeats so a dead
 * worker's turn moves on within seconds.
 */
export const assistant = proxyActivities<AssistantActivities>({
  taskQueue: TASK_QUEUES.ai,
  startToCloseTimeout: '90 seconds',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
});
