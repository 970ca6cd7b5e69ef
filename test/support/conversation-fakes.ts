// The conversation workflow's test harness: fake activities at their interface (never Temporal),
// workers for the three task queues on a test environment, and helpers to start conversations the
// way the api does (signalWithStart). Shared by the workflow tier's files.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { OwnerAlertInput } from '../../activities/alerts';
import type { AssistantTurnInput } from '../../activities/assistant';
import type { CheckedDecision as AssistantDecision } from '../../activities/assistant-address';
import type { ConversationChange, InboundSmsInput, OpenConversationInput } from '../../activities/conversations';
import type { SendTextInput } from '../../activities/sms';
import type { SlotQuery, SlotView } from '../../activities/appointments';
import { conversationWorkflowId } from '../../domain/conversation-id';
import type { LeadStatus } from '../../domain/lead-status';
import { withConversationDefaults, type ConversationSettings } from '../../domain/settings';
import { NmcTenantId } from '../../contracts/search-attributes';
import { TASK_QUEUES } from '../../contracts/task-queues';
import { conversationWorkflow } from '../../workflows/conversation/workflow';
import { inboundSmsSignal, missedCallSignal } from '../../contracts/conversation-workflow';

export const TENANT = '7b0c6a55-3f4c-4d1e-9a57-2f1f0c3b9e11';
export const BUSINESS = '+15125550100';
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
let callerCounter = 0;
/** A fresh caller per test (workflow ids must not collide on the shared server). */
export const newCaller = (prefix = 2000) => `+1512555${String(prefix + callerCounter++).padStart(4, '0')}`;

export type AssistantScript = (input: AssistantTurnInput) => Promise<AssistantDecision> | AssistantDecision;
export const reply = (text: string, extra: Partial<AssistantDecision> = {}): AssistantDecision => ({
  reply: text,
  fields: {},
  action: 'reply',
  emergency: false,
  optOut: false,
  ...extra,
});

export interface FakeOptions {
  settings?: Partial<ConversationSettings>;
  optedOut?: boolean;
  assistant?: AssistantScript;
  /** Free slots the booking activities report, as ISO start/end pairs. */
  slots?: { start: string; end: string }[];
  /** Answers listFreeSlots in place of `slots` (e.g. nearest times marked `fits: false`). */
  listSlots?: (input: SlotQuery) => SlotView[];
  /** Slots another caller grabs first: booking them reports slot_taken. */
  takenByOthers?: string[];
  /** Runs inside sendText before it returns (e.g. a status callback that beats the send's answer). */
  beforeSendReturns?: (input: SendTextInput) => Promise<void>;
  /** Makes a send fail as Twilio would (e.g. ApplicationFailure.nonRetryable(..., 'NotSmsCapable')). */
  sendFails?: (input: SendTextInput) => Error | undefined;
  /** Makes every owner alert fail. */
  alertFails?: () => Error;
}

