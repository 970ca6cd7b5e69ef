// The fake model server tests use to play "the model" (test/support/fake-openai.ts), driven by the
// real `openai` SDK as the assistant activity drives a model: every step kind must reach the SDK
// as the matching success or typed error, and requests must be recorded and matched to scripts.
import OpenAI from 'openai';
import {
  contextBlock,
  MODEL_DECISION_JSON_SCHEMA,
  modelDecisionSchema,
  type ChatMessage,
  type PromptContext,
} from '../../activities/assistant-protocol';
import { withProfileDefaults } from '../../domain/business-profile';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';

type APIError = InstanceType<typeof OpenAI.APIError>;

const context: PromptContext = {
  business: withProfileDefaults({ assistantName: 'Sam' }, { name: 'Ace Plumbing', trade: 'plumbing' }),
  hours: 'Mon 08:00-17:00',
  timeZone: 'America/Chicago',
  now: 'Thursday 2026-11-26 09:14',
  lead: {},
  returningCustomer: null,
};

/** A conversation's request as the activity builds it; `caller` stands for the caller's phone in the prompt. */
const conversation = (caller: string, said: string): ChatMessage[] => [
  { role: 'system', content: `You text for Ace Plumbing with caller ${caller}.\n${contextBlock(context)}` },
  { role: 'user', content: said },
];

const DANA = '+15125550101';
const LEE = '+15125550102';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ apiKey: 'test', baseURL: fake.baseURL, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function ask(messages: ChatMessage[], options: { timeout?: number; model?: string; client?: OpenAI } = {}) {
  return (options.client ?? client).chat.completions.create(
    {
      model: options.model ?? 'gpt-4o-mini',
      messages,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'assistant_decision', strict: true, schema: MODEL_DECISION_JSON_SCHEMA },
      },
    },
    options.timeout ? { timeout: options.timeout } : {},
  );
}

const contentOf = (completion: OpenAI.Chat.ChatCompletion) => completion.choices[0]!.message.content!;

/** The error a call failed with; fails the test if it succeeded. */
async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

test('a decision step answers a valid decision, filled with safe defaults, under the requested model', async () => {
  fake.script(DANA, [{ decision: { reply: 'What is your name?', fields: { jobDescription: 'leak' } } }]);
  const completion = await ask(conversation(DANA, 'my sink leaks'), { model: 'my-model' });
  expect(completion.model).toBe('my-model');
  expect(completion.choices[0]!.finish_reason).toBe('stop');
  expect(modelDecisionSchema.parse(JSON.parse(contentOf(completion)))).toEqual({
    reply: 'What is your name?',
    fields: { callerName: null, serviceAddress: null, jobDescription: 'leak', urgency: null, preferredTime: null },
    nextAction: 'reply',
    emergency: false,
    optOut: false,
    declineReason: null,
  });
  expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
  expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
});

test('every request is recorded with its model, messages, response format and what answered it', async () => {
  fake.script(DANA, [{ decision: {} }]);
  await ask(conversation(DANA, 'hello'));
  await ask(conversation(LEE, 'hello'));
  expect(fake.requests).toEqual([
    {
      model: 'gpt-4o-mini',
      messages: conversation(DANA, 'hello'),
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'assistant_decision', strict: true, schema: MODEL_DECISION_JSON_SCHEMA },
      },
      script: DANA,
      answeredWith: 'decision',
    },
    expect.objectContaining({ messages: conversation(LEE, 'hello'), answeredWith: 'fallback-offline' }),
  ]);
  expect(fake.requests[1]!.script).toBeUndefined();
});

test.each([
  ['malformed JSON', '{"reply": "Hi'],
  ['a JSON-looking reply', JSON.stringify({ reply: '{"price": "$5"}', nextAction: 'reply' })],
  ['prose', 'Sure! I can help with that.'],
])('a content step answers exactly the given content: %s', async (_kind, content) => {
  fake.script(DANA, [{ content }]);
  expect(contentOf(await ask(conversation(DANA, 'hi')))).toBe(content);
});

test.each<[429 | 500 | 503, abstract new (...args: never[]) => APIError]>([
  [429, OpenAI.RateLimitError],
  [500, OpenAI.InternalServerError],
  [503, OpenAI.InternalServerError],
])('a %i step reaches the SDK as its typed error, with an OpenAI-style body', async (status, type) => {
  fake.script(DANA, [{ status, message: `scripted ${status}` }]);
  const error = await failure(ask(conversation(DANA, 'hi')));
  expect(error).toBeInstanceOf(type);
  expect((error as APIError).status).toBe(status);
  expect((error as APIError).message).toMatch(`scripted ${status}`);
});

test('a 429 tells the SDK to retry at once: a retrying client gets the next step without waiting', async () => {
  fake.script(DANA, [{ status: 429 }, { decision: { reply: 'after the rate limit' } }]);
  const retrying = new OpenAI({ apiKey: 'test', baseURL: fake.baseURL, maxRetries: 1 });
  const started = Date.now();
  const completion = await ask(conversation(DANA, 'hi'), { client: retrying });
  expect(JSON.parse(contentOf(completion))).toMatchObject({ reply: 'after the rate limit' });
  expect(Date.now() - started).toBeLessThan(400); // the SDK's own back-off would be 500 ms or more
  expect(fake.requests.map((request) => request.answeredWith)).toEqual(['status', 'decision']);
});

