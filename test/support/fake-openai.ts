// A scriptable OpenAI-compatible server for tests: the app talks to it through the real `openai`
// SDK (OPENAI_BASE_URL = fake.baseURL), and each test decides what "the model" answers for its
// own conversation — a decision, raw content, an HTTP error, latency or no answer at all — while
// requests no script claims get the offline assistant's answer (or an error).
//
//   const fake = await startFakeOpenAI();
//   fake.script('+15125550142', [{ status: 429 }, { decision: { reply: 'Hi!', nextAction: 'reply' } }]);
//   ... drive the conversation ...
//   expect(fake.requests).toHaveLength(2);
//   await fake.close();
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OFFLINE_MODEL, type ChatMessage, type ModelDecision, type PromptContext } from '../../activities/assistant-protocol';
import { withProfileDefaults } from '../../domain/business-profile';
import { offlineDecision } from '../../sandbox/offline-assistant';
import {
  chatCompletion,
  modelList,
  openAIError,
  parseChatCompletionRequest,
  promptContextOf,
  readJsonBody,
  RequestBodyError,
  sendJson,
} from '../../sandbox/offline-model-server';

/** A decision with any key left out filled with a safe default ("reply", nothing learned, no flags). */
export type FakeDecision = Partial<Omit<ModelDecision, 'fields'>> & { fields?: Partial<ModelDecision['fields']> };

export type FakeStep =
  /** A valid completion whose content is this decision as JSON. */
  | { decision: FakeDecision }
  /** A completion with exactly this content (malformed JSON, a JSON-looking reply, prose...). */
  | { content: string }
  /** An OpenAI-style error; 429 says retry-after-ms: 0 so a retrying SDK does not wait. */
  | { status: 429 | 500 | 503; message?: string }
  /** Waits, then answers with `then` (unless the client gave up first). */
  | { delayMs: number; then: FakeStep }
  /** Never answers; the connection is dropped by close(). */
  | { hang: true };

export interface RecordedRequest {
  model: string;
  messages: ChatMessage[];
  response_format: unknown;
  /** The script that answered it; undefined when the fallback did. */
  script?: string;
  /** What answered: a step kind, or the fallback. */
  answeredWith: 'decision' | 'content' | 'status' | 'delay' | 'hang' | 'fallback-offline' | 'fallback-error';
}

export interface FakeOpenAIOptions {
  /** What answers a request no script claims: the offline assistant (default) or a 500 error. */
  fallback?: 'offline' | 'error';
}

