// The offline assistant over HTTP, driven by the real `openai` SDK exactly as the assistant activity
// calls a model: if the completion shape, the error shape or the structured output drifted from
// what the SDK and modelDecisionSchema expect, these tests notice.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import {
  contextBlock,
  MODEL_DECISION_JSON_SCHEMA,
  modelDecisionSchema,
  OFFLINE_MODEL,
  transcriptMessages,
  type ChatMessage,
  type PromptContext,
} from '../activities/assistant-protocol';
import { withProfileDefaults } from '../domain/business-profile';
import type { LeadFields, TranscriptEntry } from '../contracts/conversation-workflow';
import { createOfflineModelHandler, mountOfflineModel, OFFLINE_MODEL_PATH, serveOfflineModel } from './offline-model-server';
import { createTwilioEmulator } from './twilio-emulator';

const context = (lead: LeadFields = {}): PromptContext => ({
  business: withProfileDefaults(
    {
      assistantName: 'Sam',
      priceBook: [{ service: 'Drain cleaning', price: '$149' }],
      serviceArea: { description: 'Austin', zipCodes: ['78701'], cities: [] },
    },
    { name: 'Ace Plumbing', trade: 'plumbing' },
  ),
  hours: 'Mon 08:00-17:00',
  timeZone: 'America/Chicago',
  now: 'Thursday 2026-11-26 09:14',
  lead,
  returningCustomer: null,
});

/** The messages the assistant activity sends: a system prompt carrying the context, then the transcript. */
function promptMessages(lead: LeadFields, transcript: TranscriptEntry[]): ChatMessage[] {
  return [
    { role: 'system', content: `You are Sam, texting for Ace Plumbing.\n${contextBlock(context(lead))}` },
    ...transcriptMessages(transcript),
  ];
}

const entry = (author: TranscriptEntry['author'], body: string): TranscriptEntry => ({ author, body, at: '2026-11-26T15:00:00Z' });

function ask(client: OpenAI, messages: ChatMessage[]) {
  return client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages,
    response_format: { type: 'json_schema', json_schema: { name: 'assistant_decision', strict: true, schema: MODEL_DECISION_JSON_SCHEMA } },
  });
}

let server: Server;
let origin: string;
let client: OpenAI;

