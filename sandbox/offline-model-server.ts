// The offline assistant behind an OpenAI-compatible HTTP API, so sandbox mode runs the real
// `openai` SDK code path: POST /openai/v1/chat/completions answers offlineDecision() as the
// structured-output JSON a model would give, GET /openai/v1/models lists the one model. It is
// served by the sandbox process on the emulator's port (sandbox/main.ts); point the worker's
// OPENAI_BASE_URL at `<sandbox url>/openai/v1`. The building blocks are exported for the fake
// model server in tests (test/support/fake-openai.ts).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { z } from 'zod';
import { OFFLINE_MODEL, readPromptContext, type ChatMessage, type PromptContext } from '../activities/assistant-protocol';
import { ASSISTANT_TONES } from '../domain/business-profile';
import { offlineDecision } from './offline-assistant';

export const OFFLINE_MODEL_PATH = '/openai/v1';
/** Far above any prompt we build (a bounded transcript), far below what could hurt the process. */
export const MAX_REQUEST_BYTES = 1_000_000;

// ---- The request ----

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
const requestMessage = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
});
const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().min(1),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

/** What we read of a chat completion request; everything else an SDK may send is accepted and ignored. */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(requestMessage).min(1),
  response_format: responseFormat.optional(),
  stream: z.literal(false).nullish(),
  n: z.literal(1).nullish(),
});

export interface ChatCompletionRequest {
  model: string;
  /** The messages as plain text turns (developer → system; tool turns left out). */
  messages: ChatMessage[];
  response_format: unknown;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; param: string | null };

export function parseChatCompletionRequest(body: unknown): Parsed<ChatCompletionRequest> {
  const parsed = chatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.length > 0 ? issue.path.join('.') : null;
    const hint = param === 'stream' ? 'streaming is not supported here' : param === 'n' ? 'only n=1 is supported here' : issue.message;
    return { ok: false, message: `Invalid request${param ? ` at '${param}'` : ''}: ${hint}`, param };
  }
  const messages: ChatMessage[] = parsed.data.messages
    .filter((message) => message.role !== 'tool')
    .map((message) => ({
      role: message.role === 'developer' ? 'system' : (message.role as ChatMessage['role']),
      content: typeof message.content === 'string' ? message.content : (message.content ?? []).map((part) => part.text ?? '').join(''),
    }));
  return { ok: true, value: { model: parsed.data.model, messages, response_format: parsed.data.response_format } };
}

// What the offline assistant reads of the context; other keys are allowed so the protocol can grow.
const promptContextSchema = z.looseObject({
  business: z.looseObject({
    name: z.string(),
    trade: z.string(),
    jobsTaken: z.array(z.string()),
    jobsDeclined: z.array(z.string()),
    serviceArea: z.looseObject({ description: z.string(), zipCodes: z.array(z.string()), cities: z.array(z.string()) }),
    assistantName: z.string(),
    tone: z.enum(ASSISTANT_TONES),
    priceBook: z.array(z.looseObject({ service: z.string(), price: z.string(), note: z.string().optional() })),
  }),
  hours: z.string(),
  timeZone: z.string(),
  now: z.string(),
  lead: z.looseObject({
    callerName: z.string().optional(),
    serviceAddress: z.string().optional(),
    jobDescription: z.string().optional(),
    urgency: z.enum(['emergency', 'soon', 'flexible']).optional(),
    preferredTime: z.string().optional(),
  }),
  returningCustomer: z
    .looseObject({ name: z.string().optional(), lastJob: z.string().optional(), previousConversations: z.number() })
    .nullable(),
});

/** The <conversation-context> of the first system message, checked; undefined when there is none. */
export function promptContextOf(messages: ChatMessage[]): Parsed<PromptContext> | undefined {
  const system = messages.find((message) => message.role === 'system');
  const context = system ? readPromptContext(system.content) : undefined;
  if (context === undefined) return undefined;
  const parsed = promptContextSchema.safeParse(context);
  if (parsed.success) return { ok: true, value: parsed.data as PromptContext };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `Invalid <conversation-context> at '${issue.path.join('.')}': ${issue.message}`, param: 'messages' };
}

// ---- The answer ----

/** About four characters a token, as for English text with OpenAI's tokenizers. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export function chatCompletion(model: string, messages: ChatMessage[], content: string) {
  const promptTokens = estimateTokens(messages.map((message) => message.content).join('\n'));
  const completionTokens = estimateTokens(content);
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion' as const,
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: null,
    choices: [
      { index: 0, message: { role: 'assistant' as const, content, refusal: null }, logprobs: null, finish_reason: 'stop' as const },
    ],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

export function modelList(ids: string[]) {
  return { object: 'list' as const, data: ids.map((id) => ({ id, object: 'model' as const, created: 0, owned_by: 'nevermisscall' })) };
}

/** OpenAI's error body, which its SDK turns into a typed APIError. */
export function openAIError(message: string, type = 'invalid_request_error', code: string | null = null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export class RequestBodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON body; a body too large is read to its end (keep-alive stays usable) but not kept. */
export async function readJsonBody(request: IncomingMessage, limit = MAX_REQUEST_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw new RequestBodyError(413, `Request body is larger than ${limit} bytes.`);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestBodyError(400, 'We could not parse the JSON body of your request: expected a JSON object.');
  }
}