test('a delay step answers late, with the step it wraps', async () => {
  fake.script(DANA, [{ delayMs: 150, then: { decision: { reply: 'slow but sure' } } }]);
  const started = Date.now();
  const completion = await ask(conversation(DANA, 'hi'));
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  expect(JSON.parse(contentOf(completion))).toMatchObject({ reply: 'slow but sure' });
});

// Under Jest the SDK reports its own timeout as APIConnectionError: the AbortError comes from
// Node's realm, not the test's, so its check for a timeout fails. Outside Jest the same call throws
// APIConnectionTimeoutError (a subclass), so these tests accept the base class and check the timing.
async function timedOut(call: Promise<unknown>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  expect(await failure(call)).toBeInstanceOf(OpenAI.APIConnectionError);
  const elapsed = Date.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 10);
  expect(elapsed).toBeLessThan(timeoutMs + 500);
}

test('a delay longer than the client timeout is a timeout', async () => {
  fake.script(DANA, [{ delayMs: 2_000, then: { decision: {} } }]);
  await timedOut(ask(conversation(DANA, 'hi'), { timeout: 100 }), 100);
});

test('a hang step never answers: the client times out', async () => {
  fake.script(DANA, [{ hang: true }]);
  await timedOut(ask(conversation(DANA, 'hi'), { timeout: 150 }), 150);
  expect(fake.requests.map((request) => request.answeredWith)).toEqual(['hang']);
});

test('close() drops a hanging request, so nothing waits forever', async () => {
  const own = await startFakeOpenAI();
  own.script(DANA, [{ hang: true }]);
  const hanging = failure(ask(conversation(DANA, 'hi'), { client: new OpenAI({ apiKey: 'test', baseURL: own.baseURL, maxRetries: 0 }) }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  await own.close();
  expect(await hanging).toBeInstanceOf(OpenAI.APIConnectionError);
});

test('each conversation takes the steps of the script its messages match, in order', async () => {
  fake.script(DANA, [{ decision: { reply: 'Dana 1' } }, { decision: { reply: 'Dana 2' } }]);
  fake.script(LEE, [{ decision: { reply: 'Lee 1' } }]);
  const replies = [];
  for (const [caller, said] of [
    [LEE, 'a'],
    [DANA, 'b'],
    [DANA, 'c'],
  ] as const) {
    replies.push((JSON.parse(contentOf(await ask(conversation(caller, said)))) as { reply: string }).reply);
  }
  expect(replies).toEqual(['Lee 1', 'Dana 1', 'Dana 2']);
});

test('a match may be any word in the transcript, and scripting it again appends steps', async () => {
  fake.script('zebra', [{ decision: { reply: 'first' } }]);
  fake.script('zebra', [{ decision: { reply: 'second' } }]);
  const replies = [];
  for (let i = 0; i < 2; i += 1)
    replies.push((JSON.parse(contentOf(await ask(conversation(DANA, 'a zebra ate my hose')))) as { reply: string }).reply);
  expect(replies).toEqual(['first', 'second']);
});

test('an exhausted script and an unmatched request fall back to the offline assistant', async () => {
  fake.script(DANA, [{ decision: { reply: 'scripted' } }]);
  await ask(conversation(DANA, 'hi'));
  for (const caller of [DANA, LEE]) {
    const decision = modelDecisionSchema.parse(JSON.parse(contentOf(await ask(conversation(caller, 'I smell gas in the kitchen')))));
    expect(decision).toMatchObject({ emergency: true, nextAction: 'handoff' });
    expect(decision.reply).toMatch(/Ace Plumbing/);
  }
  expect(fake.requests.map((request) => request.answeredWith)).toEqual(['decision', 'fallback-offline', 'fallback-offline']);
});

test('the offline fallback answers even a request without our context block', async () => {
  const completion = await ask([{ role: 'user', content: 'my drain is clogged' }]);
  expect(modelDecisionSchema.parse(JSON.parse(contentOf(completion)))).toMatchObject({ fields: { jobDescription: 'my drain is clogged' } });
});

test("fallback 'error' answers unscripted requests with a 500", async () => {
  const strict = await startFakeOpenAI({ fallback: 'error' });
  try {
    const strictClient = new OpenAI({ apiKey: 'test', baseURL: strict.baseURL, maxRetries: 0 });
    strict.script(DANA, [{ decision: {} }]);
    await ask(conversation(DANA, 'hi'), { client: strictClient });
    expect(await failure(ask(conversation(DANA, 'hi'), { client: strictClient }))).toBeInstanceOf(OpenAI.InternalServerError);
    expect(strict.requests.map((request) => request.answeredWith)).toEqual(['decision', 'fallback-error']);
  } finally {
    await strict.close();
  }
});

test('reset() forgets scripts and requests', async () => {
  fake.script(DANA, [{ decision: { reply: 'scripted' } }]);
  const requests = fake.requests;
  fake.reset();
  expect(JSON.parse(contentOf(await ask(conversation(DANA, 'hi'))))).not.toMatchObject({ reply: 'scripted' });
  expect(requests).toBe(fake.requests);
  expect(fake.requests).toHaveLength(1);
});

test('a malformed request is refused with a 400 and not recorded', async () => {
  const response = await fetch(`${fake.baseURL}/chat/completions`, { method: 'POST', body: '{"model":' });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  expect(fake.requests).toHaveLength(0);
});

test('it listens on 127.0.0.1 and lists a model', async () => {
  expect(fake.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  expect((await client.models.list()).data.length).toBeGreaterThan(0);
});
