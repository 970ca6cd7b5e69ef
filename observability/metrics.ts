// The product's Prometheus metrics (docs/decisions/0024-metrics-and-traces.md): one registry per
// process kind, served at /metrics by the api (api/app.ts) and the worker (observability/worker-metrics.ts).
// Label values come from small fixed sets only (routes as templates, outcomes, Twilio error codes):
// never a tenant, a phone number, a business name or a conversation id. The functions below are
// the only way values get in, and each maps what it is given onto its fixed set.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The api's metrics: requests, webhooks, missed calls, delivery reports, live sockets. */
export const apiRegistry = new Registry();
/** The worker's metrics: texts, the assistant, opt-outs (the Temporal SDK's own are added at scrape). */
export const workerRegistry = new Registry();

/** Node's process metrics (CPU, memory, event loop, GC) on a process's registry; once per process. */
export function collectProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
}

// ---- api --------------------------------------------------------------------------------------

const httpRequests = new Counter({
  name: 'nmc_http_requests_total',
  help: 'HTTP requests answered by the api, by method, route template (never the raw path) and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [apiRegistry],
});

const httpDuration = new Histogram({
  name: 'nmc_http_request_duration_seconds',
  help: 'Time the api took to answer a request, by method, route template and status class (2xx, 4xx, ...).',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [apiRegistry],
});

const webhooks = new Counter({
  name: 'nmc_webhooks_total',
  help: "Twilio webhooks by kind (voice, dial_result, sms, status, ...) and outcome: accepted (a new event stored), duplicate (Twilio's retry of one stored before), answered (nothing to store), forbidden (bad signature), invalid, not_found, error.",
  labelNames: ['kind', 'outcome'] as const,
  registers: [apiRegistry],
});

const missedCalls = new Counter({
  name: 'nmc_missed_calls_total',
  help: 'Missed calls to business numbers, once per call: textable (a text-back follows) or withheld (no caller ID to text).',
  labelNames: ['caller'] as const,
  registers: [apiRegistry],
});

const deliveryReports = new Counter({
  name: 'nmc_sms_delivery_reports_total',
  help: "Twilio's delivery reports for texts we sent, by status and Twilio error code ('none' without one).",
  labelNames: ['status', 'twilio_code'] as const,
  registers: [apiRegistry],
});

const liveSockets = new Gauge({
  name: 'nmc_live_sockets',
  help: 'Dashboard Socket.IO connections open on this api process.',
  registers: [apiRegistry],
});

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Any other method a client sends is one label value, not one per invented method. */
export const methodLabel = (method: string) => (METHODS.has(method) ? method : 'OTHER');

export function observeHttpRequest(request: { method: string; route: string; status: number; seconds: number }): void {
  const method = methodLabel(request.method);
  const status = Number.isInteger(request.status) && request.status >= 100 && request.status <= 599 ? request.status : 500;
  httpRequests.inc({ method, route: request.route, status: String(status) });
  httpDuration.observe({ method, route: request.route, status_class: `${Math.floor(status / 100)}xx` }, request.seconds);
}

export type WebhookOutcome = 'accepted' | 'duplicate' | 'answered' | 'forbidden' | 'invalid' | 'not_found' | 'error';

export function countWebhook(kind: string, outcome: WebhookOutcome): void {
  webhooks.inc({ kind, outcome });
}

export function countMissedCall(caller: 'textable' | 'withheld'): void {
  missedCalls.inc({ caller });
}

export function countDeliveryReport(status: string, errorCode: number | undefined): void {
  deliveryReports.inc({ status, twilio_code: twilioCodeLabel(errorCode) });
}

export function liveSocketOpened(): void {
  liveSockets.inc();
}

export function liveSocketClosed(): void {
  liveSockets.dec();
}

/** Twilio's error codes are five digits from a documented list: anything else is 'other'. */
export function twilioCodeLabel(code: unknown): string {
  if (code === undefined || code === null) return 'none';
  return typeof code === 'number' && Number.isInteger(code) && code >= 10_000 && code <= 99_999 ? String(code) : 'other';
}

