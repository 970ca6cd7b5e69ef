// The conversation workflow on the real time-skipping test server, activities mocked at their
// interface: a day of silence passes in milliseconds.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { OpenConversationInput } from '../activities/conversations';
import type { SendTextInput } from '../activities/sms';
import { conversationWorkflowId } from '../domain/conversation-id';
import type { LeadStatus } from '../domain/lead-status';
import { NmcCallerPhone, NmcLeadStatus, NmcMode, NmcTenantId } from '../temporal/search-attributes';
import { TASK_QUEUES } from '../temporal/task-queues';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { conversationWorkflow } from './conversation';
import { missedCallSignal, stateQuery, type ConversationInput } from './messages';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const TENANT = '7b0c6a55-3f4c-4d1e-9a57-2f1f0c3b9e11';
const CALLER = '+15125550177';
const BUSINESS = '+15125550100';

function fakeActivities() {
  const texts: SendTextInput[] = [];
  const opened: OpenConversationInput[] = [];
  const closed: { conversationId: string; leadStatus: LeadStatus }[] = [];
  return {
    texts,
    opened,
    closed,
    conversations: {
      openConversation: async (input: OpenConversationInput) => {
        opened.push(input);
        return { businessName: 'Ace Plumbing' };
      },
      closeConversation: async (input: { conversationId: string; leadStatus: LeadStatus }) => {
        closed.push(input);
      },
    },
    sms: {
      sendText: async (input: SendTextInput) => {
        texts.push(input);
        return { messageId: `m-${input.seq}`, twilioSid: `SM${input.seq}`, sentNow: true };
      },
    },
  };
}

async function withWorkers<T>(fakes: ReturnType<typeof fakeActivities>, fn: () => Promise<T>): Promise<T> {
  const workflowsPath = require.resolve('./index');
  const conversations = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUES.conversations,
    workflowsPath,
    activities: fakes.conversations,
  });
  const sms = await Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUES.sms, activities: fakes.sms });
  return conversations.runUntil(sms.runUntil(fn));
}

function startWithMissedCall(callSid: string, input: Partial<ConversationInput> = {}) {
  return env.client.workflow.signalWithStart(conversationWorkflow, {
    workflowId: conversationWorkflowId(TENANT, CALLER),
    taskQueue: TASK_QUEUES.conversations,
    args: [{ tenantId: TENANT, callerPhone: CALLER, businessPhone: BUSINESS, ...input }],
    signal: missedCallSignal,
    signalArgs: [{ callSid, dialStatus: 'no-answer' }],
    typedSearchAttributes: [
      { key: NmcTenantId, value: TENANT },
      { key: NmcCallerPhone, value: CALLER },
      { key: NmcLeadStatus, value: 'new' },
      { key: NmcMode, value: 'ai' },
    ],
  });
}

test('a missed call gets one text-back from the business number that names the business and expires if stale', async () => {
  const fakes = fakeActivities();
  await withWorkers(fakes, async () => {
    const handle = await startWithMissedCall('CA1');
    await handle.query(stateQuery); // the workflow has run its first task
    await env.sleep('1 minute');
    const state = await handle.query(stateQuery);
    expect(state).toMatchObject({ leadStatus: 'new', mode: 'ai', greetingSent: true, missedCalls: 1 });
    await handle.terminate('test done');
  });
  expect(fakes.opened).toEqual([
    expect.objectContaining({
      tenantId: TENANT,
      callerPhone: CALLER,
      businessPhone: BUSINESS,
      call: { callSid: 'CA1', dialStatus: 'no-answer' },
    }),
  ]);
  expect(fakes.texts).toHaveLength(1);
  expect(fakes.texts[0]).toMatchObject({
    workflowId: conversationWorkflowId(TENANT, CALLER),
    seq: 1,
    to: CALLER,
    from: BUSINESS,
    author: 'assistant',
    conversationId: fakes.opened[0]!.conversationId,
    validitySeconds: expect.any(Number),
  });
  expect(fakes.texts[0]!.body).toMatch(/^Hi, this is Ace Plumbing\..*Reply STOP to opt out\.$/);
});

test('duplicate missedCall signals (Twilio retries) count once; another call from the same caller joins without a second text', async () => {
  const fakes = fakeActivities();
  await withWorkers(fakes, async () => {
    const handle = await startWithMissedCall('CA1');
    await handle.signal(missedCallSignal, { callSid: 'CA1', dialStatus: 'no-answer' });
    await startWithMissedCall('CA1'); // a retried webhook does signalWithStart again
    await startWithMissedCall('CA2');
    await env.sleep('1 hour');
    expect(await handle.query(stateQuery)).toMatchObject({ missedCalls: 2, greetingSent: true });
    await handle.terminate('test done');
  });
  expect(fakes.texts).toHaveLength(1);
  expect(fakes.opened).toHaveLength(1);
});

test('24 hours of silence end the lead as unresponsive, closed in the read model and in search attributes', async () => {
  const fakes = fakeActivities();
  const started = Date.now();
  await withWorkers(fakes, async () => {
    const handle = await startWithMissedCall('CA1');
    const outcome = await handle.result();
    expect(outcome).toEqual({ conversationId: fakes.opened[0]!.conversationId, leadStatus: 'unresponsive' });
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(NmcLeadStatus)).toBe('unresponsive');
    expect(description.typedSearchAttributes.get(NmcTenantId)).toBe(TENANT);
  });
  expect(fakes.closed).toEqual([{ conversationId: fakes.opened[0]!.conversationId, leadStatus: 'unresponsive' }]);
  // A day of waiting, skipped: a regression to real timers would blow far past this.
  expect(Date.now() - started).toBeLessThan(30_000);
});

test('the silence before unresponsive is a business setting', async () => {
  const fakes = fakeActivities();
  await withWorkers(fakes, async () => {
    const handle = await startWithMissedCall('CA1', { unresponsiveAfterMs: 2 * 60 * 60 * 1000 });
    await env.sleep('1 hour');
    expect(fakes.closed).toEqual([]);
    await env.sleep('61 minutes');
    expect(await handle.result()).toMatchObject({ leadStatus: 'unresponsive' });
  });
});
