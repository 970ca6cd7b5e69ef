// Records workflow histories as replay fixtures (temporal/histories/*.json). Replaying them in
// CI (workflows/replay.test.ts) makes a non-deterministic change to workflow code fail the build.
//
//   npm run history:record                  re-record the main paths on a throw-away dev server
//   npm run history:record -- --scenario <name>  record one of them (older fixtures stay as they
//                                           were: they prove running conversations still replay)
//   npm run history:record -- <workflowId>  save the history of a run on TEMPORAL_ADDRESS
//                                           (e.g. one you drove through `npm run dev`)
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker } from '@temporalio/worker';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OpenConversationInput } from '../activities/conversations';
import type { SendTextInput } from '../activities/sms';
import { conversationWorkflowId } from '../domain/conversation-id';
import { withConversationDefaults } from '../domain/settings';
import {
  CONVERSATION_WORKFLOW,
  handBackSignal,
  inboundSmsSignal,
  missedCallSignal,
  sendOwnerMessageUpdate,
  voicemailSignal,
  type MissedCall,
  setLeadStatusSignal,
  takeOverSignal,
} from '../contracts/conversation-workflow';
import { TASK_QUEUES } from '../contracts/task-queues';

const HISTORIES = path.join(__dirname, 'histories');
const TENANT = '00000000-0000-4000-8000-000000000001';
const BUSINESS = '+15125550100';

interface Scenario {
  name: string;
  caller: string;
  /** The missed call that starts it (default: no answer, no voicemail offered). */
  call?: MissedCall;
  drive(client: Client, workflowId: string): Promise<void>;
}

const sms = (sid: string, body: string) => ({ messageSid: sid, body, receivedAt: new Date().toISOString() });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SCENARIOS: Scenario[] = [
  {
    // Text-back, one nudge, then unresponsive (timers shortened by the recording settings below).
    name: 'missed-call-nudge-unresponsive',
    caller: '+15125550101',
    async drive(client, workflowId) {
      await client.workflow.getHandle(workflowId).result();
    },
  },
  {
    name: 'reply-assistant-then-stop',
    caller: '+15125550102',
    async drive(client, workflowId) {
      const handle = client.workflow.getHandle(workflowId);
      await handle.signal(missedCallSignal, { callSid: 'CA-recorded-1', dialStatus: 'no-answer' });
      await handle.signal(inboundSmsSignal, sms('SM-recorded-1', 'my water heater is leaking'));
      await pause(500);
      await handle.signal(inboundSmsSignal, sms('SM-recorded-2', 'STOP'));
      await handle.result();
    },
  },
  {
    name: 'takeover-owner-message-hand-back',
    caller: '+15125550103',
    async drive(client, workflowId) {
      const handle = client.workflow.getHandle(workflowId);
      await pause(1_000); // the owner opens the conversation after the text-back went out
      await handle.signal(takeOverSignal);
      await handle.executeUpdate(sendOwnerMessageUpdate, { args: [{ body: 'Hi, this is the owner. I can come at 3.' }] });
      await handle.signal(inboundSmsSignal, sms('SM-recorded-3', 'great, see you then'));
      await pause(300);
      await handle.signal(handBackSignal);
      await pause(500);
      await handle.signal(setLeadStatusSignal, { status: 'lost' });
      await handle.result();
    },
  },
  {
    // The assistant offers slots, the caller answers with a number, the visit passes: booked.
    name: 'offer-book-visit',
    caller: '+15125550104',
    async drive(client, workflowId) {
      const handle = client.workflow.getHandle(workflowId);
      await handle.signal(inboundSmsSignal, sms('SM-recorded-4', 'I need my water heater replaced'));
      await pause(800);
      await handle.signal(inboundSmsSignal, sms('SM-recorded-5', '1'));
      await handle.result();
    },
  },
  {
    // The caller leaves a voicemail: the text-back waits for it and says so; the transcription is
    // answered by the assistant, whose lead fields reach the read model.
    name: 'voicemail-transcript-lead-fields',
    caller: '+15125550105',
    call: { callSid: 'CA-recorded-5', dialStatus: 'no-answer', voicemailOffered: true },
    async drive(client, workflowId) {
      const handle = client.workflow.getHandle(workflowId);
      await pause(300);
      await handle.signal(voicemailSignal, { callSid: 'CA-recorded-5', recordingSid: 'RE-recorded-5', durationSeconds: 9 });
      await pause(300);
      await handle.signal(voicemailSignal, {
        callSid: 'CA-recorded-5',
        recordingSid: 'RE-recorded-5',
        durationSeconds: 9,
        transcription: 'This is Dana, the kitchen sink is leaking',
      });
      await pause(800);
      await handle.signal(inboundSmsSignal, sms('SM-recorded-6', 'STOP'));
      await handle.result();
    },
  },
];