// ---- The handler ----

export interface OfflineModelOptions {
  log?: Logger;
  /** Where the API is served; the client's baseURL is the server's origin plus this. */
  basePath?: string;
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Answers requests under `basePath` and returns true; returns false at once (nothing read) for any
 * other path, so the caller serves it.
 */
export function createOfflineModelHandler({
  log = pino({ level: 'silent' }),
  basePath = OFFLINE_MODEL_PATH,
}: OfflineModelOptions = {}): RequestHandler {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== basePath && !path.startsWith(`${basePath}/`)) return false;
    serve(request, response, basePath, path.slice(basePath.length) || '/', log).catch((error: unknown) => {
      log.error({ error: (error as Error).message }, 'offline model request failed');
      if (!response.headersSent) sendJson(response, 500, openAIError('The offline assistant failed on this request.', 'server_error'));
      else response.destroy();
    });
    return true;
  };
}

async function serve(request: IncomingMessage, response: ServerResponse, basePath: string, route: string, log: Logger): Promise<void> {
  const method = request.method ?? 'GET';
  if (route === '/chat/completions') {
    if (method !== 'POST')
      return sendJson(response, 405, openAIError(`Use POST for ${route}.`, 'invalid_request_error', 'method_not_allowed'));
    return completeChat(request, response, log);
  }
  if (route === '/models' || route === `/models/${OFFLINE_MODEL}`) {
    if (method !== 'GET')
      return sendJson(response, 405, openAIError(`Use GET for ${route}.`, 'invalid_request_error', 'method_not_allowed'));
    return sendJson(response, 200, route === '/models' ? modelList([OFFLINE_MODEL]) : modelList([OFFLINE_MODEL]).data[0]);
  }
  if (route.startsWith('/models/')) {
    return sendJson(
      response,
      404,
      openAIError(`The model '${route.slice(8)}' does not exist.`, 'invalid_request_error', 'model_not_found'),
    );
  }
  sendJson(response, 404, openAIError(`Unknown request URL: ${method} ${basePath}${route}.`, 'invalid_request_error', 'unknown_url'));
}

async function completeChat(request: IncomingMessage, response: ServerResponse, log: Logger): Promise<void> {
  let body: unknown;
  try {
    body = await readJsonBody(request);
  } catch (error) {
    if (!(error instanceof RequestBodyError)) throw error;
    return sendJson(response, error.status, openAIError(error.message));
  }
  const parsed = parseChatCompletionRequest(body);
  if (!parsed.ok) return sendJson(response, 400, openAIError(parsed.message, 'invalid_request_error', null, parsed.param));
  const context = promptContextOf(parsed.value.messages);
  if (!context) {
    const message =
      'The first system message has no <conversation-context> block: the offline assistant answers only the NeverMissCall assistant protocol.';
    return sendJson(response, 400, openAIError(message, 'invalid_request_error', null, 'messages'));
  }
  if (!context.ok) return sendJson(response, 400, openAIError(context.message, 'invalid_request_error', null, context.param));
  const decision = offlineDecision(context.value, parsed.value.messages);
  log.debug({ nextAction: decision.nextAction, requestedModel: parsed.value.model }, 'offline assistant answered');
  sendJson(response, 200, chatCompletion(OFFLINE_MODEL, parsed.value.messages, JSON.stringify(decision)));
}

/** Puts the handler in front of whatever `server` already serves. */
export function mountOfflineModel(server: Server, options?: OfflineModelOptions): void {
  const handle = createOfflineModelHandler(options);
  const existing = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (handle(request, response)) return;
    for (const listener of existing) listener.call(server, request, response);
  });
}

/** The offline assistant alone on its own port (127.0.0.1 and a free port by default), e.g. for a script or an eval. */
export async function serveOfflineModel(
  options: OfflineModelOptions & { port?: number; host?: string } = {},
): Promise<{ baseURL: string; close(): Promise<void> }> {
  const { port = 0, host = '127.0.0.1', ...handlerOptions } = options;
  const handle = createOfflineModelHandler(handlerOptions);
  const basePath = handlerOptions.basePath ?? OFFLINE_MODEL_PATH;
  const server = createServer((request, response) => {
    if (!handle(request, response))
      sendJson(response, 404, openAIError(`Not found: the API is under ${basePath}.`, 'invalid_request_error', 'unknown_url'));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    baseURL: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${basePath}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