export interface FakeOpenAI {
  /** Give it to the SDK (or OPENAI_BASE_URL): http://127.0.0.1:<port>/v1 */
  readonly baseURL: string;
  /**
   * Requests whose messages contain `match` (anywhere: system prompt or transcript) take the next
   * step, in order. Scripts are tried in the order they were added, skipping those with no step
   * left; scripting the same `match` again appends steps.
   */
  script(match: string, steps: FakeStep[]): void;
  /** Every well-formed request, oldest first (malformed ones are answered 400 and not recorded). */
  readonly requests: RecordedRequest[];
  /** Forgets scripts and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const SAFE_DECISION: ModelDecision = {
  reply: 'Thanks for your message! What can we help you with?',
  fields: { callerName: null, serviceAddress: null, jobDescription: null, urgency: null, preferredTime: null },
  nextAction: 'reply',
  emergency: false,
  optOut: false,
  declineReason: null,
};

export function fakeDecision(partial: FakeDecision = {}): ModelDecision {
  return { ...SAFE_DECISION, ...partial, fields: { ...SAFE_DECISION.fields, ...partial.fields } };
}

/** For requests without our context block: a business with nothing but defaults. */
const DEFAULT_CONTEXT: PromptContext = {
  business: withProfileDefaults(undefined, { name: 'the business', trade: 'home services' }),
  hours: '',
  timeZone: 'UTC',
  now: '',
  lead: {},
  returningCustomer: null,
};

const ERRORS: Record<429 | 500 | 503, { message: string; type: string; code: string | null }> = {
  429: { message: 'Rate limit reached for requests. Please try again later.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request.', type: 'server_error', code: null },
  503: { message: 'The model is currently overloaded. Please try again later.', type: 'server_error', code: 'overloaded' },
};

const BASE_PATH = '/v1';

function stepKind(step: FakeStep): RecordedRequest['answeredWith'] {
  if ('decision' in step) return 'decision';
  if ('content' in step) return 'content';
  if ('status' in step) return 'status';
  if ('delayMs' in step) return 'delay';
  return 'hang';
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const fallback = options.fallback ?? 'offline';
  const scripts: { match: string; steps: FakeStep[] }[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const hanging = new Set<ServerResponse>();

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function nextStep(messages: ChatMessage[]): { match: string; step: FakeStep } | undefined {
    const text = messages.map((message) => message.content).join('\n');
    const script = scripts.find((candidate) => candidate.steps.length > 0 && text.includes(candidate.match));
    const step = script?.steps.shift();
    return script && step ? { match: script.match, step } : undefined;
  }

  async function answer(response: ServerResponse, step: FakeStep, model: string, messages: ChatMessage[]): Promise<void> {
    if (response.destroyed || response.writableEnded) return; // the client gave up (an SDK timeout)
    if ('hang' in step) {
      hanging.add(response);
      response.once('close', () => hanging.delete(response));
      return;
    }
    if ('delayMs' in step) {
      await wait(step.delayMs);
      return answer(response, step.then, model, messages);
    }
    if ('status' in step) {
      const error = ERRORS[step.status];
      return sendJson(
        response,
        step.status,
        openAIError(step.message ?? error.message, error.type, error.code),
        step.status === 429 ? { 'retry-after-ms': '0' } : {},
      );
    }
    const content = 'content' in step ? step.content : JSON.stringify(fakeDecision(step.decision));
    sendJson(response, 200, chatCompletion(model, messages, content));
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const handled = (async () => {
      if (request.method === 'GET' && path === `${BASE_PATH}/models`) return sendJson(response, 200, modelList([OFFLINE_MODEL]));
      if (request.method !== 'POST' || path !== `${BASE_PATH}/chat/completions`) {
        return sendJson(
          response,
          404,
          openAIError(`Unknown request URL: ${request.method} ${path}.`, 'invalid_request_error', 'unknown_url'),
        );
      }
      let body: unknown;
      try {
        body = await readJsonBody(request);
      } catch (error) {
        if (error instanceof RequestBodyError) return sendJson(response, error.status, openAIError(error.message));
        throw error;
      }
      const parsed = parseChatCompletionRequest(body);
      if (!parsed.ok) return sendJson(response, 400, openAIError(parsed.message, 'invalid_request_error', null, parsed.param));
      const { model, messages, response_format } = parsed.value;
      const scripted = nextStep(messages);
      if (scripted) {
        requests.push({ model, messages, response_format, script: scripted.match, answeredWith: stepKind(scripted.step) });
        return answer(response, scripted.step, model, messages);
      }
      requests.push({ model, messages, response_format, answeredWith: fallback === 'offline' ? 'fallback-offline' : 'fallback-error' });
      if (fallback === 'error') {
        return sendJson(response, 500, openAIError('fake-openai: no script step for this request.', 'server_error', 'fake_unscripted'));
      }
      const context = promptContextOf(messages);
      const decision = offlineDecision(context?.ok ? context.value : DEFAULT_CONTEXT, messages);
      sendJson(response, 200, chatCompletion(model, messages, JSON.stringify(decision)));
    })();
    handled.catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, openAIError(`fake-openai failed: ${(error as Error).message}`, 'server_error'));
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE_PATH}`;

  return {
    baseURL,
    requests,
    script(match, steps) {
      if (match === '') throw new Error('fake-openai: a script needs a non-empty match string');
      const existing = scripts.find((script) => script.match === match);
      if (existing) existing.steps.push(...steps);
      else scripts.push({ match, steps: [...steps] });
    },
    reset() {
      scripts.length = 0;
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const response of hanging) response.destroy();
      hanging.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