// Activity stand-ins: a recording needs the workflow's own decisions, not real side effects.
const settings = withConversationDefaults({
  timeZone: 'UTC',
  businessName: 'Ace Plumbing',
  nudgeAfterMs: 1_000,
  unresponsiveAfterMs: 3_000,
  // UTC and quiet hours: a nudge recorded at night would be held for hours, so hours never matter here.
});
const activities = {
  openConversation: async (_input: OpenConversationInput) => ({ settings, optedOut: false, previousConversationId: null }),
  recordInboundSms: async (input: { messageSid: string }) => ({ messageId: `in-${input.messageSid}` }),
  updateConversation: async () => undefined,
  setOptOut: async () => undefined,
  closeConversation: async () => undefined,
  sendText: async (input: SendTextInput) => ({
    message: {
      id: `m-${input.seq}`,
      conversationId: input.conversationId,
      direction: 'outbound' as const,
      author: input.author,
      body: input.body,
      status: 'queued' as const,
      createdAt: new Date().toISOString(),
    },
    twilioSid: `SM-recorded-out-${input.seq}`,
    sentNow: true,
  }),
  alertOwner: async (input: { seq: number }) => ({ alertId: `a-${input.seq}` }),
  assistantTurn: async (input: { transcript: { body: string }[] }) => {
    const fromVoicemail = input.transcript.some((entry) => entry.body.startsWith('(voicemail)'));
    return {
      reply: fromVoicemail ? 'Thanks Dana! What is the address?' : 'Thanks! What is your name?',
      fields: fromVoicemail ? { callerName: 'Dana', jobDescription: 'kitchen sink leaking' } : {},
      action: 'reply' as const,
      emergency: false,
      optOut: false,
    };
  },
};

function save(name: string, history: Parameters<typeof historyToJSON>[0]) {
  mkdirSync(HISTORIES, { recursive: true });
  const file = path.join(HISTORIES, `${name}.json`);
  writeFileSync(file, `${historyToJSON(history)}\n`);
  process.stdout.write(`recorded ${path.relative(process.cwd(), file)} (${history.events?.length ?? 0} events)\n`);
}

async function recordScenarios(only?: string) {
  const chosen = only ? SCENARIOS.filter((scenario) => scenario.name === only) : SCENARIOS;
  if (chosen.length === 0) throw new Error(`no scenario named ${only}; there are: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  // Loaded here: an .mjs module, and only this mode needs a server of its own.
  const { startTemporalDevServer } = await import('./dev-server.mjs');
  const { freePort } = await import('../scripts/stack.mjs');
  const dir = mkdtempSync(path.join(tmpdir(), 'nmc-history-'));
  const server = await startTemporalDevServer({
    dbFile: path.join(dir, 'temporal.sqlite'),
    port: await freePort(),
    uiPort: await freePort(),
    logFile: path.join(dir, 'temporal.log'),
    headless: true,
  });
  try {
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const workerConnection = await NativeConnection.connect({ address: server.address });
    const workflowsPath = require.resolve('../workflows');
    const conversations = await Worker.create({
      connection: workerConnection,
      taskQueue: TASK_QUEUES.conversations,
      workflowsPath,
      activities,
    });
    const smsWorker = await Worker.create({ connection: workerConnection, taskQueue: TASK_QUEUES.sms, activities });
    const ai = await Worker.create({ connection: workerConnection, taskQueue: TASK_QUEUES.ai, activities });
    await conversations.runUntil(
      smsWorker.runUntil(
        ai.runUntil(async () => {
          for (const scenario of chosen) {
            const workflowId = conversationWorkflowId(TENANT, scenario.caller);
            await client.workflow.signalWithStart(CONVERSATION_WORKFLOW, {
              workflowId,
              taskQueue: TASK_QUEUES.conversations,
              args: [{ tenantId: TENANT, callerPhone: scenario.caller, businessPhone: BUSINESS }],
              signal: missedCallSignal,
              signalArgs: [scenario.call ?? { callSid: 'CA-recorded-1', dialStatus: 'no-answer' }],
            });
            await scenario.drive(client, workflowId);
            save(scenario.name, await client.workflow.getHandle(workflowId).fetchHistory());
          }
        }),
      ),
    );
    await workerConnection.close();
    await connection.close();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function recordOne(workflowId: string) {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  save(workflowId.replace(/[^a-zA-Z0-9-]+/g, '_'), await client.workflow.getHandle(workflowId).fetchHistory());
  await connection.close();
}

const [first, second] = process.argv.slice(2);
(first === '--scenario' ? recordScenarios(second) : first ? recordOne(first) : recordScenarios()).catch((error: unknown) => {
  process.stderr.write(`recording failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