export function fakeActivities(options: FakeOptions = {}) {
  const log = {
    texts: [] as SendTextInput[],
    opened: [] as OpenConversationInput[],
    inbound: [] as InboundSmsInput[],
    changes: [] as ConversationChange[],
    closed: [] as { conversationId: string; leadStatus: LeadStatus }[],
    optOuts: [] as { optedOut: boolean }[],
    alerts: [] as OwnerAlertInput[],
    bookings: [] as { start: string; ok: boolean }[],
    slotQueries: [] as SlotQuery[],
    cancelled: [] as string[],
    assistantTurns: 0,
    /** Every activity call in order, by name: shows what happens before what. */
    order: [] as string[],
  };
  const taken = new Set(options.takenByOthers ?? []);
  const settings = withConversationDefaults({ timeZone: 'America/Chicago', businessName: 'Ace Plumbing', ...options.settings });
  const assistant: AssistantScript = options.assistant ?? (() => reply('Thanks! What can we help you with?'));
  return {
    log,
    conversations: {
      openConversation: async (input: OpenConversationInput) => {
        log.opened.push(input);
        return { settings, optedOut: options.optedOut ?? false, previousConversationId: null };
      },
      recordInboundSms: async (input: InboundSmsInput) => {
        log.inbound.push(input);
        return { messageId: `in-${input.messageSid}` };
      },
      updateConversation: async (change: ConversationChange) => {
        log.changes.push(change);
      },
      setOptOut: async (input: { optedOut: boolean }) => {
        log.order.push(`setOptOut:${input.optedOut}`);
        log.optOuts.push({ optedOut: input.optedOut });
      },
      closeConversation: async (input: { conversationId: string; leadStatus: LeadStatus }) => {
        log.closed.push(input);
      },
      listFreeSlots: async (input: SlotQuery) => {
        log.slotQueries.push(input);
        if (options.listSlots) return options.listSlots(input);
        return (options.slots ?? []).filter((slot) => !taken.has(slot.start)).slice(0, input.limit ?? 5);
      },
      bookAppointment: async (input: { start: string }) => {
        const ok = !taken.has(input.start);
        log.bookings.push({ start: input.start, ok });
        if (!ok) return { ok: false as const, reason: 'slot_taken' as const };
        taken.add(input.start);
        return { ok: true as const, appointmentId: `apt-${input.start}` };
      },
      cancelAppointment: async ({ appointmentId }: { appointmentId: string }) => {
        log.cancelled.push(appointmentId);
        taken.delete(appointmentId.replace(/^apt-/, ''));
      },
    },
    sms: {
      sendText: async (input: SendTextInput) => {
        log.texts.push(input);
        log.order.push(`sendText:${input.author}`);
        const failure = options.sendFails?.(input);
        if (failure) throw failure;
        await options.beforeSendReturns?.(input);
        const message = {
          id: `m-${input.seq}`,
          conversationId: input.conversationId,
          direction: 'outbound' as const,
          author: input.author,
          body: input.body,
          status: 'queued' as const,
          createdAt: new Date().toISOString(),
        };
        return { message, twilioSid: `SM${input.seq}`, sentNow: true };
      },
      alertOwner: async (input: OwnerAlertInput) => {
        if (options.alertFails) throw options.alertFails();
        log.alerts.push(input);
        return { alertId: `a-${input.seq}` };
      },
    },
    ai: {
      assistantTurn: async (input: AssistantTurnInput) => {
        log.assistantTurns += 1;
        return assistant(input);
      },
    },
  };
}

export async function withWorkers<T>(
  env: TestWorkflowEnvironment,
  fakes: ReturnType<typeof fakeActivities>,
  fn: () => Promise<T>,
): Promise<T> {
  const connection = env.nativeConnection;
  const conversations = await Worker.create({
    connection,
    taskQueue: TASK_QUEUES.conversations,
    workflowsPath: require.resolve('../../workflows/index'),
    // Sends run on the conversations queue (proxies.ts); the sms queue serves older histories.
    activities: { ...fakes.conversations, ...fakes.sms },
  });
  const sms = await Worker.create({ connection, taskQueue: TASK_QUEUES.sms, activities: fakes.sms });
  const ai = await Worker.create({ connection, taskQueue: TASK_QUEUES.ai, activities: fakes.ai });
  return conversations.runUntil(sms.runUntil(ai.runUntil(fn)));
}

export function start(
  env: TestWorkflowEnvironment,
  caller: string,
  first: { call?: string; voicemailOffered?: boolean; sms?: { sid: string; body: string } },
) {
  const common = {
    workflowId: conversationWorkflowId(TENANT, caller),
    taskQueue: TASK_QUEUES.conversations,
    args: [{ tenantId: TENANT, callerPhone: caller, businessPhone: BUSINESS }] as [Parameters<typeof conversationWorkflow>[0]],
    typedSearchAttributes: [{ key: NmcTenantId, value: TENANT }],
  };
  if (first.sms) {
    return env.client.workflow.signalWithStart(conversationWorkflow, {
      ...common,
      signal: inboundSmsSignal,
      signalArgs: [{ messageSid: first.sms.sid, body: first.sms.body, receivedAt: new Date().toISOString() }],
    });
  }
  return env.client.workflow.signalWithStart(conversationWorkflow, {
    ...common,
    signal: missedCallSignal,
    signalArgs: [{ callSid: first.call ?? 'CA1', dialStatus: 'no-answer', ...(first.voicemailOffered ? { voicemailOffered: true } : {}) }],
  });
}

export const sms = (sid: string, body: string) => ({ messageSid: sid, body, receivedAt: new Date().toISOString() });
export const bodies = (fakes: ReturnType<typeof fakeActivities>) => fakes.log.texts.map((text) => `${text.author}: ${text.body}`);