// ---- worker -----------------------------------------------------------------------------------

const timeToFirstText = new Histogram({
  name: 'nmc_time_to_first_text_seconds',
  help: "From a missed call reaching the api to Twilio accepting the first text to that caller after it (the product's promise: seconds).",
  buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60, 120, 300, 900, 3600],
  registers: [workerRegistry],
});

const sends = new Counter({
  name: 'nmc_sms_sends_total',
  help: "Texts to callers by outcome (sent: Twilio accepted it now; already_sent: an earlier attempt had; failed) and Twilio error code ('none' without one).",
  labelNames: ['outcome', 'twilio_code'] as const,
  registers: [workerRegistry],
});

const optOuts = new Counter({
  name: 'nmc_opt_outs_total',
  help: 'Callers opting out (STOP) or back in (START), as the conversation recorded them.',
  labelNames: ['change'] as const,
  registers: [workerRegistry],
});

const turnDuration = new Histogram({
  name: 'nmc_assistant_turn_duration_seconds',
  help: "Time an assistant turn took, from the activity's start to its decision (reading the business, every model call, the address check), by outcome (ok, or fallback).",
  labelNames: ['outcome'] as const,
  buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 45, 75],
  registers: [workerRegistry],
});

const turns = new Counter({
  name: 'nmc_assistant_turns_total',
  help: 'Assistant turns by outcome: ok, or fallback (no valid answer from the model in time).',
  labelNames: ['outcome'] as const,
  registers: [workerRegistry],
});

const tokens = new Counter({
  name: 'nmc_assistant_tokens_total',
  help: 'Model tokens used by assistant turns, by kind (prompt, completion), as the model reported them.',
  labelNames: ['kind'] as const,
  registers: [workerRegistry],
});

const modelFailures = new Counter({
  name: 'nmc_assistant_model_failures_total',
  help: 'Model calls that gave no usable answer, by reason (timeout, model_error, invalid_output, budget_spent, other); a turn retries them up to its limit.',
  labelNames: ['reason'] as const,
  registers: [workerRegistry],
});

export function observeTimeToFirstText(seconds: number): void {
  if (Number.isFinite(seconds) && seconds >= 0) timeToFirstText.observe(seconds);
}

export function countSend(outcome: 'sent' | 'already_sent' | 'failed', twilioCode?: unknown): void {
  sends.inc({ outcome, twilio_code: twilioCodeLabel(twilioCode) });
}

export function countOptOut(optedOut: boolean): void {
  optOuts.inc({ change: optedOut ? 'stop' : 'start' });
}

export function observeAssistantTurn(
  turn: { outcome: 'ok' | 'fallback'; usage: { promptTokens: number; completionTokens: number }; errors: string[] },
  seconds: number,
): void {
  turns.inc({ outcome: turn.outcome });
  turnDuration.observe({ outcome: turn.outcome }, seconds);
  tokens.inc({ kind: 'prompt' }, Math.max(0, turn.usage.promptTokens));
  tokens.inc({ kind: 'completion' }, Math.max(0, turn.usage.completionTokens));
  for (const error of turn.errors) modelFailures.inc({ reason: modelFailureReason(error) });
}

/** The reasons activities/assistant-model.ts records for a model call that failed, as a fixed set. */
export function modelFailureReason(error: string): string {
  if (error.startsWith('invalid output')) return 'invalid_output';
  if (error === 'turn budget spent') return 'budget_spent';
  if (/timed? ?out/i.test(error)) return 'timeout';
  if (error.startsWith('model error')) return 'model_error';
  return 'other';
}

/** Every label of both registries present from the start, so a scrape shows each series at 0 before its first event. */
export function initialiseSeries(): void {
  for (const caller of ['textable', 'withheld']) missedCalls.inc({ caller }, 0);
  for (const kind of ['prompt', 'completion']) tokens.inc({ kind }, 0);
  for (const outcome of ['ok', 'fallback']) turns.inc({ outcome }, 0);
  for (const change of ['stop', 'start']) optOuts.inc({ change }, 0);
}