beforeAll(async () => {
  const handle = createOfflineModelHandler();
  server = createServer((request, response) => {
    if (handle(request, response)) return;
    response.writeHead(418).end('not the model');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new OpenAI({ apiKey: 'sandbox', baseURL: `${origin}${OFFLINE_MODEL_PATH}`, maxRetries: 0 });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('the SDK gets a standard chat completion whose content is a valid decision', async () => {
  const completion = await ask(
    client,
    promptMessages({}, [entry('assistant', 'Sorry we missed your call!'), entry('caller', 'my drain is clogged')]),
  );
  expect(completion).toMatchObject({ object: 'chat.completion', model: OFFLINE_MODEL });
  expect(completion.choices).toHaveLength(1);
  expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant' } });
  const decision = modelDecisionSchema.parse(JSON.parse(completion.choices[0]!.message.content!));
  expect(decision).toMatchObject({ nextAction: 'reply', fields: { jobDescription: 'my drain is clogged' } });
  const usage = completion.usage!;
  expect(usage.prompt_tokens).toBeGreaterThan(50);
  expect(usage.completion_tokens).toBeGreaterThan(10);
  expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
});

test('a caller is qualified turn by turn over HTTP, ending with slots offered', async () => {
  const transcript = [entry('assistant', 'Ace Plumbing: sorry we missed your call! Reply STOP to opt out.')];
  let lead: LeadFields = {};
  const actions: string[] = [];
  for (const body of ['my kitchen sink is leaking', 'Dana Smith', '12 Oak Street, Austin']) {
    transcript.push(entry('caller', body));
    const completion = await ask(client, promptMessages(lead, transcript));
    const decision = modelDecisionSchema.parse(JSON.parse(completion.choices[0]!.message.content!));
    actions.push(decision.nextAction);
    lead = { ...lead, ...Object.fromEntries(Object.entries(decision.fields).filter(([, value]) => value !== null)) };
    transcript.push(entry('assistant', decision.reply));
  }
  expect(actions).toEqual(['reply', 'reply', 'offer_slots']);
  expect(lead).toMatchObject({
    callerName: 'Dana Smith',
    serviceAddress: '12 Oak Street, Austin',
    jobDescription: 'my kitchen sink is leaking',
  });
});

test('system notes and owner texts reach the rules as the protocol marks them', async () => {
  const transcript = [entry('caller', 'my drain is clogged'), entry('owner', 'On my way later'), entry('system', 'owner handed back')];
  const completion = await ask(client, promptMessages({}, transcript));
  expect(JSON.parse(completion.choices[0]!.message.content!)).toMatchObject({ fields: { jobDescription: 'my drain is clogged' } });
});

test('the model list names the offline model', async () => {
  const models = await client.models.list();
  expect(models.data.map((model) => model.id)).toEqual([OFFLINE_MODEL]);
  expect(await client.models.retrieve(OFFLINE_MODEL)).toMatchObject({ id: OFFLINE_MODEL, object: 'model' });
});

const validBody = () => ({ model: 'm', messages: promptMessages({}, [entry('caller', 'hi')]) });

test.each<[string, string, number, RegExp]>([
  ['broken JSON', '{"model": "m", "messages": [', 400, /could not parse the JSON body/],
  ['a JSON array, not an object', '[]', 400, /Invalid request/],
  ['no model', JSON.stringify({ messages: validBody().messages }), 400, /'model'/],
  ['no messages', JSON.stringify({ model: 'm', messages: [] }), 400, /'messages'/],
  ['a message with an unknown role', JSON.stringify({ model: 'm', messages: [{ role: 'robot', content: 'x' }] }), 400, /'messages.0.role'/],
  ['streaming asked for', JSON.stringify({ ...validBody(), stream: true }), 400, /streaming is not supported/],
  ['several choices asked for', JSON.stringify({ ...validBody(), n: 3 }), 400, /only n=1/],
  ['an unknown response format', JSON.stringify({ ...validBody(), response_format: { type: 'xml' } }), 400, /'response_format.type'/],
  [
    'no context block in the system prompt',
    JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    400,
    /no <conversation-context> block/,
  ],
  [
    'a context block without a business',
    JSON.stringify({ model: 'm', messages: [{ role: 'system', content: '<conversation-context>\n{"now":"x"}\n</conversation-context>' }] }),
    400,
    /Invalid <conversation-context> at 'business'/,
  ],
  ['a body over 1 MB', JSON.stringify({ ...validBody(), padding: 'x'.repeat(1_100_000) }), 413, /larger than/],
])('a malformed request is refused with an OpenAI-style error: %s', async (_behaviour, body, status, message) => {
  const response = await fetch(`${origin}${OFFLINE_MODEL_PATH}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(response.status).toBe(status);
  const answer = (await response.json()) as { error: { message: string; type: string } };
  expect(answer.error.type).toBe('invalid_request_error');
  expect(answer.error.message).toMatch(message);
});

test('the SDK surfaces a refused request as a BadRequestError', async () => {
  await expect(ask(client, [{ role: 'user', content: 'no context here' }])).rejects.toBeInstanceOf(OpenAI.BadRequestError);
});

test.each<[string, string, string, number]>([
  ['an unknown path under the API', 'GET', '/embeddings', 404],
  ['a wrong method', 'GET', '/chat/completions', 405],
  ['an unknown model', 'GET', '/models/gpt-5', 404],
])('%s answers an OpenAI-style error', async (_behaviour, method, path, status) => {
  const response = await fetch(`${origin}${OFFLINE_MODEL_PATH}${path}`, { method });
  expect(response.status).toBe(status);
  expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
});

test('paths outside /openai/v1 are left to the server it is mounted on', async () => {
  for (const path of ['/', '/sandbox/sms', '/openai/v10/models', '/openai']) {
    const response = await fetch(`${origin}${path}`);
    expect(response.status).toBe(418);
  }
});

test('mountOfflineModel puts the API in front of an existing server', async () => {
  const existing = createServer((_request, response) => response.writeHead(200).end('existing'));
  mountOfflineModel(existing);
  await new Promise<void>((resolve) => existing.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(existing.address() as AddressInfo).port}`;
  try {
    expect(await (await fetch(`${url}/anything`)).text()).toBe('existing');
    const mounted = new OpenAI({ apiKey: 'sandbox', baseURL: `${url}${OFFLINE_MODEL_PATH}`, maxRetries: 0 });
    expect((await mounted.models.list()).data[0]!.id).toBe(OFFLINE_MODEL);
  } finally {
    existing.closeAllConnections();
    await new Promise((resolve) => existing.close(resolve));
  }
});

test('serveOfflineModel runs it alone on a free 127.0.0.1 port', async () => {
  const alone = await serveOfflineModel();
  try {
    expect(alone.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openai\/v1$/);
    const completion = await ask(
      new OpenAI({ apiKey: 'sandbox', baseURL: alone.baseURL, maxRetries: 0 }),
      promptMessages({}, [entry('caller', 'hi')]),
    );
    expect(completion.model).toBe(OFFLINE_MODEL);
  } finally {
    await alone.close();
  }
});

test('the sandbox process serves it on the Twilio emulator port, beside the emulator', async () => {
  const emulator = createTwilioEmulator({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'token', alsoServe: createOfflineModelHandler() });
  const url = await emulator.listen(0);
  try {
    const sandbox = new OpenAI({ apiKey: 'sandbox', baseURL: `${url}${OFFLINE_MODEL_PATH}`, maxRetries: 0 });
    const completion = await ask(sandbox, promptMessages({}, [entry('caller', 'I smell gas in the kitchen')]));
    expect(modelDecisionSchema.parse(JSON.parse(completion.choices[0]!.message.content!))).toMatchObject({
      emergency: true,
      nextAction: 'handoff',
    });
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
  } finally {
    await emulator.close();
  }
});
